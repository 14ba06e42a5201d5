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

#if canImport(FoundationXML)
import FoundationXML
#endif

/// What readers find their way with: the search page, entity pages, related articles, link-preview tags,
/// French typography on pages, sitemaps and robots.txt.
@Suite struct DiscoveryPageTests {
    static func network() async throws -> TestNetwork {
        let network = try await TestNetwork.make()
        try await network.publish(
            "Lutte contre le terrorisme : l’armée renforce Kidal",
            body: "Le colonel Assimi Goïta a visité Kidal. Le terrorisme recule, disent les FAMa.",
            tags: ["Sécurité"], at: TestNetwork.now.addingTimeInterval(-86_400))
        try await network.publish(
            "Assimi Goïta reçoit les chefs de Kidal", body: "Assimi Goïta a reçu les notables de Kidal à Koulouba.",
            authors: ["Moussa Traoré"], at: TestNetwork.now.addingTimeInterval(-3 * 86_400))
        try await network.publish(
            "Le riz plus cher à Bamako", body: "Au marché de Bamako, le riz a pris 10 %.", tags: ["Économie"],
            at: Date(timeIntervalSince1970: 1_672_617_600))
        return network
    }

    @Test func searchPageFindsAcrossAccentsAndInflectionsWithHighlights() async throws {
        let network = try await Self.network()
        try await network.application().test(.router) { client in
            let (status, _, html) = try await client.getPage("/recherche/?q=terroriste", as: nil)
            #expect(status == .ok)
            #expect(html.contains("1 article trouvé"))
            #expect(html.contains("<mark>terrorisme</mark>"))
            #expect(html.contains(#"href="/mali-actu/2024/02/29/lutte-contre-le-terrorisme-larmee-renforce-kidal/""#))
            #expect(html.contains(#"<meta name="robots" content="noindex, follow">"#))
            #expect(HTMLStructure.problems(in: html).isEmpty, "\(HTMLStructure.problems(in: html))")

            let (_, _, site) = try await client.getPage("/mali-actu/recherche/?q=Goita", as: nil)
            #expect(site.contains("2 articles trouvés") && site.contains("<mark>Goïta</mark>"))
            #expect(site.contains(#"<select id="filtre-auteur" name="auteur">"#))
            let (_, _, byAuthor) = try await client.getPage("/mali-actu/recherche/?q=Goita&auteur=moussa-traore", as: nil)
            #expect(byAuthor.contains("1 article trouvé") && byAuthor.contains("Assimi Goïta reçoit les chefs de Kidal"))
            let (_, _, byYear) = try await client.getPage("/recherche/?q=riz&annee=2023", as: nil)
            #expect(byYear.contains("1 article trouvé"))
            let (_, _, byTag) = try await client.getPage("/mali-actu/recherche/?q=Kidal&etiquette=securite", as: nil)
            #expect(byTag.contains("1 article trouvé"))
        }
    }

    @Test func emptyAndMalformedQueriesGetAClearPage() async throws {
        let network = try await Self.network()
        try await network.application().test(.router) { client in
            let (formStatus, _, form) = try await client.getPage("/recherche/", as: nil)
            #expect(formStatus == .ok && form.contains(#"<input id="q" type="search" name="q" value=""#))
            #expect(!form.contains(#"role="alert""#))
            let (emptyStatus, _, empty) = try await client.getPage("/recherche/?q=", as: nil)
            #expect(emptyStatus == .ok && empty.contains("Tapez un ou plusieurs mots à chercher."))
            let (quoteStatus, _, quote) = try await client.getPage("/recherche/?q=%22Kidal", as: nil)
            #expect(quoteStatus == .badRequest && quote.contains("Un guillemet n’est pas refermé"))
            #expect(quote.contains(#"value="&quot;Kidal""#), "the query is shown back, escaped")
            let (yearStatus, _, _) = try await client.getPage("/recherche/?q=riz&annee=deux", as: nil)
            #expect(yearStatus == .badRequest)
            let (siteStatus, _, _) = try await client.getPage("/recherche/?q=riz&site=inconnu", as: nil)
            #expect(siteStatus == .badRequest)
            let (xssStatus, _, xss) = try await client.getPage("/recherche/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", as: nil)
            #expect(xssStatus == .ok && !xss.contains("<script>alert") && xss.contains("&lt;script&gt;"))
        }
    }

