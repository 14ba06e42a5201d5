import Foundation
import Hummingbird
import HummingbirdTesting
import KibaruCore
import KibaruImport
import KibaruServices
import KibaruTesting
import Testing

/// Every page type, public and admin (and a site's pages in English), in a real headless Chromium at a phone's size (360×800) and a laptop's
/// (1366×900), and in dark colours: no console error, no serious or critical axe-core violation, and its HTML passes the Nu HTML
/// Checker with no error. The screenshots go to `KIBARU_SCREENSHOTS` when it names a folder (the seed article's
/// are committed in `docs/screenshots/`), else to a temporary folder.
@Suite(
    .serialized,
    .enabled(if: WebDriver.isAvailable, "chromium and chromium-driver are not installed: skipped"),
    .enabled(if: PageCheckers.located != nil, "\(PageCheckers.skipReason)"))
struct PageQualityTests {
    /// One page to check: its name (for files and messages), its path, and the status it answers with.
    struct PageType: Sendable {
        var name: String
        var path: String
        var status: Int = 200
        /// Whether the staff member's session is sent.
        var loggedIn: Bool = false
    }

    static let sizes = [(width: 360, height: 800), (width: 1366, height: 900)]

    /// The public page types of the demo network (with the seed article when it is present) and every admin screen.
    static func pageTypes(_ network: TestNetwork) async throws -> [PageType] {
        let store = network.store
        let site = network.site.slug
        let listing = try await store.publishedArticles(.site(network.site.id), page: PageRequest(number: 1, size: 50))
        let withFigure = try #require(listing.items.first { $0.title.hasPrefix("Le marché du samedi") })
        let article = try #require(try await store.publishedArticle(siteID: network.site.id, slug: withFigure.slug))
        let author = try #require(article.authors.first)
        let tag = try #require(article.tags.first)
        var pages = [
            PageType(name: "accueil-reseau", path: "/"),
            PageType(name: "accueil-site", path: Permalink.site(site)),
            PageType(name: "article", path: Permalink.article(withFigure)),
            PageType(name: "etiquette", path: Permalink.tag(site: site, tag: tag.slug)),
            PageType(name: "index-etiquettes", path: Permalink.tagIndex(site: site)),
            PageType(name: "accueil-site-page-2", path: Permalink.site(site) + "page/2/", status: 404),
            PageType(name: "auteur", path: Permalink.author(site: site, person: author.slug)),
            PageType(name: "recherche", path: "/recherche/?q=pirogue"),
            PageType(name: "recherche-vide", path: "/recherche/"),
            PageType(name: "recherche-site", path: "/\(site)/recherche/?q=march%C3%A9"),
            PageType(name: "introuvable", path: "/nulle-part/", status: 404),
            PageType(name: "mes-commentaires", path: "/commentaires/mes-donnees/"),
        ]
        if let seed = try await store.publishedArticles(.site(network.site.id), page: PageRequest(number: 1, size: 50))
            .items.first(where: { $0.title.hasPrefix("Lutte contre le terrorisme") })
        {
            pages.append(PageType(name: "article-seed", path: Permalink.article(seed)))
        }
        // An English site's pages (the theme in its other language).
        let english = try await SiteService(store: store).create(
            NewSite(slug: Slug(rawValue: "sahel-news")!, title: "Sahel News", language: "en"))
        let englishArticle = try await network.articles.save(ArticleDraft(
            siteSlug: english.slug, title: "Rains arrive in Mopti",
            bodyMarkdown: "The rains came early.\n\n::: figure\ncaption: A field near Mopti\ncredit-author: Awa Diarra\n:::\n",
            authorNames: ["Awa Diarra", "Moussa Keïta"], tagNames: ["Weather"], state: .published,
            publishedAt: TestNetwork.now))
        pages += [
            PageType(name: "en-accueil-site", path: Permalink.site(english.slug)),
            PageType(name: "en-article", path: Permalink.article(
                site: english.slug, slug: englishArticle.slug, publishedAt: TestNetwork.now, timeZone: english.zone)),
            PageType(name: "en-recherche", path: "/sahel-news/recherche/?q=rains"),
            PageType(name: "en-introuvable", path: "/sahel-news/nowhere/", status: 404),
        ]
        let entity = try await firstEntityPath(network, article: Permalink.article(withFigure))
        if let entity { pages.append(PageType(name: "sujet", path: entity)) }
        // Last: the browser logs in before the first of them.
        return pages + (try await adminPageTypes(network, article: article.id))
    }

