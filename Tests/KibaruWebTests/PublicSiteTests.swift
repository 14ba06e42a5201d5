import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruTesting
import Testing

@Suite struct PublicSiteTests {
    func get(_ app: some ApplicationProtocol, _ uri: String, headers: HTTPFields = [:]) async throws
        -> (HTTPResponse.Status, HTTPFields, String)
    {
        try await app.test(.router) { client in
            try await client.execute(uri: uri, method: .get, headers: headers) { response in
                (response.status, response.headers, String(buffer: response.body))
            }
        }
    }

    @Test func networkFrontPageListsLatestArticlesOfEverySite() async throws {
        let network = try await TestNetwork.make()
        try await createSite(network, slug: "carnets", title: "Carnets")
        try await network.publish("Au Mali", at: TestNetwork.now)
        try await network.publish("À Dakar", at: TestNetwork.now.addingTimeInterval(60), siteSlug: Slug(rawValue: "carnets"))
        let (status, _, html) = try await get(try await network.application(), "/")
        #expect(status == .ok)
        #expect(html.contains("<title>Réseau test</title>"))
        let dakar = try #require(html.range(of: #"<a href="/carnets/2024/03/01/a-dakar/">À Dakar</a>"#))
        let mali = try #require(html.range(of: #"<a href="/mali-actu/2024/03/01/au-mali/">Au Mali</a>"#))
        #expect(dakar.lowerBound < mali.lowerBound, "newest first")
        #expect(html.contains(#"<a href="/carnets/">Carnets</a>"#))
    }

    @Test func siteHomePaginates() async throws {
        let network = try await TestNetwork.make()
        for index in 1...12 {
            try await network.publish("Numéro \(index)", at: TestNetwork.now.addingTimeInterval(Double(index)))
        }
        let app = try await network.application()
        var (status, _, html) = try await get(app, "/mali-actu/")
        #expect(status == .ok)
        #expect(html.contains("Numéro 12") && html.contains("Numéro 3") && !html.contains("Numéro 2<"))
        #expect(html.contains(#"<a rel="next" href="/mali-actu/page/2/">"#))
        (status, _, html) = try await get(app, "/mali-actu/page/2/")
        #expect(status == .ok)
        #expect(html.contains("Numéro 2<") && html.contains("Numéro 1<"))
        #expect(html.contains(#"<a rel="prev" href="/mali-actu/">"#))
        (status, _, _) = try await get(app, "/mali-actu/page/3/")
        #expect(status == .notFound)
    }

    @Test func tagAndAuthorPagesListTheirArticles() async throws {
        let network = try await TestNetwork.make()
        try await network.publish("Pluies", authors: ["Awa Diarra"], tags: ["Climat"])
        try await network.publish("Football", authors: ["Moussa Keïta"], tags: ["Sport"])
        let app = try await network.application()
        var (status, _, html) = try await get(app, "/mali-actu/tag/climat/")
        #expect(status == .ok)
        #expect(html.contains("Étiquette\u{00A0}: Climat") && html.contains("Pluies") && !html.contains("Football"))
        (status, _, html) = try await get(app, "/mali-actu/author/moussa-keita/")
        #expect(status == .ok)
        #expect(html.contains("Articles de Moussa Keïta") && html.contains("Football") && !html.contains("Pluies"))
        (status, _, html) = try await get(app, "/mali-actu/author/awa-diarra/")
        #expect(html.contains("Articles d’Awa Diarra"), "« de » elided before a vowel")
        (status, _, _) = try await get(app, "/mali-actu/tag/inconnue/")
        #expect(status == .notFound)
    }

    /// Issue 14: a keyboard reaches the text first, the page follows the reader's dark mode and prints without its
    /// forms, and an article that opens on a photo is summed up by its text, not its caption.
    @Test func pagesHaveASkipLinkDarkModePrintStylesAndSummariesFromTheText() async throws {
        let network = try await TestNetwork.make()
        let article = try await network.publish("Le fleuve monte", body: """
            ::: figure
            image: /media/pirogues.jpg
            alt: Des pirogues
            caption: Des pirogues au bord du fleuve
            credit-author: Awa Diarra
            :::

            Le Niger est monté de deux mètres en une semaine.
            """)
        let app = try await network.application()
        let path = Permalink.article(
            site: network.site.slug, slug: article.slug, publishedAt: try #require(article.publishedAt),
            timeZone: network.site.zone)
        let (_, _, page) = try await get(app, path)
        #expect(page.contains("<body>\n<a class=\"skip\" href=\"#contenu\">Aller au contenu</a>"))
        #expect(page.contains(#"<main id="contenu">"#))
        #expect(page.contains("@media (prefers-color-scheme:dark)") && page.contains("@media print"))
        #expect(page.contains(#"<meta name="color-scheme" content="light dark">"#))
        #expect(page.contains("<button type=\"submit\">Rechercher</button>"))
        #expect(page.contains(#"<meta name="description" content="Le Niger est monté"#), "\(page.prefix(1_500))")
        let (_, _, home) = try await get(app, "/mali-actu/")
        #expect(home.contains("Le Niger est monté de deux mètres") && !home.contains("<p>Des pirogues au bord"))
        // An icon, and no 404 for the address browsers ask for on their own.
        #expect(page.contains(#"<link rel="icon" href="/favicon.svg" type="image/svg+xml">"#))
        let (icon, iconHeaders, svg) = try await get(app, "/favicon.svg")
        #expect(icon == .ok && iconHeaders[.contentType] == "image/svg+xml" && svg.hasPrefix("<svg"))
        let (legacy, legacyHeaders, _) = try await get(app, "/favicon.ico")
        #expect(legacy == .movedPermanently && legacyHeaders[.location] == "/favicon.svg")
    }

