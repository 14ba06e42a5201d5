import Foundation
import KibaruText
import Testing

/// The Snowball project's French vocabulary and expected stems, kept in `shared/` beside the repository.
private let snowballData = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // KibaruTextTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // repository root
    .deletingLastPathComponent()
    .appendingPathComponent("shared/testdata/snowball-french")

private func lines(of name: String) throws -> [String] {
    try String(contentsOf: snowballData.appendingPathComponent(name), encoding: .utf8)
        .split(separator: "\n").map(String.init)
}

@Suite struct FrenchStemmerTests {
    @Test(.enabled(
        if: FileManager.default.fileExists(atPath: snowballData.appendingPathComponent("output.txt").path),
        "needs ../shared/testdata/snowball-french (absent: not part of a user's clone)"
    ))
    func matchesTheSnowballVocabulary() throws {
        let words = try lines(of: "voc.txt")
        let stems = try lines(of: "output.txt")
        #expect(words.count == 21_655)
        #expect(stems.count == words.count)
        var mismatches: [String] = []
        for (word, stem) in zip(words, stems) {
            let actual = FrenchStemmer.stem(word)
            if actual != stem { mismatches.append("\(word) → \(actual) (expected \(stem))") }
        }
        #expect(
            mismatches.isEmpty,
            "\(mismatches.count) mismatches, first ones: \(mismatches.prefix(20).joined(separator: ", "))"
        )
    }

    @Test(arguments: [
        ("terroriste", "terror"), ("économiques", "économ"), ("nationalité", "national"), ("chevaux", "cheval"),
        ("bijoux", "bijou"), ("rapidement", "rapid"), ("française", "franc"), ("mauvais", "mauvais"),
        ("goïta", "goït"), ("c'est", "est"), ("aujourd'hui", "aujourd'hui"),
    ])
    func stemsWords(_ word: String, _ stem: String) {
        #expect(FrenchStemmer.stem(word) == stem)
    }

    @Test func stopWordsKeepTheirAccents() {
        #expect(FrenchStopWords.contains("été"))
        #expect(FrenchStopWords.contains("Les"))
        #expect(FrenchStopWords.contains("lorsqu"))
        #expect(!FrenchStopWords.contains("ete"))
        #expect(!FrenchStopWords.contains("mali"))
    }

    @Test(arguments: ["le", "Les", "été", "c'est", "qu’il", "jusqu'au", "l'", "'", ""])
    func normalizeDropsStopWords(_ token: String) {
        #expect(FrenchAnalyzer.normalize(token) == nil)
    }

    @Test func normalizeStripsElisions() {
        #expect(FrenchAnalyzer.normalize("l'économie") == "econom")
        #expect(FrenchAnalyzer.normalize("L’Économie") == "econom")
        #expect(FrenchAnalyzer.normalize("d'Assimi") == FrenchAnalyzer.normalize("Assimi"))
        #expect(FrenchAnalyzer.normalize("aujourd’hui") == "aujourd'hui")
    }

    @Test func normalizeFoldsAccents() {
        #expect(FrenchAnalyzer.normalize("Goïta") == "goit")
        #expect(FrenchAnalyzer.normalize("Goita") == "goit")
        #expect(FrenchAnalyzer.normalize("e\u{301}conomie") == "econom")
    }

    @Test func relatedWordsShareATerm() {
        #expect(FrenchAnalyzer.normalize("terroriste") == FrenchAnalyzer.normalize("terrorisme"))
        #expect(FrenchAnalyzer.normalize("économie") == FrenchAnalyzer.normalize("économiques"))
    }

    @Test func termsOfASentence() {
        let text = "Lutte contre le terrorisme : les Maliens et l’armée sont à pied d’œuvre depuis l'été 2024 à Kidal."
        #expect(FrenchAnalyzer.terms(in: text) == [
            "lutt", "contr", "terror", "malien", "arme", "pied", "oeuvr", "depuis", "2024", "kidal",
        ])
    }
}