    @Test func theSearchPagesChoicesFollowPublishingAtOnce() async throws {
        let network = try await Self.network()
        try await network.application().test(.router) { client in
            let (_, _, before) = try await client.getPage("/mali-actu/recherche/?q=Kidal", as: nil)
            #expect(before.contains(#"value="securite""#) && !before.contains(#"value="sahel""#))
            #expect(!before.contains(#"value="awa-keita""#) && !before.contains(#"value="2019""#))
            // Published through this server's store: the choices held in memory are dropped with the commit.
            try await network.publish(
                "Kidal sous la pluie", authors: ["Awa Keïta"], tags: ["Sahel"],
                at: Date(timeIntervalSince1970: 1_560_000_000))
            let (_, _, after) = try await client.getPage("/mali-actu/recherche/?q=Kidal", as: nil)
            #expect(after.contains(#"value="sahel""#), "the new tag")
            #expect(after.contains(#"value="awa-keita""#), "the new author")
            #expect(after.contains(#"value="2019""#), "the new year")
            let (_, _, network) = try await client.getPage("/recherche/?q=Kidal", as: nil)
            #expect(network.contains(#"value="2019""#), "the network's years too")
        }
    }

    @Test func searchPagesAreLinkedWithTheQueryAndFilters() async throws {
        let network = try await TestNetwork.make()
        for number in 1...12 {
            try await network.publish("Pluie numéro \(number)", at: TestNetwork.now.addingTimeInterval(Double(-number * 60)))
        }
        try await network.application().test(.router) { client in
            let (_, _, first) = try await client.getPage("/mali-actu/recherche/?q=pluie%20%C3%A0", as: nil)
            #expect(first.contains("12 articles trouvés"))
            #expect(first.contains(#"href="/mali-actu/recherche/?q=pluie%20%C3%A0&amp;page=2""#))
            let (_, _, second) = try await client.getPage("/mali-actu/recherche/?q=pluie&page=2", as: nil)
            #expect(second.components(separatedBy: #"<article class="card">"#).count - 1 == 2)
        }
    }

    @Test func articlePagesCarryLinkPreviewTagsAndJSONLD() async throws {
        let network = try await TestNetwork.make()
        let figure = Figure(image: "/media/2024/03/kidal.jpg", alt: "Vue de Kidal", caption: "Kidal", credit: Credit(author: "Awa"))
        try await network.articles.save(ArticleDraft(
            siteSlug: network.site.slug, title: "Kidal : la ville attend", standfirst: "Un reportage <au> nord.",
            bodyMarkdown: "Texte.", authorNames: ["Awa Diarra", "Ali Maïga"], tagNames: ["Nord"], state: .published,
            publishedAt: TestNetwork.now, featuredFigure: figure))
        try await network.application().test(.router) { client in
            let (_, _, html) = try await client.getPage("/mali-actu/2024/03/01/kidal-la-ville-attend/", as: nil)
            let url = "https://kibaru.test/mali-actu/2024/03/01/kidal-la-ville-attend/"
            for tag in [
                #"<meta property="og:type" content="article">"#,
                "<meta property=\"og:title\" content=\"Kidal\u{00A0}: la ville attend\">",
                #"<meta property="og:url" content="\#(url)">"#,
                #"<meta property="og:image" content="https://kibaru.test/media/2024/03/kidal.jpg">"#,
                #"<meta property="og:locale" content="fr_FR">"#,
                #"<meta property="og:description" content="Un reportage &lt;au&gt; nord.">"#,
                #"<meta property="article:published_time" content="2024-03-01T10:00:00Z">"#,
                #"<meta name="twitter:card" content="summary_large_image">"#,
                #"<link rel="canonical" href="\#(url)">"#,
                #"<link rel="alternate" type="application/rss+xml" title="Mali Actu (RSS)" href="/mali-actu/feed/">"#,
            ] {
                #expect(html.contains(tag), "\(tag)")
            }
            let json = try #require(html.firstMatch(of: /<script type="application\/ld\+json">(.*?)<\/script>/)).1
            #expect(!json.contains("<"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect(object["@type"] as? String == "NewsArticle")
            #expect(object["headline"] as? String == "Kidal : la ville attend")
            #expect(object["datePublished"] as? String == "2024-03-01T10:00:00Z")
            #expect(object["image"] as? [String] == ["https://kibaru.test/media/2024/03/kidal.jpg"])
            #expect((object["author"] as? [[String: String]])?.map { $0["name"] } == ["Awa Diarra", "Ali Maïga"])
            #expect((object["publisher"] as? [String: String])?["name"] == "Mali Actu")
            let message = "%C2%AB%E2%80%AFKidal%C2%A0%3A%20la%20ville%20attend%E2%80%AF%C2%BB%0Ahttps%3A%2F%2Fkibaru.test%2Fmali-actu%2F2024%2F03%2F01%2Fkidal-la-ville-attend%2F"
            #expect(html.contains(#"<a class="share-whatsapp" href="https://wa.me/?text=\#(message)""#))
            #expect(HTMLStructure.problems(in: html).isEmpty)
        }
    }