    /// The login and password pages, then every admin screen (seen logged in).
    static func adminPageTypes(_ network: TestNetwork, article: Article.ID) async throws -> [PageType] {
        let site = network.site.slug
        let admin: [(String, String)] = [
            ("admin-tableau", "/admin/"), ("admin-articles", "/admin/articles/"),
            ("admin-nouvel-article", "/admin/articles/nouveau/"), ("admin-editeur", "/admin/articles/\(article)/"),
            ("admin-sites", "/admin/sites/"), ("admin-reglages", "/admin/sites/\(site)/reglages/"),
            ("admin-etiquettes", "/admin/sites/\(site)/etiquettes/"), ("admin-webhooks", "/admin/sites/\(site)/webhooks/"),
            ("admin-cles", "/admin/sites/\(site)/cles/"), ("admin-equipe", "/admin/sites/\(site)/equipe/"),
            ("admin-jetons", "/admin/jetons/"), ("admin-commentaires", "/admin/commentaires/"),
            ("admin-medias", "/admin/medias/"), ("admin-journal", "/admin/journal/"),
        ]
        return [
            PageType(name: "admin-connexion", path: "/admin/connexion/"),
            PageType(name: "admin-mot-de-passe", path: "/admin/mot-de-passe/?jeton=perime"),
        ] + admin.map { PageType(name: $0.0, path: $0.1, loggedIn: true) }
    }

    /// The first `/sujet/` link of an article page.
    static func firstEntityPath(_ network: TestNetwork, article: String) async throws -> String? {
        try await network.application().test(.router) { client in
            try await client.execute(uri: article, method: .get) { response in
                String(buffer: response.body).firstMatch(of: /href="(\/[a-z0-9-]+\/sujet\/[a-z0-9-]+\/)"/)
                    .map { String($0.1) }
            }
        }
    }

    /// The network: the demo, the seed article in the first site when present, a comment waiting for moderation
    /// and a network administrator.
    static func network() async throws -> (TestNetwork, TestNetwork.Login) {
        let network = try await TestNetwork.demo(baseURL: "http://localhost")
        if let seed = TestPaths.seedArticle {
            let text = try String(contentsOfFile: seed, encoding: .utf8)
            var imported = try ScrapedPageParser(fileName: "article.txt").parse(text, site: network.site)
            imported.draft.tagNames = ["Mali", "Russie"]
            try await network.articles.importArticle(imported)
        }
        return (network, try await network.staff("Ada Admin", role: nil))
    }

