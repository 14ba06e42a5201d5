import Foundation
import KibaruCore
import KibaruImport
import KibaruServices
import KibaruText
import KibaruTesting
import Testing

@Suite struct ScrapedPageParserTests {
    let site = Site(id: 1, NewSite(slug: Slug(rawValue: "mali-actu")!, title: "Mali Actu", timeZone: "Africa/Bamako"))
    let parser = ScrapedPageParser(fileName: "page.txt")

    static let sample = """
        Le marché de Médina Coura

        Article : Le marché de Médina Coura
        Crédit: Awa Diarra et Moussa Keïta
        1er mars 2024

        Le marché de Médina Coura
        Les étals au lever du jour via Kibaru Photo

        Au petit matin, les commerçantes installent leurs étals.

        « Prix du jour »

        « Le riz a augmenté », soupire une vendeuse.
        LIRE AUSSI : Bamako sous la pluie

        Étiquettes
        Marchés, Bamako
        Partagez
        WhatsApp
        Commentaires
        Fatou
        2 mars 2024
        Merci pour ce reportage.
        """

    @Test func readsEveryPartOfAPage() throws {
        let imported = try parser.parse(Self.sample, site: site)
        let draft = imported.draft
        #expect(draft.title == "Le marché de Médina Coura")
        #expect(draft.authorNames == ["Awa Diarra", "Moussa Keïta"])
        #expect(draft.tagNames == ["Marchés", "Bamako"])
        #expect(draft.state == .published)
        #expect(draft.publishedAt.map { bamakoDay($0) } == "1er mars 2024")
        #expect(draft.bodyMarkdown == """
            ::: figure
            caption: Les étals au lever du jour
            credit-source: Kibaru Photo
            :::

            Au petit matin, les commerçantes installent leurs étals.

            ## « Prix du jour »

            « Le riz a augmenté », soupire une vendeuse.

            ::: lire-aussi
            title: Bamako sous la pluie
            :::

            """)
        #expect(imported.comments.map(\.authorName) == ["Fatou"])
        #expect(imported.comments.first?.body == "Merci pour ce reportage.")
    }

    @Test func escapesMarkdownInScrapedText() throws {
        let page = "Titre\n29 février 2024\n# pas un titre *ni* [lien](x) <b>\n1. pas une liste\n"
        let body = try parser.parse(page, site: site).draft.bodyMarkdown
        #expect(body.contains(##"\# pas un titre \*ni\* \[lien\](x) \<b\>"##))
        #expect(body.contains(#"1\. pas une liste"#))
    }

    @Test(arguments: [
        ("", 1, "title"),
        ("\n\nArticle : Titre\n29 février 2024\nTexte.", 3, "title"),
        ("29 février 2024\nTexte.", 1, "title"),
        ("Titre\n\nArticle : Titre\nCrédit:\n29 févr. 2024\n\nTexte.", 5, "date"),
        ("Titre\nCrédit:\n31 février 2024\nTexte.", 3, "date"),
        ("Titre\nCrédit: Awa", 2, "date"),
        ("Titre\n29 février 2024\n\nÉtiquettes\n", 2, "body"),
        ("Titre\n29 février 2024\nTexte.\nCommentaires\nFatou\nhier\nMerci.", 6, "comments"),
        ("Titre\n29 février 2024\nTexte.\nCommentaires\nFatou\n", 5, "comments"),
        ("Titre\n29 février 2024\nTexte.\nPartagez\nÉtiquettes\n", 5, "trailer"),
    ])
    func malformedPagesNameTheLineAndField(_ text: String, _ line: Int, _ field: String) {
        let error = #expect(throws: PageImportError.self) { try parser.parse(text, site: site) }
        #expect(error?.line == line)
        #expect(error?.field == field)
        #expect(error?.description.hasPrefix("page.txt:\(line): \(field) : ") == true)
    }

    @Test(.enabled(if: TestPaths.seedArticle != nil, "../shared/seed/article.txt is absent: skipped"))
    func readsTheSeedArticle() throws {
        let text = try String(contentsOfFile: try #require(TestPaths.seedArticle), encoding: .utf8)
        let draft = try parser.parse(text, site: site).draft
        #expect(draft.title == "Lutte contre le terrorisme : Maliens et Russes à pied d’œuvre")
        #expect(draft.authorNames == ["La rédaction"])
        #expect(draft.publishedAt.map { bamakoDay($0) } == "29 février 2024")
        let blocks = draft.bodyMarkdown.components(separatedBy: "\n\n")
        #expect(blocks.filter { $0.hasPrefix("::: figure") }.count == 3)
        #expect(blocks.filter { $0.hasPrefix("## ") } == ["## «\u{00A0}Soutiens mutuels\u{00A0}»", "## Montée en puissance des FAMa"])
        #expect(blocks.filter { $0.hasPrefix("::: lire-aussi") } == [
            "::: lire-aussi\ntitle: Kidal reconquis : Assimi Goïta redore le «\u{00A0}treillis\u{00A0}»\n:::",
            "::: lire-aussi\ntitle: Malikoura : le front social en attente\n:::",
        ])
        #expect(draft.bodyMarkdown.contains("credit-source: Wikicommons"))
        #expect(!draft.bodyMarkdown.contains("Étiquettes"))
    }
}

/// "1er mars 2024" for a date in Bamako.
func bamakoDay(_ date: Date) -> String {
    FrenchDate.format(date, timeZone: TimeZone(identifier: "Africa/Bamako")!)
}
