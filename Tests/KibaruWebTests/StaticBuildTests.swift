import Foundation
import Hummingbird
import HummingbirdTesting
import KibaruApp
import KibaruCore
import KibaruTesting
import Testing

/// `kibaru build`: the demo network written as files serves correctly from a plain file server, and a second
/// build only writes what changed.
@Suite struct StaticBuildTests {
    @Test func theDemoNetworkServesFromAPlainFileServer() async throws {
        let network = try await TestNetwork.demo()
        let output = try TestPaths.temporaryDirectory("static")
        let report = try await StaticSiteBuilder(config: network.config).build(into: output)
        #expect(report.written > 40 && report.unchanged == 0 && report.media >= 8)

        // What the server answers, page by page, is what the file server answers.
        let articles = try await network.store.publishedArticles(.network, page: PageRequest(number: 1, size: 100)).items
        let article = try #require(articles.first)
        let paths = [
            "/", "/\(article.site.slug)/", Permalink.article(article), Permalink.article(article) + "feed/",
            "/\(article.site.slug)/feed/", "/\(article.site.slug)/feed/atom/", "/\(article.site.slug)/sitemap.xml",
            "/robots.txt",
        ] + (article.authors.first.map { [Permalink.author(site: article.site.slug, person: $0.slug)] } ?? [])
        let server = try await PlainFileServer(serving: output)
        defer { server.stop() }
        try await network.application().test(.router) { client in
            for path in paths {
                let live = try await client.execute(uri: path, method: .get) { String(buffer: $0.body) }
                let file = try await server.get(path)
                #expect(file.status == 200, "\(path)")
                #expect(file.body == live, "\(path) is the page the server serves")
            }
        }
        let (status, type, _) = try await server.get("/media/" + (try #require(
            FileManager.default.subpathsOfDirectory(atPath: network.config.data.mediaPath).first { $0.hasSuffix(".svg") })))
        #expect(status == 200 && type == "image/svg+xml")
        #expect(FileManager.default.fileExists(atPath: output + Permalink.article(article) + "index.html"))
        for article in articles {
            #expect(FileManager.default.fileExists(atPath: output + Permalink.article(article) + "index.html"), "\(article.title)")
        }

        // A one-site build leaves the other sites' files alone.
        let otherSite = try #require(articles.first { $0.site.slug != article.site.slug })
        let siteOnly = try await StaticSiteBuilder(config: network.config).build(into: output, only: article.site.slug)
        #expect(siteOnly.removed == 0 && siteOnly.written == 0)
        #expect(FileManager.default.fileExists(atPath: output + Permalink.article(otherSite) + "index.html"))
        #expect(FileManager.default.fileExists(atPath: output + "/index.html"))

        // A second build writes nothing; a change rewrites its pages; a removed article's page goes.
        let again = try await StaticSiteBuilder(config: network.config).build(into: output)
        #expect(again.written == 0 && again.unchanged == report.written && again.removed == 0)
        var draft = try #require(try await network.store.article(id: article.id))
        draft.state = .draft
        _ = try await network.store.write { [draft] tx in try await tx.updateArticle(draft) }
        let third = try await StaticSiteBuilder(config: network.config).build(into: output)
        #expect(third.removed >= 1 && third.written >= 1)
        #expect(!FileManager.default.fileExists(atPath: output + Permalink.article(article) + "index.html"))
    }
}
