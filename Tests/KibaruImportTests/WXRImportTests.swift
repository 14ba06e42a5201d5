import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KibaruApp
import KibaruCore
import KibaruImport
import KibaruServices
import KibaruTesting
import Testing

/// Importing WordPress exports: the public fixtures, what a re-run and a dry run do, media, redirects, errors.
@Suite struct WXRImportTests {
    static let fixtures = TestPaths.sharedTestdata.appendingPathComponent("wordpress-wxr")
    static let phpunit = fixtures.appendingPathComponent("wordpress-importer/phpunit-data")
    static let themeUnitTest = fixtures.appendingPathComponent("theme-test-data/themeunittestdata.wordpress.xml").path
    static let hasFixtures = FileManager.default.fileExists(atPath: fixtures.path)
    static let absent: Testing.Comment = "needs ../shared/testdata/wordpress-wxr (not part of a user's clone)"

    static func importer(_ network: TestNetwork) -> WXRImporter {
        WXRImporter(store: network.store, media: network.config.data.mediaStorage, now: { TestNetwork.now })
    }

    static func articles(_ network: TestNetwork, site: String) async throws -> [Article] {
        try await network.store.write { tx in
            guard let site = try await tx.site(slug: Slug(rawValue: site)!) else { return [] }
            let id = site.id
            return try await tx.articleIDs(siteID: id).asyncCompactMap { try await tx.article(id: $0) }
        }
    }

    @Test(.enabled(if: hasFixtures, absent))
    func smallExportImportsAsWordPressDoes() async throws {
        let network = try await TestNetwork.make()
        let report = try await Self.importer(network).importFile(
            Self.phpunit.appendingPathComponent("small-export.xml").path, into: Slug(rawValue: "petit")!)
        // EXPECTATIONS.json: 5 published posts, 1 private, 4 published pages, 1 draft page; 1 comment.
        #expect(report.created == 11 && report.updated == 0 && report.pages == 5 && report.comments == 1)
        let articles = try await Self.articles(network, site: "petit")
        #expect(articles.filter { !$0.isPage && $0.state == .published }.count == 5)
        #expect(articles.filter { !$0.isPage && $0.state == .draft }.map(\.title) == ["Private Post"])
        #expect(articles.filter { $0.isPage && $0.state == .published }.count == 4)
        #expect(articles.filter { $0.isPage && $0.state == .draft }.map(\.title) == ["Draft Page"])
        try await network.store.write { tx in
            let site = try #require(try await tx.site(slug: Slug(rawValue: "petit")!))
            let tags = try await tx.tags(siteID: site.id)
            // 30 categories (the default "Uncategorized" left out) and 3 tags, each under its WordPress slug:
            // "foo" and "foo-bar" are both named "Foo"; "eternity" is "远征手记".
            #expect(tags.count == 29 + 3)
            #expect(tags.contains { $0.slug.rawValue == "foo-bar" && $0.name == "Foo" })
            #expect(tags.contains { $0.slug.rawValue == "eternity" && $0.name == "远征手记" })
            #expect(!tags.contains { $0.slug.rawValue == "uncategorized" })
            // Kibaru tags are flat; a category's parent lives on in its old address: "foo-bar" is under "bar".
            let redirects = try await tx.legacyRedirects(siteID: site.id)
            #expect(redirects.contains { $0.path == "/category/bar/foo-bar/" && $0.target == "/petit/tag/foo-bar/" })
            #expect(redirects.contains { $0.path == "/category/foo/" && $0.target == "/petit/tag/foo/" })
            // The 3 users are people of the network, named as WordPress displays them.
            for login in ["admin", "editor", "author"] {
                #expect(try await tx.legacyRedirects(siteID: site.id).contains { $0.path == "/author/\(login)/" })
            }
        }
        let many = try #require(articles.first { $0.title == "Many Categories" })
        #expect(many.tags.count >= 20)
    }

