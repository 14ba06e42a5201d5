import Foundation
import Hummingbird
import HummingbirdTesting
import KibaruCore
import KibaruImport
import KibaruServices
import KibaruTesting
import Testing

/// The served article page carries every part of the seed page.
@Suite struct ArticlePageTests {
    static let articlePath = "/mali-actu/2024/02/29/lutte-contre-le-terrorisme-maliens-et-russes-a-pied-doeuvre/"

    /// A network holding the seed article, a target for its first LIRE AUSSI line, tags and a comment thread.
    static func seededNetwork() async throws -> TestNetwork {
        let network = try await TestNetwork.make()
        try await network.publish(
            "Kidal reconquis : Assimi Goïta redore le « treillis »",
            at: Date(timeIntervalSince1970: 1_700_000_000))
        let text = try String(contentsOfFile: try #require(TestPaths.seedArticle), encoding: .utf8)
        var imported = try ScrapedPageParser(fileName: "article.txt").parse(text, site: network.site)
        imported.draft.tagNames = ["Mali", "Russie"]
        imported.comments = [
            ImportedComment(authorName: "Fatou", createdAt: TestNetwork.now, body: "Premier <b>avis</b>.",
                            replies: [ImportedComment(authorName: "Ali", createdAt: TestNetwork.now, body: "Réponse.",
                                                      replies: [ImportedComment(authorName: "Fatou", createdAt: TestNetwork.now,
                                                                                body: "Troisième niveau.")])])
        ]
        try await network.articles.importArticle(imported)
        return network
    }

    @Test(.enabled(if: TestPaths.seedArticle != nil, "../shared/seed/article.txt is absent: skipped"),
          arguments: [TestingSetup.router, .live])
    func seedArticlePageShowsEveryPart(_ setup: TestingSetup) async throws {
        let network = try await Self.seededNetwork()
        try await network.application().test(setup) { client in
            try await client.execute(uri: Self.articlePath, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let html = String(buffer: response.body)
                #expect(html.contains("<h1>Lutte contre le terrorisme\u{00A0}: Maliens et Russes à pied d’œuvre</h1>"))
                #expect(html.contains(#"<a rel="author" href="/mali-actu/author/la-redaction/">La rédaction</a>"#))
                #expect(html.contains(#"<time datetime="2024-02-29T12:00:00Z">29 février 2024</time>"#))
                for caption in [
                    "Assimi Goïta, le président du Mali rencontre le président russe Vladimir Poutine fin juillet 2023",
                    "Le président de la Douma d’Etat a rencontré le président du Conseil national de transition de la République du Mali, Malick Diaw.",
                    "Au Mali, le gouvernement a reçu mardi de nouveaux avions de combats",
                ] {
                    #expect(html.contains("<figcaption>\(caption)"), "caption: \(caption)")
                }
                #expect(html.components(separatedBy: "Crédit\u{00A0}: Wikicommons</span></figcaption>").count == 4)
                #expect(html.contains("<h2>«\u{202F}Soutiens mutuels\u{202F}»</h2>"))
                #expect(html.contains("<h2>Montée en puissance des FAMa</h2>"))
                #expect(html.contains("«\u{202F}instrument de puissances étrangères\u{202F}»"))
                #expect(html.contains("<strong>LIRE AUSSI\u{00A0}:</strong> " + #"<a href="/mali-actu/2023/11/14/kidal-reconquis-assimi-goita-redore-le-treillis/">"#
                    + "Kidal reconquis\u{00A0}: Assimi Goïta redore le «\u{202F}treillis\u{202F}»</a>"))
                #expect(html.contains("<strong>LIRE AUSSI\u{00A0}:</strong> <span>Malikoura\u{00A0}: le front social en attente</span>"))
                #expect(html.contains(#"<h2 id="etiquettes">Étiquettes</h2>"#))
                #expect(html.contains(#"<a rel="tag" href="/mali-actu/tag/mali/">Mali</a>"#))
                #expect(html.contains(#"<h2 id="partagez">Partagez</h2>"#))
                let whatsapp = "https://wa.me/?text=%C2%AB%E2%80%AFLutte%20contre%20le%20terrorisme%C2%A0%3A%20Maliens%20et%20Russes%20%C3%A0%20pied%20d%E2%80%99%C5%93uvre%E2%80%AF%C2%BB%0Ahttps%3A%2F%2Fkibaru.test%2Fmali-actu%2F2024%2F02%2F29%2Flutte-contre-le-terrorisme-maliens-et-russes-a-pied-doeuvre%2F"
                #expect(html.contains(#"<li><a class="share-whatsapp" href="\#(whatsapp)""#))
                let shareOrder = ["share-whatsapp", "share-facebook", "share-x", "share-linkedin", "share-telegram", "share-email"]
                let positions = shareOrder.compactMap { html.range(of: $0)?.lowerBound }
                #expect(positions.count == 6 && positions == positions.sorted(), "WhatsApp first, then the others")
                #expect(html.contains(#"<h2 id="commentaires-titre">Commentaires</h2>"#))
                #expect(html.contains("Premier &lt;b&gt;avis&lt;/b&gt;."), "comment text is escaped")
                #expect(html.range(of: #"Réponse\.</p>\s*(<p class="reply">.*?</p>\s*)?</article>\s*<ol class="replies">\s*<li class="comment" id="commentaire-\d+">\s*<article>\s*<p class="comment-meta"><strong>Fatou</strong>"#,
                                   options: .regularExpression) != nil, "three levels of replies are nested")
                #expect(html.components(separatedBy: "<script").count == 2, "no script but the JSON-LD data block")
                #expect(html.contains(#"<script type="application/ld+json">"#))
                #expect(HTMLStructure.problems(in: html).isEmpty, "\(HTMLStructure.problems(in: html))")
            }
        }
    }

    @Test(.enabled(if: TestPaths.seedArticle != nil, "../shared/seed/article.txt is absent: skipped"))
    func articlePageWithItsCSSFitsIn14KilobytesGzipped() async throws {
        let network = try await Self.seededNetwork()
        try await network.application().test(.router) { client in
            try await client.execute(uri: Self.articlePath, method: .get) { response in
                let size = try gzippedSize(Data(String(buffer: response.body).utf8))
                #expect(size <= 14 * 1024, "gzip size \(size) bytes")
            }
        }
    }

    @Test func conditionalGetAnswersNotModified() async throws {
        let network = try await TestNetwork.make()
        try await network.publish("Un titre")
        try await network.application().test(.router) { client in
            let eTag = try await client.execute(uri: "/mali-actu/2024/03/01/un-titre/", method: .get) { response in
                try #require(response.headers[.eTag])
            }
            try await client.execute(uri: "/mali-actu/2024/03/01/un-titre/", method: .get,
                                     headers: [.ifNoneMatch: eTag]) { response in
                #expect(response.status == .notModified)
            }
        }
    }
}

/// The size of `data` compressed by the system's gzip, as a reverse proxy would send it.
func gzippedSize(_ data: Data) throws -> Int {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-c", "-6"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(data)
    try input.fileHandleForWriting.close()
    let compressed = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return compressed.count
}