    @Test func frenchTypographyOnPagesFollowsTheSiteSwitch() async throws {
        let network = try await TestNetwork.make()
        let article = try await network.publish(
            "Pourquoi ? Parce que « Kidal » compte", body: "Il a dit : « c'est 23500 francs ». Vraiment !")
        try await CommentService(store: network.store).add(NewComment(
            articleID: article.id, authorName: "Fatou", body: "Bravo ! Merci...", createdAt: TestNetwork.now,
            status: .approved))
        let path = "/mali-actu/2024/03/01/pourquoi-parce-que-kidal-compte/"
        try await network.application().test(.router) { client in
            let (_, _, html) = try await client.getPage(path, as: nil)
            #expect(html.contains("<h1>Pourquoi\u{202F}? Parce que «\u{202F}Kidal\u{202F}» compte</h1>"))
            #expect(html.contains("Il a dit\u{00A0}: «\u{202F}c’est 23\u{202F}500\u{00A0}francs\u{202F}». Vraiment\u{202F}!"))
            #expect(html.contains("Bravo\u{202F}! Merci…"))
            let source = try #require(try await network.store.article(id: article.id)).bodyMarkdown
            #expect(source == "Il a dit : « c'est 23500 francs ». Vraiment !", "the source stays as written")
        }
        var site = network.site
        site.frenchTypography = false
        try await SiteAdministration(store: network.store).updateSettings(site)
        try await network.application().test(.router) { client in
            let (_, _, html) = try await client.getPage(path, as: nil)
            #expect(html.contains("<h1>Pourquoi ? Parce que « Kidal » compte</h1>"))
            #expect(html.contains("<p>Il a dit : « c'est 23500 francs ». Vraiment !</p>"))
        }
    }

    @Test func entityPagesListTheArticlesThatMentionThem() async throws {
        let network = try await Self.network()
        try await network.application().test(.router) { client in
            let (status, _, html) = try await client.getPage("/mali-actu/sujet/assimi-goita/", as: nil)
            #expect(status == .ok)
            #expect(html.contains("Personne\u{00A0}: Assimi Goïta"))
            #expect(html.contains("Lutte contre le terrorisme") && html.contains("Assimi Goïta reçoit les chefs de Kidal"))
            #expect(!html.contains("Le riz plus cher"))
            let (_, _, article) = try await client.getPage("/mali-actu/2024/02/27/assimi-goita-recoit-les-chefs-de-kidal/", as: nil)
            #expect(article.contains(#"<h2 id="dans-cet-article">Dans cet article</h2>"#))
            #expect(article.contains(#"<a href="/mali-actu/sujet/kidal/">Kidal</a> <small>Lieu</small>"#))
            let (missing, _, _) = try await client.getPage("/mali-actu/sujet/personne-inconnue/", as: nil)
            #expect(missing == .notFound)
        }
    }