    @Test(.enabled(if: hasFixtures, absent))
    func theThemeUnitTestDataImportsWithPostsPagesCommentsTermsAndCaptions() async throws {
        let network = try await TestNetwork.make()
        let report = try await Self.importer(network).importFile(
            Self.themeUnitTest, into: Slug(rawValue: "theme")!, options: WXRImportOptions(categories: .sections))
        // 56 published posts, 1 future, 1 draft, 21 pages; navigation items and attachments are not articles.
        #expect(report.created == 79 && report.pages == 21)
        #expect(report.skipped["nav_menu_item"] == 70)
        // 29 comments (26 approved, 3 pending) with their threads; 4 pingbacks and trackbacks left aside.
        #expect(report.comments == 29)
        #expect((report.skipped["pingback"] ?? 0) + (report.skipped["trackback"] ?? 0) == 4)
        #expect(report.warnings.contains { $0.contains("mot de passe") })
        let articles = try await Self.articles(network, site: "theme")
        #expect(articles.filter { $0.state == .scheduled }.count == 1)
        let comments = try await network.store.write { tx in
            try await articles.asyncMap { try await tx.allComments(articleID: $0.id) }.flatMap { $0 }
        }
        #expect(comments.count == 29)
        #expect(comments.filter { $0.status == .approved }.count == 26)
        #expect(comments.filter { $0.parentID != nil }.count == 10, "threads kept")
        // Captions become figures with their caption.
        let captioned = try #require(articles.first { $0.title == "Post Format: Image (Caption)" })
        #expect(captioned.bodyMarkdown.contains("::: figure"))
        #expect(captioned.bodyMarkdown.contains("caption: "))
        #expect(captioned.bodyHTML.contains("<figcaption>"))
        // Categories became sections, tags stayed tags.
        let siteTags = try await network.store.write { tx in
            try await tx.tags(siteID: try #require(try await tx.site(slug: Slug(rawValue: "theme")!)?.id))
        }
        #expect(siteTags.filter { $0.kind == .section }.count >= 20)
        #expect(siteTags.filter { $0.kind == nil }.count >= 100)
        for article in articles {
            #expect(!article.bodyHTML.contains("<script"), "\(article.title)")
        }
    }

    @Test(.enabled(if: hasFixtures, absent))
    func everyValidFixtureImportsAndEveryMalformedOneFailsCleanly() async throws {
        let malformed = ["malformed.xml", "malformed-simple.xml", "crazy-cdata.xml", "missing-version-tag.xml",
                         "invalid-version-tag.xml"]
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.phpunit.path).filter { $0.hasSuffix(".xml") }
            .sorted()
        #expect(files.count == 34)
        for file in files {
            let network = try await TestNetwork.make()
            let slug = Slug(rawValue: "blog")!
            let path = Self.phpunit.appendingPathComponent(file).path
            if malformed.contains(file) {
                do {
                    _ = try await Self.importer(network).importFile(path, into: slug)
                    Issue.record("\(file) was imported")
                } catch let error as WXRError {
                    #expect((error.file as NSString).lastPathComponent == file && error.line > 0, "\(file): \(error)")
                }
                #expect(try await network.store.site(slug: slug) == nil, "\(file): nothing written")
            } else {
                let report = try await Self.importer(network).importFile(path, into: slug)
                #expect(report.warnings.allSatisfy { !$0.isEmpty }, "\(file)")
                #expect(try await network.store.site(slug: slug) != nil, "\(file)")
            }
        }
    }

