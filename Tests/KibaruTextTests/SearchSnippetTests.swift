import KibaruText
import Testing

/// The passage under a search hit: from a few words before the first match, matched words marked as the index
/// matched them (inflections, accents, elisions, prefixes), cut with « … ».
@Suite struct SearchSnippetTests {
    static func snippet(_ text: String, terms: Set<String> = [], prefixes: [String] = [], length: Int = 24) -> String {
        SearchSnippet.make(
            text, terms: SearchSnippet.Terms(terms: terms, prefixes: prefixes), length: length, open: "[", close: "]")
    }

    static let text = "Le conseil des ministres s’est réuni mercredi à Bamako. Les gouvernements de la région, "
        + "réunis depuis lundi, ont évoqué l’économie du fleuve et la saison des pluies, puis le gouvernement "
        + "malien a présenté son budget pour l’année."

    @Test func startsAFewWordsBeforeTheFirstMatchAndMarksEveryMatchInThePassage() {
        let passage = Self.snippet(Self.text, terms: ["gouvern"], length: 20)
        #expect(passage == "…mercredi à Bamako. Les [gouvernements] de la région, réunis depuis lundi, ont évoqué "
            + "l’économie du fleuve et la saison des…")
        let later = Self.snippet(Self.text, terms: ["gouvern"], length: 40)
        #expect(later.contains("[gouvernements]") && later.contains("le [gouvernement] malien"))
    }

    @Test func matchesAccentsElisionsAndInflectionsAsTheIndexDoes() {
        let terms = Set(["economie", "pluie"].compactMap { FrenchAnalyzer.normalize($0) })
        let passage = Self.snippet(Self.text, terms: terms, length: 30)
        #expect(passage.contains("[l’économie]"))
        #expect(passage.contains("[pluies]"))
    }

    @Test func prefixesMatchTheStartOfATerm() {
        let passage = Self.snippet(Self.text, prefixes: ["minist"], length: 6)
        #expect(passage == "Le conseil des [ministres] s’est réuni…")
    }

    @Test func withoutAMatchThePassageIsTheStartOfTheText() {
        #expect(Self.snippet(Self.text, terms: ["sahel"], length: 5) == "Le conseil des ministres s’est…")
        #expect(Self.snippet("Court texte.", terms: ["sahel"]) == "Court texte.")
        #expect(Self.snippet("", terms: ["sahel"]) == "")
        #expect(Self.snippet("« … » !", terms: ["sahel"]) == "")
    }

    @Test func marksInTheTextAreLeftOutSoThatOnlyMatchesAreMarked() {
        #expect(Self.snippet("Un [faux] repère, la pluie.", terms: [FrenchAnalyzer.normalize("pluie")!])
            == "Un faux repère, la [pluie].")
    }

    @Test func aMatchAtTheEndKeepsItsContextAndTheTextsLastSign() {
        let passage = Self.snippet(Self.text, terms: [FrenchAnalyzer.normalize("budget")!], length: 8)
        #expect(passage == "…malien a présenté son [budget] pour l’année.")
    }
}

extension SearchSnippetTests {
    /// Words are analysed only when their first letter (folded, after an elision) may start a term: the check
    /// must never skip a word that matches.
    @Test(arguments: [
        ("Économie", "economie"), ("L’État", "etat"), ("qu'Ousmane", "ousmane"), ("ÎLES", "ile"), ("Ça", "ca"),
        ("jusqu’à l’Élysée", "élysée"), ("Œuvre", "oeuvre"), ("Straße", "strasse"), ("lʼÉconomie", "économie"),
        ("'l'avion'", "avion"), ("« d’Ousmane »", "ousmane"),
    ])
    func theInitialCheckKeepsEveryMatch(_ text: String, _ word: String) {
        let term = try! #require(FrenchAnalyzer.normalize(word))
        #expect(Self.snippet(text, terms: [term]).contains("["), "\(text) matches \(word) (\(term))")
    }
}
