import Foundation
import Hummingbird
import HummingbirdTesting
import KibaruCore
import KibaruServices
import KibaruTesting
import Testing

/// A home reads as a newsroom's front page: the lead story with its image, cards with theirs, the site's sections,
/// the network's sites, and a tag index.
@Suite struct FrontPageTests {
    /// A network whose site has 12 articles with images, tagged « Politique » (a section) or « Santé », and a
    /// draft tagged « Brouillon ».
    static func network() async throws -> TestNetwork {
        let network = try await TestNetwork.make()
        for number in 1...12 {
            try await network.articles.save(ArticleDraft(
                siteSlug: network.site.slug, title: "Nouvelle \(number)", bodyMarkdown: "Le texte \(number).",
                authorNames: ["Awa Diarra"], tagNames: [number.isMultiple(of: 2) ? "Politique" : "Santé"],
                state: .published, publishedAt: TestNetwork.now.addingTimeInterval(Double(number) * 60),
                featuredFigure: Figure(image: "/media/photo.jpg", alt: "Une photo", caption: "Légende")))
        }
        try await network.articles.save(ArticleDraft(
            siteSlug: network.site.slug, title: "Pas encore", bodyMarkdown: "Texte.", authorNames: ["Awa Diarra"],
            tagNames: ["Brouillon"]))
        try await createSite(network, slug: "carnets", title: "Carnets de Dakar")
        return network
    }