    @Test(.enabled(if: hasFixtures, absent))
    func aSecondRunUpdatesInsteadOfDuplicatingAndADryRunWritesNothing() async throws {
        let network = try await TestNetwork.make()
        let slug = Slug(rawValue: "theme")!
        let dry = try await Self.importer(network).importFile(
            Self.themeUnitTest, into: slug, options: WXRImportOptions(dryRun: true))
        #expect(dry.dryRun && dry.created == 79 && dry.siteCreated)
        #expect(try await network.store.site(slug: slug) == nil, "a dry run writes nothing")
        let first = try await Self.importer(network).importFile(Self.themeUnitTest, into: slug)
        let second = try await Self.importer(network).importFile(Self.themeUnitTest, into: slug)
        #expect(first.created == 79 && second.created == 0 && second.updated == 79)
        #expect(second.comments == first.comments)
        #expect(try await Self.articles(network, site: "theme").count == 79)
        let comments = try await network.store.write { tx in
            try await tx.articleIDs(siteID: try #require(try await tx.site(slug: slug)?.id))
                .asyncMap { try await tx.allComments(articleID: $0) }.flatMap { $0 }
        }
        #expect(comments.count == 29)
    }

    @Test func aMalformedFileNamesItsLineAndLeavesTheSiteAsItWas() async throws {
        let network = try await TestNetwork.make()
        let directory = try TestPaths.temporaryDirectory("wxr")
        let good = Self.wxr(items: [Self.post(id: 1, title: "Bonjour", body: "<p>Premier article.</p>")])
        let goodPath = directory + "/bon.xml"
        try good.write(toFile: goodPath, atomically: true, encoding: .utf8)
        _ = try await Self.importer(network).importFile(goodPath, into: network.site.slug)
        let broken = Self.wxr(items: [Self.post(id: 2, title: "Deuxième", body: "<p>Texte</p>")])
            .replacingOccurrences(of: "</item>", with: "</itme>")
        let brokenPath = directory + "/casse.xml"
        try broken.write(toFile: brokenPath, atomically: true, encoding: .utf8)
        do {
            _ = try await Self.importer(network).importFile(brokenPath, into: network.site.slug)
            Issue.record("a malformed file was imported")
        } catch let error as WXRError {
            #expect(error.file == brokenPath && error.line > 1)
            #expect(error.description.hasPrefix("\(brokenPath):\(error.line):"))
        }
        #expect(try await Self.articles(network, site: "mali-actu").map(\.title) == ["Bonjour"])
    }

    @Test func oldAddressesRedirectToTheirNewHome() async throws {
        let network = try await TestNetwork.make()
        let path = try TestPaths.temporaryDirectory("wxr") + "/blog.xml"
        try Self.wxr(items: [
            Self.post(id: 12, title: "Kidal : l’armée arrive", body: "<p>Texte.</p>", slug: "kidal-armee",
                      link: "https://monblog.mondoblog.org/2019/05/12/kidal-armee/", category: ("actualite", "Actualité")),
            """
            <item><title>Piège</title><link>https://monblog.mondoblog.org/piege/</link>
            <wp:post_id>13</wp:post_id><wp:post_type><![CDATA[attachment]]></wp:post_type>
            <wp:status><![CDATA[inherit]]></wp:status><wp:attachment_url>https://evil.example/</wp:attachment_url></item>
            """,
        ]).write(toFile: path, atomically: true, encoding: .utf8)
        _ = try await Self.importer(network).importFile(path, into: network.site.slug)
        let target = "/mali-actu/2019/05/12/kidal-armee/"
        try await network.application().test(.router) { client in
            for (old, new) in [
                ("/mali-actu/?p=12", target), ("/mali-actu/?p=12&replytocom=3", target),
                ("/mali-actu/category/actualite/", "/mali-actu/tag/actualite/"),
                ("/mali-actu/category/actualite/feed/", "/mali-actu/tag/actualite/feed/"),
                ("/mali-actu/author/awa/", "/mali-actu/author/awa-diarra/"),
            ] {
                try await client.execute(uri: old, method: .get) { response in
                    #expect(response.status == .movedPermanently, "\(old)")
                    #expect(response.headers[.location] == new, "\(old)")
                }
            }
            for uri in ["/mali-actu/?p=999", "/mali-actu/?attachment_id=13"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri): the site's home, never a redirect elsewhere")
                }
            }
            try await client.execute(uri: "//evil.example/", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func mediaAreCopiedFromUploadsOrListedWhenAbsent() async throws {
        let network = try await TestNetwork.make()
        let directory = try TestPaths.temporaryDirectory("wxr")
        let uploads = directory + "/uploads"
        try FileManager.default.createDirectory(atPath: uploads + "/2019/05", withIntermediateDirectories: true)
        try Data(SampleImages.jpeg()).write(to: URL(fileURLWithPath: uploads + "/2019/05/fleuve.jpg"))
        let body = """
            [caption id="attachment_7" align="alignnone" width="300"]<img class="wp-image-7" src="https://monblog.mondoblog.org/wp-content/uploads/2019/05/fleuve.jpg" alt="Le fleuve" /> Le fleuve à Mopti via Wikicommons[/caption]
            <p>Et une autre : <img src="https://monblog.mondoblog.org/wp-content/uploads/2019/05/absente.jpg" alt="" /></p>
            <p><img src="https://x.org/wp-content/uploads/%2e%2e/secret.jpg" alt="" /></p>
            """
        try Data("mot de passe".utf8).write(to: URL(fileURLWithPath: directory + "/secret.jpg"))
        let path = directory + "/blog.xml"
        try Self.wxr(items: [Self.post(id: 3, title: "Le fleuve", body: body)]).write(toFile: path, atomically: true, encoding: .utf8)
        // A dry run copies nothing (the files are copied ahead of the batches, on the reader's thread, otherwise).
        _ = try await Self.importer(network).importFile(
            path, into: network.site.slug, options: WXRImportOptions(mediaDirectory: uploads, dryRun: true))
        #expect(!FileManager.default.fileExists(atPath: network.config.data.mediaPath + "/wp/mali-actu/2019/05/fleuve.jpg"))
        let report = try await Self.importer(network).importFile(
            path, into: network.site.slug, options: WXRImportOptions(mediaDirectory: uploads))
        #expect(report.mediaCopied == 1)
        // A path climbing out of the uploads folder is never copied.
        #expect(report.remoteMedia == [
            "https://monblog.mondoblog.org/wp-content/uploads/2019/05/absente.jpg",
            "https://x.org/wp-content/uploads/%2e%2e/secret.jpg",
        ])
        #expect(!FileManager.default.fileExists(atPath: network.config.data.mediaPath + "/wp/secret.jpg"))
        #expect(!FileManager.default.fileExists(atPath: network.config.data.mediaPath + "/wp/mali-actu/secret.jpg"))
        #expect(FileManager.default.fileExists(atPath: network.config.data.mediaPath + "/wp/mali-actu/2019/05/fleuve.jpg"))
        let article = try #require(try await Self.articles(network, site: "mali-actu").first)
        #expect(article.bodyMarkdown.contains("image: /media/wp/mali-actu/2019/05/fleuve.jpg"))
        #expect(article.bodyMarkdown.contains("credit-source: Wikicommons"))
        let library = try await network.store.media(siteIDs: [network.site.id], limit: 10)
        #expect(library.map(\.path) == ["wp/mali-actu/2019/05/fleuve.jpg"])
    }