    @Test func sitemapsNewsSitemapAndRobots() async throws {
        let network = try await Self.network()
        try await network.application().test(.router) { client in
            let (status, headers, index) = try await client.getPage("/mali-actu/sitemap.xml", as: nil)
            #expect(status == .ok && headers[.contentType] == "application/xml; charset=utf-8")
            for file in ["sitemap-pages.xml", "sitemap-articles-1.xml", "sitemap-news.xml"] {
                #expect(index.contains("<loc>https://kibaru.test/mali-actu/\(file)</loc>"))
            }
            let (_, _, articles) = try await client.getPage("/mali-actu/sitemap-articles-1.xml", as: nil)
            #expect(articles.components(separatedBy: "<url>").count - 1 == 3)
            #expect(articles.contains("<loc>https://kibaru.test/mali-actu/2023/01/02/le-riz-plus-cher-a-bamako/</loc>"))
            let (_, _, pages) = try await client.getPage("/mali-actu/sitemap-pages.xml", as: nil)
            #expect(pages.contains("<loc>https://kibaru.test/mali-actu/tag/securite/</loc>"))
            #expect(pages.contains("<loc>https://kibaru.test/mali-actu/author/moussa-traore/</loc>"))
            let (_, _, news) = try await client.getPage("/mali-actu/sitemap-news.xml", as: nil)
            #expect(news.components(separatedBy: "<news:news>").count - 1 == 1, "only the last two days")
            #expect(news.contains("<news:language>fr</news:language>"))
            for document in [index, articles, pages, news] {
                #expect(XMLParser(data: Data(document.utf8)).parse())
            }
            let (beyond, _, _) = try await client.getPage("/mali-actu/sitemap-articles-2.xml", as: nil)
            #expect(beyond == .notFound)
            let (_, robotsHeaders, robots) = try await client.getPage("/robots.txt", as: nil)
            #expect(robotsHeaders[.contentType] == "text/plain; charset=utf-8")
            #expect(robots.contains("Disallow: /admin/\n") && robots.contains("Sitemap: https://kibaru.test/mali-actu/sitemap.xml\n"))
            let (_, _, siteRobots) = try await client.getPage("/mali-actu/robots.txt", as: nil)
            #expect(siteRobots == "User-agent: *\nDisallow: /admin/\nSitemap: https://kibaru.test/mali-actu/sitemap.xml\n")
            let (_, _, networkIndex) = try await client.getPage("/sitemap.xml", as: nil)
            // The site's files themselves: search engines refuse an index listing other indexes.
            #expect(networkIndex.contains("<loc>https://kibaru.test/mali-actu/sitemap-articles-1.xml</loc>"))
            #expect(networkIndex.contains("<loc>https://kibaru.test/mali-actu/sitemap-news.xml</loc>"))
            #expect(!networkIndex.contains("/mali-actu/sitemap.xml</loc>"), "no index inside the index")
            #expect(XMLParser(data: Data(networkIndex.utf8)).parse())
        }
    }

    @Test func aSiteWithItsOwnHostServesItsRobots() async throws {
        let network = try await TestNetwork.make(siteHost: "actu.example.org")
        try await network.publish("Un article")
        try await network.application().test(.router) { client in
            let host = HTTPField.Name("Host")!
            try await client.execute(uri: "/robots.txt", method: .get, headers: [host: "actu.example.org"]) { response in
                #expect(String(buffer: response.body).contains("Sitemap: https://kibaru.test/mali-actu/sitemap.xml"))
                #expect(!String(buffer: response.body).contains("Sitemap: https://kibaru.test/sitemap.xml"))
            }
        }
    }
}
