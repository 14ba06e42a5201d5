import Foundation
import Hummingbird
import HummingbirdTesting
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruTesting
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the network, each site, tag and author; every feed of the demo
/// network checked by Python's feedparser (`scripts/check-feeds.py`).
@Suite struct FeedTests {
    static let formats = [("feed/", "application/rss+xml; charset=utf-8", "rss"),
                          ("feed/atom/", "application/atom+xml; charset=utf-8", "atom"),
                          ("feed/json/", "application/feed+json; charset=utf-8", "json")]

    @Test func everyListingHasItsThreeFeeds() async throws {
        let network = try await TestNetwork.make()
        try await network.publish(
            "Premier <titre> & co", body: "Texte avec [un lien](/mali-actu/) et ![image](/media/a.png).",
            authors: ["Awa Diarra"], tags: ["Économie"], at: TestNetwork.now.addingTimeInterval(-60))
        try await network.publish("Second", authors: ["Ali Maïga"], at: TestNetwork.now)
        try await network.application().test(.router) { client in
            for (base, expected) in [
                ("/", 2), ("/mali-actu/", 2), ("/mali-actu/tag/economie/", 1), ("/mali-actu/author/ali-maiga/", 1),
            ] {
                for (suffix, type, format) in Self.formats {
                    let (status, headers, body) = try await client.getPage(base + suffix, as: nil)
                    #expect(status == .ok && headers[.contentType] == type, "\(base)\(suffix)")
                    if format == "json" {
                        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
                        #expect(object["version"] as? String == "https://jsonfeed.org/version/1.1")
                        #expect((object["items"] as? [Any])?.count == expected, "\(base)\(suffix)")
                        #expect(object["feed_url"] as? String == "https://kibaru.test\(base)\(suffix)")
                    } else {
                        #expect(XMLParser(data: Data(body.utf8)).parse(), "\(base)\(suffix) is well-formed XML")
                        let entry = format == "rss" ? "<item>" : "<entry>"
                        #expect(body.components(separatedBy: entry).count - 1 == expected, "\(base)\(suffix)")
                    }
                }
            }
            let (_, _, rss) = try await client.getPage("/mali-actu/feed/", as: nil)
            #expect(rss.contains("<title>Premier &lt;titre&gt; &amp; co</title>"))
            #expect(rss.contains("<link>https://kibaru.test/mali-actu/2024/03/01/premier-titre-co/</link>"))
            #expect(rss.contains("<pubDate>Fri, 01 Mar 2024 09:59:00 +0000</pubDate>"))
            #expect(rss.contains("<dc:creator>Awa Diarra</dc:creator>") && rss.contains("<category>Économie</category>"))
            #expect(rss.contains("href=&quot;https://kibaru.test/mali-actu/&quot;"), "links in content are absolute")
            #expect(rss.contains("src=&quot;https://kibaru.test/media/a.png&quot;"))
            #expect(rss.contains(#"<atom:link href="https://kibaru.test/mali-actu/feed/" rel="self" type="application/rss+xml"/>"#))
            let (_, _, atom) = try await client.getPage("/mali-actu/feed/atom/", as: nil)
            #expect(atom.contains("<updated>2024-03-01T10:00:00Z</updated>"))
            let (missing, _, _) = try await client.getPage("/mali-actu/tag/inconnue/feed/", as: nil)
            #expect(missing == .notFound)
        }
    }

    @Test func anItemShowsItsArticlesFeaturedImage() async throws {
        let network = try await TestNetwork.make()
        let figure = Figure(image: "/media/fleuve.jpg", alt: "Le fleuve", caption: "Le Niger", credit: Credit(author: "Awa"))
        _ = try await network.articles.save(ArticleDraft(
            siteSlug: network.site.slug, title: "Le fleuve", bodyMarkdown: "Texte.", authorNames: ["Awa Diarra"],
            state: .published, publishedAt: TestNetwork.now, featuredFigure: figure))
        try await network.publish("Sans image", authors: ["Awa Diarra"], at: TestNetwork.now.addingTimeInterval(-60))
        try await network.application().test(.router) { client in
            let (_, _, body) = try await client.getPage("/mali-actu/feed/json/", as: nil)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            let items = try #require(object["items"] as? [[String: Any]])
            #expect(items.map { $0["image"] as? String } == ["https://kibaru.test/media/fleuve.jpg", nil])
        }
    }

    /// Whether `python3 -c "import feedparser"` works here.
    static let hasFeedparser: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import feedparser"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    @Test(.enabled(if: hasFeedparser, "Python's feedparser is not installed (make test installs it): skipped"))
    func everyFeedOfTheDemoNetworkParsesWithFeedparser() async throws {
        let directory = try TestPaths.temporaryDirectory("demo-feeds")
        let data = DataDirectory(path: directory)
        _ = try await DemoNetwork.create(in: data, resourcesDirectory: TestPaths.resources)
        let store = try await data.open()
        var listings = ["/"]
        for site in try await store.sites() {
            let siteID = site.id
            listings.append(Permalink.site(site.slug))
            listings += try await store.tagsInUse(siteID: siteID, limit: nil).map { Permalink.tag(site: site.slug, tag: $0.tag.slug) }
            listings += try await store.authorsInUse(siteID: siteID, limit: nil)
                .map { Permalink.author(site: site.slug, person: $0.person.slug) }
        }
        let config = try AppConfig(dataDirectory: directory, resourcesDirectory: TestPaths.resources)
        let output = try TestPaths.temporaryDirectory("feeds")
        let paths = listings
        let files = try await buildApplication(config, logger: TestNetwork.logger).test(.router) { client in
            var files: [String] = []
            for (index, listing) in paths.enumerated() {
                for (suffix, _, format) in Self.formats {
                    let (status, _, body) = try await client.getPage(listing + suffix, as: nil)
                    #expect(status == .ok, "\(listing)\(suffix)")
                    let file = "\(output)/\(index).\(format)"
                    try body.write(toFile: file, atomically: true, encoding: .utf8)
                    files.append(file)
                }
            }
            return files
        }
        #expect(files.count >= 3 * (1 + 3 + 6), "the network, 3 sites and their tags and authors")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestPaths.repositoryRoot.appendingPathComponent("scripts/check-feeds.py").path] + files
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let report = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(report)")
        #expect(report.contains("all parse with feedparser"), "\(report)")
    }
}
