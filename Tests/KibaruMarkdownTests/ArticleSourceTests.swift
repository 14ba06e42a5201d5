import Foundation
import KibaruCore
import KibaruMarkdown
import KibaruText
import Testing

@Suite struct ArticleSourceTests {
    static let canonical = """
        Un premier paragraphe avec « guillemets ».

        ::: figure
        image: /media/fleuve.svg
        alt: Le fleuve Niger
        caption: Le Niger à Bamako, un soir de mars.
        credit-author: Awa Diarra
        credit-source: Kibaru
        credit-licence: CC BY 4.0
        credit-url: https://example.org/photo
        :::

        ## « Intertitre »

        ::: lire-aussi
        article: 42
        :::

        ::: lire-aussi
        title: Kidal reconquis : Assimi Goïta redore le « treillis »
        :::

        Fin.

        """

    @Test func parseThenSerializeGivesTheSameSource() throws {
        let blocks = try ArticleSource.parse(Self.canonical)
        #expect(ArticleSource.serialize(blocks) == Self.canonical)
        #expect(try ArticleSource.parse(ArticleSource.serialize(blocks)) == blocks)
    }

    @Test func readsBlockFields() throws {
        let blocks = try ArticleSource.parse(Self.canonical)
        let figures = blocks.compactMap { if case .figure(let f) = $0 { f } else { nil } }
        let readAlso = blocks.compactMap { if case .readAlso(let r) = $0 { r } else { nil } }
        #expect(figures == [Figure(image: "/media/fleuve.svg", alt: "Le fleuve Niger",
                                   caption: "Le Niger à Bamako, un soir de mars.",
                                   credit: Credit(author: "Awa Diarra", source: "Kibaru", licence: "CC BY 4.0",
                                                  sourceURL: "https://example.org/photo"))])
        #expect(readAlso == [ReadAlso(articleID: 42),
                             ReadAlso(unresolvedTitle: "Kidal reconquis : Assimi Goïta redore le « treillis »")])
    }

    @Test func blocksInsideCodeFencesStayCode() throws {
        let source = "```\n::: figure\ncaption: x\n:::\n```\n"
        #expect(try ArticleSource.parse(source) == [.markdown(source)])
    }

    @Test(arguments: [
        ("texte\n::: figure\ncaption: x\n", 2, "sans « ::: » de fin"),
        ("::: figure\ncouleur: rouge\n:::", 2, "clé « couleur » inconnue"),
        ("::: figure\ncaption: a\ncaption: b\n:::", 3, "deux fois"),
        ("::: figure\nimage: javascript:alert(1)\n:::", 1, "figure invalide"),
        ("::: lire-aussi\narticle: abc\n:::", 1, "n’est pas un numéro"),
        ("::: lire-aussi\n:::", 1, "soit « article: ID »"),
        ("::: figure\npas de deux-points\n:::", 2, "« clé: valeur » attendu"),
    ])
    func badBlocksNameTheirLine(_ source: String, _ line: Int, _ message: String) {
        let error = #expect(throws: BlockSyntaxError.self) { try ArticleSource.parse(source) }
        #expect(error?.line == line)
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }
}

@Suite struct ArticleRendererTests {
    let renderer = ArticleRenderer()

    func render(_ source: String, resolve: (Article.ID) -> ReadAlsoTarget? = { _ in nil }) throws -> RenderedArticle {
        renderer.render(try ArticleSource.parse(source), language: "fr", resolve: resolve)
    }

    @Test func rendersFiguresWithCaptionAndCredit() throws {
        let html = try render(ArticleSourceTests.canonical).html
        #expect(html.contains(#"<img src="/media/fleuve.svg" alt="Le fleuve Niger" loading="lazy""#))
        #expect(html.contains("<figcaption>Le Niger à Bamako, un soir de mars. <span class=\"credit\">Crédit\u{00A0}: Awa Diarra / <a href=\"https://example.org/photo\" rel=\"nofollow\">Kibaru</a> (CC BY 4.0)</span></figcaption>"))
        #expect(html.contains("<h2>« Intertitre »</h2>"))
    }