    static func get(_ app: some ApplicationProtocol, _ uri: String) async throws -> (HTTPResponse.Status, String) {
        try await app.test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in (response.status, String(buffer: response.body)) }
        }
    }

    @Test func theNewestArticleLeadsTheFirstPageWithItsImageLoadedFirst() async throws {
        let network = try await Self.network()
        let app = try await network.application()
        let (status, home) = try await Self.get(app, "/mali-actu/")
        #expect(status == .ok)
        let lead = try #require(home.firstRange(of: #"<article class="card card-lead">"#))
        let newest = try #require(home.range(of: "Nouvelle 12</a>"))
        #expect(lead.upperBound < newest.lowerBound && home.ranges(of: #"<article class="card card-lead">"#).count == 1)
        #expect(home.contains(#"<img class="card-image" src="/media/photo.jpg" alt="" decoding="async">"#),
                "the lead image is not lazy")
        #expect(home.ranges(of: #"alt="" loading="lazy" decoding="async">"#).count == 9, "the other cards' images are")
        let (_, second) = try await Self.get(app, "/mali-actu/page/2/")
        #expect(!second.contains(#"<article class="card card-lead">"#), "page 2 is a plain listing")
        let (_, tagPage) = try await Self.get(app, "/mali-actu/tag/sante/")
        #expect(!tagPage.contains(#"<article class="card card-lead">"#))
    }

    @Test func sectionsAreTheSitesTagsOfKindRubrique() async throws {
        let network = try await Self.network()
        let app = try await network.application()
        var (_, home) = try await Self.get(app, "/mali-actu/")
        #expect(!home.contains(#"class="sections""#), "no section yet")
        let politique = try #require(try await network.store.tag(siteID: network.site.id, slug: Slug(rawValue: "politique")!))
        try await network.store.write { tx in try await tx.setTagKind(.section, tagID: politique.id) }
        (_, home) = try await Self.get(app, "/mali-actu/")
        let nav = try #require(home.firstMatch(of: /<nav class="sections" aria-label="Rubriques">(?s)(.*?)<\/nav>/)).1
        #expect(nav.contains(#"<a href="/mali-actu/tag/politique/">Politique</a>"#) && !nav.contains("Santé"))
        #expect(home.contains(#"<a href="/mali-actu/tag/">Toutes les étiquettes</a>"#))
    }

    @Test func theTagIndexListsTheTagsPublishedArticlesCarry() async throws {
        let network = try await Self.network()
        let (status, index) = try await Self.get(try await network.application(), "/mali-actu/tag/")
        #expect(status == .ok)
        #expect(index.contains("<h1 class=\"listing-title\">Toutes les étiquettes</h1>"))
        #expect(index.contains(#"<li><a href="/mali-actu/tag/politique/">Politique</a> <small>6 articles</small></li>"#))
        #expect(index.contains(#"<li><a href="/mali-actu/tag/sante/">Santé</a> <small>6 articles</small></li>"#))
        #expect(!index.contains("Brouillon"), "a tag only drafts carry is not shown")
        #expect(!index.contains("Aucun article publié"))
    }

    @Test func theNetworkFrontPageListsItsSites() async throws {
        let network = try await Self.network()
        let (_, home) = try await Self.get(try await network.application(), "/")
        let list = try #require(home.firstMatch(of: /<section class="site-list"(?s)(.*?)<\/section>/)).1
        #expect(list.contains("Les sites du réseau"))
        #expect(list.contains(#"<a href="/carnets/">Carnets de Dakar</a>"#) && list.contains(#"<a href="/mali-actu/">"#))
        #expect(home.contains(#"<article class="card card-lead">"#))
    }

    /// A site's logo (beside its title, and its pages' icon) and accent colour, from its settings; a colour that
    /// reads badly on the light paper, or a logo from elsewhere than the media library or https, is refused.
    @Test func aSiteShowsItsLogoAndAccentColour() async throws {
        let network = try await TestNetwork.make()
        try await network.publish("Un article")
        let app = try await network.application()
        var (_, home) = try await Self.get(app, "/mali-actu/")
        #expect(home.contains(#"<link rel="icon" href="/favicon.svg" type="image/svg+xml">"#) && !home.contains("class=\"logo\""))
        var site = network.site
        for (accent, logo) in [
            ("#ffee00", nil), ("rouge", nil), ("#-00000", nil), (nil, "javascript:alert(1)"), (nil, "/media/../secret"),
            (nil, "/media/%2e%2e/admin/"),
        ] {
            var refused = site
            refused.accentColor = accent
            refused.logo = logo
            await #expect(throws: ValidationErrors.self, "\(String(describing: accent)) \(String(describing: logo))") {
                try await SiteAdministration(store: network.store).updateSettings(refused)
            }
        }
        site.accentColor = "#1d4e89"
        site.logo = "/media/logo.png"
        try await SiteAdministration(store: network.store).updateSettings(site)
        #expect(try await network.store.site(slug: site.slug)?.accentColor == "#1d4e89")
        (_, home) = try await Self.get(app, "/mali-actu/")
        #expect(home.contains(#"<a href="/mali-actu/"><img class="logo" src="/media/logo.png" alt="" width="40" height="40">Mali Actu</a>"#))
        #expect(home.contains(#"<link rel="icon" href="/media/logo.png">"#))
        #expect(home.contains("@media (prefers-color-scheme:light){:root{--accent:#1d4e89}}"))
        let (_, network404) = try await Self.get(app, "/")
        #expect(!network404.contains("--accent:#1d4e89"), "the network's pages keep the theme's colour")
    }

    /// A summary is the start of the text, never a figure's caption or credit, even when the text is short; the
    /// article page's description too.
    @Test func summariesNeverHoldCaptions() async throws {
        let network = try await TestNetwork.make()
        try await network.publish(
            "Un article", body: "Court.\n\n::: figure\ncaption: Légende du champ\ncredit-author: Awa Diarra\n:::\n")
        let app = try await network.application()
        let (_, home) = try await Self.get(app, "/mali-actu/")
        #expect(home.contains("<p>Court.</p>") && !home.contains("Légende du champ"), "\(home)")
        let (_, page) = try await Self.get(app, "/mali-actu/2024/03/01/un-article/")
        #expect(page.contains(#"<meta name="description" content="Court.">"#))
        let (feedStatus, feed) = try await Self.get(app, "/mali-actu/feed/")
        #expect(feedStatus == .ok && feed.contains("<title>Un article</title>"))
        #expect(!feed.contains("Légende du champ</description>") && !feed.contains("Court. Légende"))
        #expect(try await network.store.search(SearchQuery(text: "légende")).total == 1, "captions are still searched")
    }
}