    @Test func bylinesEndWithEtAndAnArticleWithoutTagsSaysNothingAboutThem() async throws {
        let network = try await TestNetwork.make()
        let article = try await network.publish("À trois voix", authors: ["Awa Diarra", "Ali Traoré", "Moussa Keïta"])
        let app = try await network.application()
        let path = Permalink.article(
            site: network.site.slug, slug: article.slug, publishedAt: try #require(article.publishedAt),
            timeZone: network.site.zone)
        let (_, _, page) = try await get(app, path)
        #expect(page.contains(#"Awa Diarra</a>, <a rel="author" href="/mali-actu/author/ali-traore/">Ali Traoré</a> et <a rel="author""#),
                "\(page)")
        #expect(!page.contains("Aucune étiquette") && !page.contains(#"id="etiquettes""#))
        let (_, _, home) = try await get(app, "/mali-actu/")
        #expect(home.contains("Ali Traoré</a> et <a href=\"/mali-actu/author/moussa-keita/\">Moussa Keïta</a>"))
    }

    @Test(arguments: ["/inconnu/", "/mali-actu/2024/03/01/absent/", "/mali-actu/n/importe/quoi/", "/mali-actu/page/abc/"])
    func unknownPagesGetAFrenchNotFoundPage(_ uri: String) async throws {
        let network = try await TestNetwork.make()
        let (status, headers, html) = try await get(try await network.application(), uri)
        #expect(status == .notFound)
        #expect(headers[.contentType] == "text/html; charset=utf-8")
        #expect(html.contains("<h1>Page introuvable</h1>"))
        #expect(html.contains("<html lang=\"fr\">"))
    }

    @Test func draftsAreNotServed() async throws {
        let network = try await TestNetwork.make()
        try await network.articles.save(.init(siteSlug: network.site.slug, title: "Secret", bodyMarkdown: "x",
                                              authorNames: ["A"], publishedAt: TestNetwork.now))
        let (status, _, _) = try await get(try await network.application(), "/mali-actu/2024/03/01/secret/")
        #expect(status == .notFound)
    }

    @Test func urlsWithoutTrailingSlashOrWithAWrongDateRedirectPermanently() async throws {
        let network = try await TestNetwork.make()
        try await network.publish("Un titre")
        let app = try await network.application()
        var (status, headers, _) = try await get(app, "/mali-actu/2024/03/01/un-titre?x=1")
        #expect(status == .movedPermanently)
        #expect(headers[.location] == "/mali-actu/2024/03/01/un-titre/?x=1")
        (status, headers, _) = try await get(app, "/mali-actu/2020/01/01/un-titre/")
        #expect(status == .movedPermanently)
        #expect(headers[.location] == "/mali-actu/2024/03/01/un-titre/")
    }

    @Test func aSiteIsAlsoServedAtItsOwnHostName() async throws {
        let network = try await TestNetwork.make(siteHost: "mali.example.org")
        try await network.publish("Chez nous")
        let app = try await network.application()
        var (status, _, html) = try await get(app, "/", headers: [hostField: "mali.example.org:8080"])
        #expect(status == .ok)
        #expect(html.contains("<h1 class=\"listing-title\">Mali Actu</h1>") && html.contains("Chez nous"))
        (status, _, html) = try await get(app, "/2024/03/01/chez-nous/", headers: [hostField: "mali.example.org"])
        #expect(status == .ok)
        #expect(html.contains("<h1>Chez nous</h1>"))
        (status, _, _) = try await get(app, "/2024/03/01/chez-nous/", headers: [hostField: "autre.example.org"])
        #expect(status == .notFound)
    }

    @Test func headRequestsAnswerLikeGetWithoutABody() async throws {
        let network = try await TestNetwork.make()
        try await network.publish("Un titre")
        try await network.application().test(.router) { client in
            try await client.execute(uri: "/mali-actu/2024/03/01/un-titre/", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.body.readableBytes == 0)
            }
        }
    }

    @Test func pagesForbidScriptsAndSniffing() async throws {
        let network = try await TestNetwork.make()
        let (_, headers, _) = try await get(try await network.application(), "/")
        #expect(headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
        #expect(headers[.xContentTypeOptions] == "nosniff")
    }

    @Test func mediaFilesAreServedFromTheDataFolder() async throws {
        let network = try await TestNetwork.make()
        try Data("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8)
            .write(to: URL(fileURLWithPath: network.config.data.mediaPath + "/a.svg"))
        let (status, _, body) = try await get(try await network.application(), "/media/a.svg")
        #expect(status == .ok)
        #expect(body.contains("<svg"))
    }
}

func createSite(_ network: TestNetwork, slug: String, title: String) async throws {
    _ = try await KibaruServices.SiteService(store: network.store)
        .create(NewSite(slug: try Slug(validating: slug), title: title))
}

let hostField = HTTPField.Name("Host")!