    /// The reader's thread prepares posts without the store: a LIRE AUSSI naming a post stored earlier in the same
    /// batch is rendered unresolved there, and must come out linked all the same.
    @Test func aReadAlsoNamingAPostOfTheSameBatchLinksToIt() async throws {
        let network = try await TestNetwork.make()
        let path = try TestPaths.temporaryDirectory("wxr") + "/blog.xml"
        try Self.wxr(items: [
            Self.post(id: 1, title: "Élections : le grand bluff", body: "<p>Le scrutin.</p>", slug: "elections"),
            Self.post(
                id: 2, title: "Kidal", body: """
                    <p>L’armée arrive ?</p>
                    <p>LIRE AUSSI : <a href="https://monblog.mondoblog.org/2019/05/12/elections/">Élections : le grand bluff</a></p>
                    """, slug: "kidal"),
        ]).write(toFile: path, atomically: true, encoding: .utf8)
        _ = try await Self.importer(network).importFile(path, into: network.site.slug)
        let kidal = try #require(try await Self.articles(network, site: "mali-actu").first { $0.slug.rawValue == "kidal" })
        #expect(kidal.bodyHTML.contains(#"href="/mali-actu/2019/05/12/elections/""#))
        #expect(kidal.bodyHTML.contains("arrive\u{202F}?"), "typeset")
    }

    @Test func aReimportKeepsModerationAndNeverBringsBackErasedComments() async throws {
        let network = try await TestNetwork.make()
        let path = try TestPaths.temporaryDirectory("wxr") + "/blog.xml"
        let comments = """
            <wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author><![CDATA[Fatou]]></wp:comment_author>
            <wp:comment_author_email><![CDATA[fatou@example.org]]></wp:comment_author_email>
            <wp:comment_date_gmt><![CDATA[2019-05-13 10:00:00]]></wp:comment_date_gmt>
            <wp:comment_content><![CDATA[Merci]]></wp:comment_content><wp:comment_approved><![CDATA[1]]></wp:comment_approved>
            <wp:comment_parent>0</wp:comment_parent></wp:comment>
            <wp:comment><wp:comment_id>2</wp:comment_id><wp:comment_author><![CDATA[Ali]]></wp:comment_author>
            <wp:comment_date_gmt><![CDATA[2019-05-13 11:00:00]]></wp:comment_date_gmt>
            <wp:comment_content><![CDATA[Achetez]]></wp:comment_content><wp:comment_approved><![CDATA[1]]></wp:comment_approved>
            <wp:comment_parent>0</wp:comment_parent></wp:comment>
            """
        try Self.wxr(items: [Self.post(id: 5, title: "Bonjour", body: "<p>Texte</p>", comments: comments)])
            .write(toFile: path, atomically: true, encoding: .utf8)
        _ = try await Self.importer(network).importFile(path, into: network.site.slug)
        let articleID = try #require(try await Self.articles(network, site: "mali-actu").first?.id)
        let all = try await network.store.write { tx in try await tx.allComments(articleID: articleID) }
        var spam = try #require(all.first { $0.authorName == "Ali" })
        spam.status = .spam
        try await network.store.write { [spam] tx in try await tx.updateComment(spam) }
        #expect(try await network.store.write { tx in try await tx.deleteComments(email: "fatou@example.org") } == 1)
        let again = try await Self.importer(network).importFile(path, into: network.site.slug)
        #expect(again.skipped["commentaire effacé depuis"] == 1)
        let after = try await network.store.write { tx in try await tx.allComments(articleID: articleID) }
        #expect(after.map(\.authorName) == ["Ali"], "the erased comment stays erased")
        #expect(after.first?.status == .spam, "Kibaru's moderation stays")
    }