    /// The folder the screenshots go to.
    static func screenshotFolder() throws -> String {
        if let folder = ProcessInfo.processInfo.environment["KIBARU_SCREENSHOTS"], !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return folder
        }
        return try TestPaths.temporaryDirectory("screenshots")
    }

    /// The bytes the server sends for `path`, as a browser would get them (with the session's cookie if asked).
    static func fetch(
        _ base: String, _ page: PageType, cookie: String, language: String = "fr-FR,fr"
    ) async throws -> (status: Int, html: String) {
        let headers = [("Accept-Language", language)] + (page.loggedIn ? [("Cookie", cookie)] : [])
        let answer = try await LocalHTTP.get(base + page.path, headers: headers, followingRedirects: false)
        return (answer.status, answer.body)
    }

    @Test func everyPageTypePassesTheBrowserTheHTMLCheckerAndAxe() async throws {
        let (network, login) = try await Self.network()
        let pages = try await Self.pageTypes(network)
        let htmlFolder = try TestPaths.temporaryDirectory("pages")
        let screenshots = try Self.screenshotFolder()
        let files = try await WebDriver.with(javaScript: true) { browser in
            try await Self.checkersSeeWhatTheyLookFor(browser, folder: htmlFolder)
            return try await network.application().test(.live) { client in
                var files: [String] = []
                let base = "http://localhost:\(try #require(client.port))"
                var loggedIn = false
                for page in pages {
                    if page.loggedIn, !loggedIn {  // the admin's pages come last: the others are seen logged out
                        try await browser.addCookie(name: "kibaru_session", value: login.token)
                        loggedIn = true
                    }
                    let (status, html) = try await Self.fetch(base, page, cookie: login.cookie)
                    #expect(status == page.status, "\(page.name) \(page.path): \(status)")
                    let file = "\(htmlFolder)/\(page.name).html"
                    try Data(html.utf8).write(to: URL(fileURLWithPath: file))
                    files.append(file)
                    try await Self.visit(page, base: base, browser: browser, screenshots: screenshots)
                }
                // The comment form's preview, a page only a POST makes: checked as the browser has it.
                let article = try #require(pages.first { $0.name == "article" })
                try await browser.open(base + article.path)
                try await browser.type("Awa", into: "#nom")
                try await browser.type("Un *avis* sur https://example.org", into: "#texte")
                try await browser.submit("button[value=apercu]")
                #expect(try await browser.source().contains("comment-preview"))
                let preview = "\(htmlFolder)/apercu-commentaire.html"
                // The browser's serialisation leaves the doctype out.
                try Data(("<!doctype html>\n" + (try await browser.source())).utf8).write(to: URL(fileURLWithPath: preview))
                files.append(preview)
                let errors = try await browser.consoleErrors()
                #expect(errors.isEmpty, "comment preview: \(errors)")
                let violations = try await PageCheckers.accessibilityViolations(browser)
                #expect(violations.isEmpty, "comment preview: \(violations)")
                return files
            }
        }
        let htmlErrors = try PageCheckers.htmlErrors(in: files)
        for (file, errors) in htmlErrors.sorted(by: { $0.key < $1.key }) {
            let report = "\(file): \(errors.count) HTML errors:\n" + errors.joined(separator: "\n")
            Issue.record("\(report)")
        }
    }

    /// The admin follows the browser's language: in English, the login and password pages and every admin screen
    /// pass the same checks, at both sizes and in dark colours.
    @Test func theAdminInEnglishPassesTheBrowserTheHTMLCheckerAndAxe() async throws {
        let (network, login) = try await Self.network()
        let article = try #require(try await network.store.publishedArticles(
            .site(network.site.id), page: PageRequest(number: 1, size: 1)).items.first)
        let pages = try await Self.adminPageTypes(network, article: article.id).map { page in
            PageType(name: "en-" + page.name, path: page.path, status: page.status, loggedIn: page.loggedIn)
        }
        let htmlFolder = try TestPaths.temporaryDirectory("pages-en")
        let screenshots = try Self.screenshotFolder()
        let files = try await WebDriver.with(javaScript: true, language: "en-GB") { browser in
            try await network.application().test(.live) { client in
                var files: [String] = []
                let base = "http://localhost:\(try #require(client.port))"
                var loggedIn = false
                for page in pages {
                    if page.loggedIn, !loggedIn {
                        try await browser.addCookie(name: "kibaru_session", value: login.token)
                        loggedIn = true
                    }
                    let (status, html) = try await Self.fetch(base, page, cookie: login.cookie, language: "en-GB,en")
                    #expect(status == page.status, "\(page.name) \(page.path): \(status)")
                    #expect(html.contains("<html lang=\"en\""), "\(page.name) is not in English")
                    let file = "\(htmlFolder)/\(page.name).html"
                    try Data(html.utf8).write(to: URL(fileURLWithPath: file))
                    files.append(file)
                    try await Self.visit(page, base: base, browser: browser, screenshots: screenshots)
                    #expect(try await browser.run("return document.documentElement.lang") as? String == "en",
                            "\(page.name): the browser was not answered in English")
                }
                return files
            }
        }
        for (file, errors) in try PageCheckers.htmlErrors(in: files).sorted(by: { $0.key < $1.key }) {
            let report = "\(file): \(errors.count) HTML errors:\n" + errors.joined(separator: "\n")
            Issue.record("\(report)")
        }
    }

    /// The checkers fail when they should: a console error, an image without text alternative and a stray end
    /// tag are each reported.
    static func checkersSeeWhatTheyLookFor(_ browser: WebDriver, folder: String) async throws {
        let broken = "<!doctype html><html lang=fr><title>x</title><img src=data:,><p></div><script>console.error('panne')</script>"
        try await browser.open("data:text/html," + broken.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        #expect(try await browser.consoleErrors().contains { $0.contains("panne") })
        #expect(try await PageCheckers.accessibilityViolations(browser).contains { $0.hasPrefix("image-alt") })
        let file = folder + "/casse.html"
        try Data(broken.utf8).write(to: URL(fileURLWithPath: file))
        #expect(try PageCheckers.htmlErrors(in: [file])["casse.html"]?.isEmpty == false)
        try FileManager.default.removeItem(atPath: file)
    }

    /// Opens the page at each size: no console error (but the page's own status when it is an error page), no
    /// serious or critical violation, a screenshot.
    static func visit(_ page: PageType, base: String, browser: WebDriver, screenshots: String) async throws {
        for size in sizes {
            try await browser.resize(width: size.width, height: size.height)
            try await browser.open(base + page.path)
            #expect(try await browser.currentURL() == base + page.path, "\(page.name) was redirected")
            let errors = try await browser.consoleErrors().filter { message in
                !(page.status != 200 && message.contains("status of \(page.status)"))
            }
            #expect(errors.isEmpty, "\(page.name) at \(size.width) px: console errors \(errors)")
            let violations = try await PageCheckers.accessibilityViolations(browser)
            let report = violations.joined(separator: "\n")
            #expect(violations.isEmpty, "\(page.name) at \(size.width) px:\n\(report)")
            let png = try await browser.screenshot()
            try png.write(to: URL(fileURLWithPath: "\(screenshots)/\(page.name)-\(size.width).png"))
        }
        // The dark colours too (`prefers-color-scheme: dark`): contrast is checked again.
        try await browser.prefersDarkColorScheme(true)
        #expect(try await browser.run("return matchMedia('(prefers-color-scheme: dark)').matches") as? Bool == true)
        let dark = try await PageCheckers.accessibilityViolations(browser)
        try await browser.prefersDarkColorScheme(false)
        let report = dark.joined(separator: "\n")
        #expect(dark.isEmpty, "\(page.name) in dark colours:\n\(report)")
    }
}
