import KibaruText
import Testing

@Suite struct FrenchGrammarTests {
    /// French counts 0 and 1 in the singular, English 1 alone (``Words/count(_:_:_:)``).
    @Test func zeroAndOneAreSingularInFrench() async {
        #expect(Words.count(0, "article", "articles") == "0 article")
        #expect(Words.count(1, "auteur", "auteurs") == "1 auteur")
        #expect(Words.count(2, "auteur", "auteurs") == "2 auteurs")
        #expect(Words.count(12, "nouveau", "nouveaux") == "12 nouveaux")
        await Words.speaking("en", table: [:]) {
            #expect(Words.count(0, "article", "articles") == "0 articles")
            #expect(Words.count(1, "article", "articles") == "1 article")
        }
    }

    @Test func deIsElidedBeforeAVowelOrAnH() {
        #expect(FrenchGrammar.of("Awa Diarra") == "d’Awa Diarra")
        #expect(FrenchGrammar.of("Émile") == "d’Émile")
        #expect(FrenchGrammar.of("Hélène") == "d’Hélène")
        #expect(FrenchGrammar.of("Moussa Keïta") == "de Moussa Keïta")
        #expect(FrenchGrammar.of("") == "de")
    }

    @Test func listsEndWithEt() {
        #expect(FrenchGrammar.list([]) == "")
        #expect(FrenchGrammar.list(["Awa"]) == "Awa")
        #expect(FrenchGrammar.list(["Awa", "Moussa"]) == "Awa et Moussa")
        #expect(FrenchGrammar.list(["Awa", "Ali", "Moussa"]) == "Awa, Ali et Moussa")
    }
}

@Suite struct FrenchDurationTests {
    @Test func durationsAreRoundedToWhatAReaderNeeds() {
        #expect(FrenchDuration.format(seconds: 0.4) == "0 s")
        #expect(FrenchDuration.format(seconds: 44.6) == "45 s")
        #expect(FrenchDuration.format(seconds: 120) == "2 min")
        #expect(FrenchDuration.format(seconds: 200) == "3 min 20 s")
        #expect(FrenchDuration.format(seconds: 3_900) == "1 h 05 min")
        #expect(FrenchDuration.format(seconds: -5) == "0 s")
    }
}