    @Test func longImportsShowTheirProgress() async throws {
        let network = try await TestNetwork.make()
        let path = try TestPaths.temporaryDirectory("wxr") + "/long.xml"
        try Self.wxr(items: (1...501).map { Self.post(id: $0, title: "Dépêche \($0)", body: "<p>Texte \($0).</p>") })
            .write(toFile: path, atomically: true, encoding: .utf8)
        final class Lines: @unchecked Sendable {
            let lock = NSLock()
            var all: [String] = []
            func add(_ line: String) { lock.withLock { all.append(line) } }
        }
        let lines = Lines()
        let report = try await Self.importer(network).importFile(path, into: network.site.slug, progress: lines.add)
        #expect(report.created == 501)
        #expect(lines.all.first?.hasSuffix("long.xml : 501 articles et pages, 0 média, 1 auteur") == true)
        #expect(lines.all.contains { $0.hasPrefix("… 500 / 501 articles et pages (99 %), environ ") && $0.hasSuffix(" restantes") },
                "\(lines.all)")
    }

    // MARK: Small exports written for these tests

    static func post(
        id: Int, title: String, body: String, slug: String? = nil, link: String? = nil,
        category: (String, String)? = nil, comments: String = ""
    ) -> String {
        """
        <item>
        <title><![CDATA[\(title)]]></title>
        <link>\(link ?? "https://monblog.mondoblog.org/?p=\(id)")</link>
        <dc:creator><![CDATA[awa]]></dc:creator>
        <guid isPermaLink="false">https://monblog.mondoblog.org/?p=\(id)</guid>
        <content:encoded><![CDATA[\(body)]]></content:encoded>
        <excerpt:encoded><![CDATA[]]></excerpt:encoded>
        <wp:post_id>\(id)</wp:post_id>
        <wp:post_date><![CDATA[2019-05-12 10:00:00]]></wp:post_date>
        <wp:post_date_gmt><![CDATA[2019-05-12 10:00:00]]></wp:post_date_gmt>
        <wp:comment_status><![CDATA[open]]></wp:comment_status>
        <wp:post_name><![CDATA[\(slug ?? "")]]></wp:post_name>
        <wp:status><![CDATA[publish]]></wp:status>
        <wp:post_type><![CDATA[post]]></wp:post_type>
        \(category.map { "<category domain=\"category\" nicename=\"\($0.0)\"><![CDATA[\($0.1)]]></category>" } ?? "")
        \(comments)
        </item>
        """
    }

    static func wxr(items: [String]) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
          xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
          xmlns:wp="http://wordpress.org/export/1.2/">
        <channel>
        <title>Mon blog</title>
        <link>https://monblog.mondoblog.org</link>
        <description>Un blog du Sahel</description>
        <language>fr-FR</language>
        <wp:wxr_version>1.2</wp:wxr_version>
        <wp:base_site_url>https://mondoblog.org</wp:base_site_url>
        <wp:base_blog_url>https://monblog.mondoblog.org</wp:base_blog_url>
        <wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[awa]]></wp:author_login><wp:author_email><![CDATA[awa@example.org]]></wp:author_email><wp:author_display_name><![CDATA[Awa Diarra]]></wp:author_display_name></wp:author>
        \(items.joined(separator: "\n"))
        </channel>
        </rss>
        """
    }
}