    @Test func twelveBlocksEachTakeTheirPlaceAndLookalikesStayText() throws {
        let figures = (0..<12).map { "::: figure\ncaption: Légende \($0)\n:::\n" }
        let source = "Début KIBARUBLOCK01X7f3a9c et KIBARUBLOCK99X7f3a9c.\n\n" + figures.joined(separator: "\nEntre.\n\n")
        let rendered = try render(source)
        let captions = rendered.html.components(separatedBy: "<figcaption>").dropFirst().map { $0.prefix { $0 != "<" } }
        #expect(captions == (0..<12).map { "Légende \($0)"[...] })
        #expect(rendered.html.contains("Début KIBARUBLOCK01X7f3a9c et KIBARUBLOCK99X7f3a9c."))
        #expect(rendered.text.contains("Légende 11"))
        #expect(rendered.html.components(separatedBy: "KIBARUBLOCK").count == 3)
    }

    /// A summary is made from the start of the text (issue 14): an article that opens on a photo must not be
    /// summed up by its caption and credit, which stay searchable after the text.
    @Test func captionsAndCreditsComeAfterTheTextTheySitIn() throws {
        let rendered = try render("""
            ::: figure
            image: /media/une.jpg
            caption: Des pirogues au bord du fleuve
            credit-author: Awa Diarra
            :::

            Le Niger est monté de deux mètres.

            Les pêcheurs attendent.
            """)
        #expect(rendered.text.hasPrefix("Le Niger est monté de deux mètres."), "\(rendered.text)")
        #expect(rendered.text.hasSuffix("Des pirogues au bord du fleuve Awa Diarra"), "\(rendered.text)")
        #expect(Excerpt.make(rendered.text).hasPrefix("Le Niger"))
    }

    /// cmark-gfm's special characters are global: parses on other threads must not take `~` from this one
    /// (an imported article lost its strikethrough under a loaded test run).
    @Test func strikethroughSurvivesParsesOnOtherThreads() async {
        let markdown = (1...40).map { "Paragraphe \($0) avec ~~un mot barré~~ et du **gras**." }.joined(separator: "\n\n")
        let renderer = CmarkRenderer()
        let missing = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    (0..<60).filter { _ in renderer.html(markdown).components(separatedBy: "<del>").count != 41 }.count
                }
            }
            return await group.reduce(0, +)
        }
        #expect(missing == 0, "\(missing) of 480 renderings lost a strikethrough")
    }

    @Test func readAlsoShowsTheCurrentTitleAndURL() throws {
        let rendered = try render("::: lire-aussi\narticle: 42\n:::\n") { id in
            id == 42 ? ReadAlsoTarget(title: "Titre <du jour>", url: "/s/2024/01/02/titre/") : nil
        }
        #expect(rendered.html.contains(#"<a href="/s/2024/01/02/titre/">Titre &lt;du jour&gt;</a>"#))
        #expect(rendered.references == [ArticleReference(targetID: 42)])
    }

    @Test func unresolvedReadAlsoKeepsItsTitleWithoutALink() throws {
        let rendered = try render("::: lire-aussi\ntitle: Un autre article\n:::\n")
        #expect(rendered.html.contains("<span>Un autre article</span>"))
        #expect(!rendered.html.contains("<a "))
        #expect(rendered.references == [ArticleReference(targetTitle: "Un autre article")])
    }

    @Test func blockValuesAreEscaped() throws {
        let html = try render("::: figure\nalt: \" onerror=\"alert(1)\ncaption: <script>alert(1)</script>\nimage: /a.png\n:::\n").html
        #expect(!html.contains("<script"))
        #expect(html.contains("alt=\"&quot; onerror=&quot;alert(1)\""))
    }

    @Test func rawHTMLAndScriptLinksAreDropped() throws {
        let html = try render("<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n").html
        #expect(!html.contains("<script"))
        #expect(!html.contains("javascript:"))
        #expect(!html.contains("onerror"))
    }

    @Test func referencesAndTablesWorkAcrossBlocks() throws {
        let html = try render("Voir [le site][s].\n\n::: figure\ncaption: c\n:::\n\n[s]: https://example.org\n\n| a | b |\n|---|---|\n| 1 | 2 |\n").html
        #expect(html.contains(#"<a href="https://example.org">le site</a>"#))
        #expect(html.contains("<table>"))
    }

    @Test func plainTextHasNoMarkup() throws {
        let text = try render("## Titre\n\nUn **gras** texte.\n\n::: figure\ncaption: Légende\ncredit-source: Source\n:::\n").text
        #expect(text.contains("Titre"))
        #expect(text.contains("Un gras texte."))
        #expect(text.contains("Légende Source"))
        #expect(!text.contains("**") && !text.contains("KIBARUBLOCK"))
    }
}
