import KibaruCore
import Testing

/// The reader's search syntax, read the same way for every store.
@Suite struct SearchExpressionTests {
    typealias Term = SearchExpression.Term

    @Test func wordsPhrasesExclusionsAndPrefixes() throws {
        let expression = try SearchExpression(parsing: #"  mali "forces armées" -russie dipl* « Assimi Goïta » -"wagner group"  "#)
        #expect(expression.terms == [
            Term(words: ["mali"]), Term(words: ["forces", "armées"], isQuoted: true),
            Term(words: ["russie"], isExcluded: true), Term(words: ["dipl"], isPrefix: true),
            Term(words: ["Assimi", "Goïta"], isQuoted: true), Term(words: ["wagner", "group"], isExcluded: true, isQuoted: true),
        ])
        #expect(expression.wanted.map(\.words) == [["mali"], ["forces", "armées"], ["dipl"], ["Assimi", "Goïta"]])
        #expect(expression.excluded.map(\.words) == [["russie"], ["wagner", "group"]])
    }

    @Test func apostrophesAndHyphensJoinWordsIntoOnePhrase() throws {
        let expression = try SearchExpression(parsing: "l'économie Sahel-Sahara aujourd’hui")
        #expect(expression.terms.map(\.words) == [["l", "économie"], ["Sahel", "Sahara"], ["aujourd", "hui"]])
    }

    @Test func signsAreSeparatorsNeverSyntax() throws {
        let expression = try SearchExpression(parsing: "NEAR(riz prix) title:riz {riz} ^riz riz+prix")
        #expect(expression.terms.map(\.words) == [["NEAR", "riz"], ["prix"], ["title", "riz"], ["riz"], ["riz"], ["riz", "prix"]])
        #expect(expression.terms.allSatisfy { !$0.isPrefix && !$0.isExcluded })
    }

    @Test func aPrefixOfFewerThanThreeLettersIsAWord() throws {
        #expect(try SearchExpression(parsing: "ma*").terms == [Term(words: ["ma"])])
        #expect(try SearchExpression(parsing: "mal*").terms == [Term(words: ["mal"], isPrefix: true)])
        #expect(try SearchExpression(parsing: "\"fin du\"*").terms == [Term(words: ["fin", "du"], isQuoted: true)])
    }

    @Test(arguments: [
        ("", SearchError.empty), (" \n\t ", .empty), ("*** ---", .empty),
        ("\"Goïta", .unclosedQuote), ("« Goïta", .unclosedQuote),
        ("-armée -\"forces spéciales\"",
         .onlyExclusions),
        (String(repeating: "mot ", count: 51), .tooLong(200)), ("a b c d e f g h i j k l m", .tooManyTerms(12)),
    ] as [(String, SearchError)])
    func refusesWhatItCannotRead(_ text: String, _ expected: SearchError) {
        #expect(throws: expected) { try SearchExpression(parsing: text) }
    }

    @Test func theLongestAndFullestQueriesAreAccepted() throws {
        #expect(try SearchExpression(parsing: String(repeating: "m", count: 200)).terms.count == 1)
        #expect(try SearchExpression(parsing: "a b c d e f g h i j k l").terms.count == 12)
    }

    @Test func aLoneStopWordIsLeftOutOnlyBesideOtherTerms() throws {
        let common: Set<String> = ["le", "des", "de", "la", "avions"]
        let expression = try SearchExpression(parsing: "le \"de la\" pluie des* \"avions\" -la")
        #expect(expression.searchableTerms { common.contains($0) } == [
            Term(words: ["de", "la"], isQuoted: true), Term(words: ["pluie"]), Term(words: ["des"], isPrefix: true),
            Term(words: ["avions"], isQuoted: true),
        ])
        // Alone, stop words are what the reader looks for: « avions » finds the planes.
        #expect(try SearchExpression(parsing: "avions").searchableTerms { common.contains($0) } == [Term(words: ["avions"])])
        #expect(try SearchExpression(parsing: "le des -pluie").searchableTerms { common.contains($0) }
            == [Term(words: ["le"]), Term(words: ["des"])])
    }
}
