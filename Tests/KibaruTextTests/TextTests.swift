import Foundation
import KibaruText
import Testing

@Suite struct SlugifyTests {
    @Test(arguments: [
        ("Lutte contre le terrorisme : Maliens et Russes à pied d’œuvre",
         "lutte-contre-le-terrorisme-maliens-et-russes-a-pied-doeuvre"),
        ("Kidal reconquis : Assimi Goïta redore le « treillis »", "kidal-reconquis-assimi-goita-redore-le-treillis"),
        ("L'été À Ségou — ÇA CHAUFFE !", "lete-a-segou-ca-chauffe"),
        ("Straße 2024", "strasse-2024"),
        ("« … »", ""),
    ])
    func foldsFrenchTitles(_ title: String, _ expected: String) {
        #expect(Slugify.slug(title) == expected)
    }

    @Test func cutsLongTitlesOnAWordBoundary() {
        let slug = Slugify.slug(String(repeating: "mot ", count: 50), maximumLength: 20)
        #expect(slug == "mot-mot-mot-mot-mot")
    }
}

@Suite struct FrenchDateTests {
    let bamako = TimeZone(identifier: "Africa/Bamako")!

    @Test func formatsTheSeedDate() throws {
        let date = try #require(FrenchDate.Day(year: 2024, month: 2, day: 29).date(in: bamako))
        #expect(FrenchDate.format(date, timeZone: bamako) == "29 février 2024")
    }

    @Test func theFirstOfTheMonthIsPremier() throws {
        let date = try #require(FrenchDate.Day(year: 2025, month: 8, day: 1).date(in: bamako))
        #expect(FrenchDate.format(date, timeZone: bamako) == "1er août 2025")
    }

    @Test(arguments: [
        ("29 février 2024", FrenchDate.Day(year: 2024, month: 2, day: 29)),
        ("1er mars 2024", FrenchDate.Day(year: 2024, month: 3, day: 1)),
        ("mercredi 28 février 2024", FrenchDate.Day(year: 2024, month: 2, day: 28)),
        ("3 DÉCEMBRE 2023", FrenchDate.Day(year: 2023, month: 12, day: 3)),
        ("15 aout 2022", FrenchDate.Day(year: 2022, month: 8, day: 15)),
    ])
    func parsesFrenchDates(_ text: String, _ expected: FrenchDate.Day) {
        #expect(FrenchDate.parse(text) == expected)
    }

    @Test(arguments: ["29 février 2023", "31 avril 2024", "29 feb 2024", "février 2024", "29/02/2024", "", "0 mars 2024"])
    func refusesWhatIsNotAFrenchDate(_ text: String) {
        #expect(FrenchDate.parse(text) == nil)
    }
}

@Suite struct SmallTextTests {
    @Test func titleKeysIgnoreCaseSpacesAndApostropheForms() {
        #expect(TitleKey.make("Kidal  reconquis :\u{202F}l’armée") == TitleKey.make("kidal reconquis : l'armée"))
        #expect(TitleKey.make("Goïta") != TitleKey.make("Goita"))
    }

    @Test func excerptsStopOnAWord() {
        #expect(Excerpt.make("un deux trois quatre", maximumLength: 10) == "un deux…")
        #expect(Excerpt.make("court", maximumLength: 10) == "court")
    }

    @Test func excerptsCutOnEveryUnicodeSpaceAndOnlyThere() {
        for value in UInt32(0)..<0x100 {
            let scalar = Unicode.Scalar(value)!
            let text = "a" + String(Character(scalar)) + "b"
            let expected = scalar.properties.isWhitespace ? "a b" : text
            #expect(Excerpt.make(text, maximumLength: 10) == expected, "U+\(String(value, radix: 16))")
        }
        #expect(Excerpt.make("un\u{202F}deux\u{2003}trois", maximumLength: 100) == "un deux trois")
    }

    @Test func escapingCoversAttributesAndElements() {
        #expect(HTMLEscaping.escape(#"<a href="x" onclick='y'>&"#) == "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;")
    }

    @Test func foldingRemovesAccentsAndLigatures() {
        #expect(Folding.fold("Œuvre Éçà") == "oeuvre eca")
        #expect(Folding.fold("Bamako MALI 2024") == "bamako mali 2024")
    }
}

@Suite struct LineDiffTests {
    @Test func marksKeptAddedAndRemovedLines() {
        let diff = LineDiff.diff("a\nb\nc", "a\nc\nd")
        #expect(diff.map(\.kind) == [.same, .removed, .same, .added])
        #expect(diff.map(\.text) == ["a", "b", "c", "d"])
    }

    @Test func identicalTextsHaveNoChange() {
        #expect(LineDiff.diff("x\ny", "x\ny").allSatisfy { $0.kind == .same })
    }
}

@Suite struct QueryEncodingTests {
    @Test func encodesAllButUnreservedCharacters() {
        #expect(QueryEncoding.encode("Goïta : « d’œuvre » a&b=c/d") == "Go%C3%AFta%20%3A%20%C2%AB%20d%E2%80%99%C5%93uvre%20%C2%BB%20a%26b%3Dc%2Fd")
        #expect(QueryEncoding.encode("/admin/x y/", keeping: [UInt8(ascii: "/")]) == "/admin/x%20y/")
    }
}
