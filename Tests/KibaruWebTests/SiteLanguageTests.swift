import Foundation
import Hummingbird
import HummingbirdTesting
import KibaruCore
import KibaruServices
import KibaruTesting
import KibaruTheme
import Testing

/// A site's `language` decides its pages: every string of the public theme comes from its catalogue
/// (`Resources/themes/default/strings/`), French and English, and no key is missing in either.
@Suite struct SiteLanguageTests {
    static let themeFolder = TestPaths.resources + "/themes/default"

    static func catalogue(_ language: String) throws -> [String: String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(themeFolder)/strings/\(language).json"))
        return try JSONDecoder().decode([String: String].self, from: data)
    }

    /// Every key a template (`{{t.key}}`) or the code (`t["key"]`) reads is in both catalogues, and both have the
    /// same keys.
    @Test func everyKeyReadIsInEveryLanguage() throws {
        let french = try Self.catalogue("fr"), english = try Self.catalogue("en")
        #expect(Set(french.keys) == Set(english.keys), "keys in one language only: \(Set(french.keys).symmetricDifference(english.keys))")
        var read: Set<String> = []
        let files = FileManager.default.enumerator(atPath: Self.themeFolder)?.compactMap { $0 as? String } ?? []
        for file in files where file.hasSuffix(".mustache") {
            let text = try String(contentsOfFile: "\(Self.themeFolder)/\(file)", encoding: .utf8)
            read.formUnion(text.matches(of: /\{\{t\.([a-z0-9_]+)\}\}/).map { String($0.1) })
        }
        let sources = TestPaths.repositoryRoot.appendingPathComponent("Sources").path
        for folder in ["KibaruTheme", "KibaruWeb/Site"] {
            let path = "\(sources)/\(folder)"
            for file in FileManager.default.enumerator(atPath: path)?.compactMap({ $0 as? String }) ?? []
            where file.hasSuffix(".swift") {
                let text = try String(contentsOfFile: "\(path)/\(file)", encoding: .utf8)
                read.formUnion(text.matches(of: /\bt\["([a-z0-9_]+)"\]/).map { String($0.1) })
            }
        }
        #expect(read.count > 60)
        #expect(read.subtracting(french.keys).isEmpty, "read but missing: \(read.subtracting(french.keys).sorted())")
    }

    /// A theme whose English catalogue lacks a key is refused when it loads.
    @Test func aThemeMissingAKeyIsRefused() async throws {
        let folder = try TestPaths.temporaryDirectory("theme")
        for file in try FileManager.default.contentsOfDirectory(atPath: Self.themeFolder) {
            try FileManager.default.copyItem(atPath: "\(Self.themeFolder)/\(file)", toPath: "\(folder)/\(file)")
        }
        var english = try Self.catalogue("en")
        english["share"] = nil
        try JSONEncoder().encode(english).write(to: URL(fileURLWithPath: "\(folder)/strings/en.json"))
        await #expect(throws: ThemeError.self) { try await Theme.load(from: folder) }
    }

    /// Words of the French theme that must not appear on an English site's pages.
    static let frenchWords = [
        "Partagez", "Étiquette", "Commentaire", "Aucun", "Rechercher", "Répondre", "Laisser un", "LIRE AUSSI",
        "Crédit", ">Par ", "publié", "introuvable", "trouvé", "Articles plus", "Prévisualiser", "Aller au contenu",
        "À lire aussi", "Dans cet article", "Revenir", "janvier", "février", "mars 20", "avril", "juin", "juillet",
        "août", "septembre", "octobre", "novembre", "décembre", "Page 1 sur",
    ]

    @Test func anEnglishSiteShowsNoFrenchString() async throws {
        let network = try await TestNetwork.make()
        let site = try await SiteService(store: network.store).create(
            NewSite(slug: Slug(rawValue: "sahel-news")!, title: "Sahel News", language: "en"))
        let articles = network.articles
        let first = try await articles.save(ArticleDraft(
            siteSlug: site.slug, title: "Rains arrive in Mopti", bodyMarkdown: "The rains came early.",
            authorNames: ["Awa Diarra"], tagNames: ["Weather"], state: .published, publishedAt: TestNetwork.now))
        let body = """
            Farmers in Ségou plant millet.

            ::: figure
            image: /media/field.jpg
            alt: A field
            caption: A field near Ségou
            credit-author: Awa Diarra
            credit-source: Sahel News
            :::

            ::: lire-aussi
            article: \(first.id)
            :::
            """
        for page in 1...11 {
            try await articles.save(ArticleDraft(
                siteSlug: site.slug, title: "Millet season \(page)", bodyMarkdown: body,
                authorNames: ["Awa Diarra", "Moussa Keïta"], tagNames: ["Weather", "Farming"], state: .published,
                publishedAt: TestNetwork.now.addingTimeInterval(Double(page) * 60)))
        }
        let article = try #require(try await network.store.publishedArticle(siteID: site.id, slug: Slug(rawValue: "millet-season-1")!))
        let articlePath = Permalink.article(
            site: site.slug, slug: article.slug, publishedAt: try #require(article.publishedAt), timeZone: site.zone)
        try await CommentService(store: network.store).add(NewComment(
            articleID: article.id, authorName: "Fatou", body: "Good news.", createdAt: TestNetwork.now, status: .approved))
        try await network.application().test(.router) { client in
            let pages = [
                "/sahel-news/", "/sahel-news/page/2/", articlePath, "/sahel-news/tag/weather/",
                "/sahel-news/author/awa-diarra/", "/sahel-news/recherche/?q=millet", "/sahel-news/recherche/",
                "/sahel-news/recherche/?q=%22millet", "/sahel-news/recherche/?q=zzz", "/sahel-news/nowhere/",
                "/commentaires/mes-donnees/?site=sahel-news",
            ]
            for path in pages {
                try await client.execute(uri: path, method: .get) { response in
                    let html = String(buffer: response.body)
                    let expected: HTTPResponse.Status = path.hasSuffix("/nowhere/") ? .notFound
                        : path.contains("%22") ? .badRequest : .ok
                    #expect(response.status == expected, "\(path)")
                    #expect(html.contains(#"<html lang="en">"#), "\(path)")
                    let found = Self.frenchWords.filter { html.contains($0) }
                    #expect(found.isEmpty, "\(path) shows French: \(found)")
                }
            }
            try await client.execute(uri: "/sahel-news/comments/feed/", method: .get) { response in
                let rss = String(buffer: response.body)
                #expect(rss.contains("<title>Comments – Sahel News</title>") && rss.contains("Comment by Fatou on"), "\(rss)")
                #expect(Self.frenchWords.filter { rss.contains($0) }.isEmpty)
            }
            try await client.execute(uri: articlePath, method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Share") && html.contains("Leave a comment") && html.contains("READ ALSO:"))
                #expect(html.contains(#"<a href="/commentaires/mes-donnees/?site=sahel-news">copy or erasure</a>"#))
                #expect(html.contains("Credit: Awa Diarra") && html.contains("Awa Diarra</a> and <a"))
                #expect(html.contains("1 March 2024"), "English dates")
            }
        }
    }

    /// Changing a site's language renders its articles again: the words of their blocks follow.
    @Test func aSiteThatChangesLanguageHasItsArticlesRenderedAgain() async throws {
        let network = try await TestNetwork.make()
        let first = try await network.publish("Premier")
        let second = try await network.publish(
            "Second", body: "Texte.\n\n::: lire-aussi\narticle: \(first.id)\n:::\n\n::: figure\ncaption: Un champ\ncredit-author: Awa\n:::\n")
        #expect(second.bodyHTML.contains("LIRE AUSSI") && second.bodyHTML.contains("Crédit"))
        var site = network.site
        site.frenchTypography = false
        try await SiteAdministration(store: network.store).updateSettings(site)
        #expect(try await network.store.article(id: second.id)?.bodyHTML.contains("LIRE AUSSI\u{00A0}:") == true)
        site.language = "en"  // the language alone
        try await SiteAdministration(store: network.store).updateSettings(site)
        let again = try #require(try await network.store.article(id: second.id))
        #expect(again.bodyHTML.contains("READ ALSO:") && again.bodyHTML.contains("Credit: Awa"), "\(again.bodyHTML)")
        #expect(!again.bodyHTML.contains("LIRE AUSSI"))
    }

    /// A reader who leaves a field wrong on an English site is told so in English.
    @Test func anEnglishSiteTellsCommentProblemsInEnglish() async throws {
        let network = try await TestNetwork.make()
        var site = network.site
        site.language = "en"
        site.frenchTypography = false
        try await SiteAdministration(store: network.store).updateSettings(site)
        try await network.publish("Un article")  // at ReaderCommentTests.path
        let (status, _, html) = try await ReaderCommentTests.post(
            network, [("nom", ""), ("texte", " "), ("courriel", "nowhere"), ("action", "apercu")])
        #expect(status == .unprocessableContent)
        #expect(html.contains("your name is required") && html.contains("the comment is empty"), "\(html)")
        #expect(html.contains("this is not an e-mail address"))
        #expect(!html.contains("obligatoire") && !html.contains("est vide"))
    }

    /// A failure outside a site's pages (a media file missing) on the site's own host name, or under its path,
    /// gets the site's error page, in its language; the network's stays French.
    @Test func errorsOutsideTheRouterSpeakTheSitesLanguage() async throws {
        let network = try await TestNetwork.make()
        var site = network.site
        site.language = "en"
        site.frenchTypography = false
        site.host = "news.example.org"
        try await SiteAdministration(store: network.store).updateSettings(site)
        try await network.application().test(.router) { client in
            try await client.execute(uri: "/media/absent.png", method: .get, headers: [hostField: "news.example.org"]) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("<h1>Page not found</h1>"))
            }
            try await client.execute(uri: "/media/absent.png", method: .get) { response in
                #expect(String(buffer: response.body).contains("<h1>Page introuvable</h1>"), "the network's")
            }
            try await client.execute(uri: "/mali-actu/nowhere/", method: .get) { response in
                #expect(String(buffer: response.body).contains("<h1>Page not found</h1>"))
            }
        }
    }
}
