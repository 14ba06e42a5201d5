import Foundation
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruTesting
import Mustache
@testable import KibaruTheme
import Testing

/// Cards are rendered once per content by the theme (``Theme/card(_:)``) and inserted as they are: the pages are
/// the same as when each view rendered the `partials/card` partial, which themes written that way still do.
@Suite struct ThemeCardTests {
    /// A copy of the theme in `folder` as a theme written another way: `text` replaced by `replacement` in every
    /// template, the files named in `leaving` left out; loaded.
    static func variant(
        of folder: String, replacing text: String, with replacement: String, leaving: Set<String> = []
    ) async throws -> Theme {
        try await variant(of: folder, replacing: [(text, replacement)], leaving: leaving)
    }

    /// A copy of the theme in `folder` with each text of `replacements` replaced in every template; loaded.
    static func variant(
        of folder: String, replacing replacements: [(String, String)], leaving: Set<String> = []
    ) async throws -> Theme {
        let copy = try TestPaths.temporaryDirectory("theme-variant")
        for file in try FileManager.default.subpathsOfDirectory(atPath: folder) where !leaving.contains(file) {
            let from = (folder as NSString).appendingPathComponent(file)
            let to = (copy as NSString).appendingPathComponent(file)
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: from, isDirectory: &isFolder)
            if isFolder.boolValue {
                try FileManager.default.createDirectory(atPath: to, withIntermediateDirectories: true)
                continue
            }
            try replacements.reduce(try String(contentsOfFile: from, encoding: .utf8)) { text, replacement in
                text.replacingOccurrences(of: replacement.0, with: replacement.1)
            }.write(toFile: to, atomically: true, encoding: .utf8)
        }
        return try await Theme.load(from: copy)
    }

    @Test func insertedCardsGiveThePagesThePartialGave() async throws {
        let network = try await TestNetwork.demo()
        let themeFolder = network.config.themeDirectory
        let theme = try await Theme.load(from: themeFolder)
        // The same theme, written the earlier way: the partial rendered inside the listing and the article.
        let partialTheme = try await Self.variant(of: themeFolder, replacing: "{{{html}}}", with: "{{> partials/card}}")
        let networkValue = try await network.store.network()
        let views = ViewBuilder(network: networkValue, theme: theme, baseURL: "https://kibaru.test")

        let page = try await network.store.publishedArticles(.network, page: PageRequest(number: 1, size: 10))
        #expect(page.items.count >= 3)
        let listing = views.listing(site: nil, heading: "Derniers", intro: nil, documentTitle: nil, page: page, basePath: "/")
        #expect(listing.cards.allSatisfy { $0.html.contains("<article class=\"card\">") })
        let inserted = try theme.render("listing", listing)
        #expect(inserted == (try partialTheme.render("listing", listing)))
        #expect(inserted.contains(listing.cards[0].html))

        // A card whose content changes is rendered anew; the same content comes from the memo.
        var changed = listing.cards[0]
        changed.html = ""
        changed.commentCountLabel = "12 commentaires"
        #expect(theme.card(changed).contains("12 commentaires"))
        #expect(theme.card(changed) == theme.card(changed))
        #expect(!theme.card(listing.cards[0]).contains("12 commentaires"))
    }

    /// Search filters are rendered once per content by `partials/search-filter` (``Theme/searchFilter(_:)``): the
    /// search page is the same as a theme without that partial gives, whose search page loops over the options.
    @Test func insertedSearchFiltersGiveThePageInlineOptionsGave() async throws {
        let network = try await TestNetwork.demo()
        let themeFolder = network.config.themeDirectory
        let partial = try String(
            contentsOfFile: (themeFolder as NSString).appendingPathComponent("partials/search-filter.mustache"),
            encoding: .utf8)
        let networkValue = try await network.store.network()
        let filters = [
            SearchFilterView(name: "etiquette", label: "Étiquette", options: [
                ChoiceView(value: "", label: "Toutes", selected: false),
                ChoiceView(value: "sante", label: "Santé & <soins>", selected: false),
            ]),
            SearchFilterView(name: "annee", label: "Année", options: [
                ChoiceView(value: "", label: "Toutes", selected: false),
                ChoiceView(value: "2024", label: "2024", selected: true),
            ]),
        ]
        func page(_ theme: Theme) throws -> String {
            let views = ViewBuilder(network: networkValue, theme: theme, baseURL: "https://kibaru.test")
            let view = views.search(site: nil, query: "pluie", filters: filters, results: nil, problem: nil) { "?page=\($0)" }
            return try theme.render("search", view)
        }
        let theme = try await Theme.load(from: themeFolder)
        let inlineTheme = try await Self.variant(
            of: themeFolder, replacing: "{{#filters}}{{{html}}}{{/filters}}", with: "{{#filters}}\(partial){{/filters}}",
            leaving: ["partials/search-filter.mustache"])
        #expect(inlineTheme.searchFilter(filters[0]).isEmpty, "no partial: the page renders the options")
        let inserted = try page(theme)
        let inline = try page(inlineTheme)
        #expect(inserted == inline)
        #expect(inserted.contains(#"<option value="2024" selected>2024</option>"#))
        #expect(inserted.contains(#"<option value="sante">Santé &amp; &lt;soins&gt;</option>"#))
        #expect(theme.searchFilter(filters[1]) == theme.searchFilter(filters[1]))
        var other = filters[1]
        other.options[1].selected = false
        #expect(!theme.searchFilter(other).contains("selected"), "another selection, another rendering")
    }

    /// A view model's `nil` property is found, empty, where it was asked (`AbsentValue`), instead of being looked up
    /// in every enclosing context: a meta tag without `name` does not print the page's `name`.
    @Test func aNilPropertyIsNotTakenFromAnEnclosingContext() throws {
        let template = try MustacheTemplate(
            string: "{{#meta}}<{{name}}|{{#property}}{{property}}{{/property}}{{^name}}-{{/name}}>{{/meta}}")
        let page: [String: Any] = [
            "name": "la page", "meta": [MetaTagView(property: "og:title", name: nil, content: "x")],
        ]
        #expect(template.render(page) == "<|og:title->")
    }

    /// Every property a template reads is answered, one-line computed ones too: a card with authors separates
    /// the date from the byline (`hasAuthors`).
    @Test func aCardSeparatesItsDateFromItsByline() throws {
        let card = CardView(
            title: "T", url: "/s/t/", summary: "", publishedLabel: "5 octobre 2026", publishedISO: "2026-10-05",
            authors: [LinkView(name: "Fatou Ndiaye", url: "/s/author/fatou/")], showSite: false, siteTitle: "",
            siteURL: "", language: "fr")
        #expect(card.child(named: "hasAuthors") as? Bool == true)
        let template = try MustacheTemplate(string: "{{#hasAuthors}} · {{/hasAuthors}}{{^hasAuthors}}none{{/hasAuthors}}")
        #expect(template.render(card) == " · ")
    }

    /// The head's meta tags and feed links are inserted whole (`metaHTML`, `feedsHTML`): the page is the one a
    /// layout looping over `chrome.meta` and `chrome.feeds` gives, which themes written that way still do.
    /// The demo network's newest article as the default theme's view of it, with the theme and its folder.
    static func newestArticleView() async throws -> (view: ArticlePageView, theme: Theme, themeFolder: String) {
        let network = try await TestNetwork.demo()
        let themeFolder = network.config.themeDirectory
        let theme = try await Theme.load(from: themeFolder)
        let views = ViewBuilder(network: try await network.store.network(), theme: theme, baseURL: "https://kibaru.test")
        let page = try await network.store.publishedArticles(.network, page: PageRequest(number: 1, size: 10))
        let summary = try #require(page.items.first)
        let article = try #require(try await network.store.article(id: summary.id))
        return (views.article(article, site: summary.site, comments: []), theme, themeFolder)
    }

    @Test func insertedHeadTagsGiveThePageTheLoopsGave() async throws {
        var (view, theme, themeFolder) = try await Self.newestArticleView()
        let loopTheme = try await Self.variant(
            of: themeFolder, replacing: "{{{chrome.metaHTML}}}{{{chrome.feedsHTML}}}",
            with: "{{#chrome.meta}}<meta {{#property}}property=\"{{property}}\"{{/property}}{{#name}}name=\"{{name}}\""
                + "{{/name}} content=\"{{content}}\">\n{{/chrome.meta}}\n{{#chrome.feeds}}<link rel=\"alternate\" "
                + "type=\"{{type}}\" title=\"{{title}}\" href=\"{{url}}\">\n{{/chrome.feeds}}\n")
        view.chrome.meta.append(MetaTagView(property: nil, name: "robots", content: "« noindex » & <co>"))
        let inserted = try theme.render("article", view)
        #expect(inserted == (try loopTheme.render("article", view)))
        #expect(inserted.contains(#"<meta property="og:type" content="article">"#))
        #expect(inserted.contains(#"<meta name="robots" content="« noindex » &amp; &lt;co&gt;">"#))
        #expect(inserted.contains(#"<link rel="alternate" type="application/rss+xml""#))
    }

    /// The article's tags, entities and share links are inserted as lines written in Swift (``ArticlePageView``'s
    /// `tagsHTML`, `entitiesHTML`, `shareLinksHTML`): the page is the one the loops of a theme written the earlier
    /// way give, escapes included.
    @Test func insertedArticleListsGiveThePageTheLoopsGave() async throws {
        var (view, theme, themeFolder) = try await Self.newestArticleView()
        view.tags.append(LinkView(name: "« Sahel » & <co>", url: "/mali-actu/tag/sahel/?a=1&b=2"))
        view.entities.append(EntityLinkView(name: "Awa & <Moussa>", kindLabel: "Personne", url: "/mali-actu/sujet/awa/"))
        view.hasTags = true
        view.hasEntities = true
        #expect(!view.shareLinks.isEmpty)
        let inserted = try theme.render("article", view)
        #expect(inserted.contains(#"<li><a rel="tag" href="/mali-actu/tag/sahel/?a=1&amp;b=2">« Sahel » &amp; &lt;co&gt;</a></li>"#))
        #expect(inserted.contains("Awa &amp; &lt;Moussa&gt;</a> <small>Personne</small>"))
        #expect(inserted.contains(#"class="share-whatsapp""#))
        for (loop, insertion) in [
            ("{{#tags}}<li><a rel=\"tag\" href=\"{{url}}\">{{name}}</a></li>\n{{/tags}}", "{{{tagsHTML}}}"),
            ("{{#entities}}<li><a href=\"{{url}}\">{{name}}</a> <small>{{kindLabel}}</small></li>\n{{/entities}}",
             "{{{entitiesHTML}}}"),
            ("{{#shareLinks}}<li><a class=\"share-{{network}}\" href=\"{{url}}\" rel=\"noopener nofollow\">{{label}}"
                + "</a></li>\n{{/shareLinks}}", "{{{shareLinksHTML}}}"),
        ] {
            let loopTheme = try await Self.variant(of: themeFolder, replacing: insertion, with: loop)
            #expect(inserted == (try loopTheme.render("article", view)), "\(insertion)")
        }
    }

    /// Comment threads and the comment form are rendered once per content by their partials
    /// (``Theme/comment(_:)``, ``Theme/commentForm(_:)``): the page is the one the partials gave when included, for
    /// a thread with replies, an empty form, a form a reader filled in (rendered, not kept) and closed comments.
    @Test func insertedCommentsAndFormGiveThePageThePartialsGave() async throws {
        let network = try await TestNetwork.demo()
        let themeFolder = network.config.themeDirectory
        let theme = try await Theme.load(from: themeFolder)
        let partialTheme = try await Self.variant(of: themeFolder, replacing: [
            ("{{#comments}}{{{html}}}{{/comments}}", "{{#comments}}{{> partials/comment}}{{/comments}}"),
            ("{{{commentFormHTML}}}</section>", "{{> partials/comment-form}}\n</section>"),
        ])
        let views = ViewBuilder(network: try await network.store.network(), theme: theme, baseURL: "https://kibaru.test")
        let page = try await network.store.publishedArticles(.network, page: PageRequest(number: 1, size: 10))
        let summary = try #require(page.items.first)
        let article = try #require(try await network.store.article(id: summary.id))
        let at = Date(timeIntervalSince1970: 1_709_287_200)
        let first = KibaruCore.Comment(id: 901, NewComment(
            articleID: article.id, authorName: "Awa <co>", body: "Merci & bravo.", createdAt: at, status: .approved,
            website: "https://awa.example/?a=1&b=2"))
        let reply = KibaruCore.Comment(id: 902, NewComment(
            articleID: article.id, parentID: 901, authorName: "Moussa", body: "Je confirme.",
            createdAt: at.addingTimeInterval(60), status: .approved))
        let empty = CommentFormView(articleID: article.id, token: "jeton", cancelReplyURL: "#commenter")
        var filled = empty
        filled.name = "Fatou"
        filled.errors = [FieldError(field: "texte", message: "le commentaire est vide", code: "body-empty")]
        filled.hasErrors = true
        for form in [empty, filled, nil] {
            let view = views.article(article, site: summary.site, comments: [first, reply], form: form)
            #expect(view.comments.count == 1 && view.comments[0].html.contains("Je confirme."))
            let inserted = try theme.render("article", view)
            #expect(inserted == (try partialTheme.render("article", view)))
            #expect(inserted.contains("Awa &lt;co&gt;") && inserted.contains(#"href="https://awa.example/?a=1&amp;b=2""#))
        }
        #expect(theme.commentForm(filled, language: "fr").contains("le commentaire est vide"))
    }

    /// Rendered comments are forgotten as soon as a comment changes (here: a reader's comment approved), so that an
    /// erased comment stays in memory no longer than on its pages; other changes keep them.
    @Test func renderedCommentsAreForgottenWhenCommentsChange() async throws {
        let network = try await TestNetwork.demo()
        let theme = try await Theme.load(from: network.config.themeDirectory)
        theme.forgetComments(whenTheyChangeIn: network.store)
        let views = ViewBuilder(network: try await network.store.network(), theme: theme, baseURL: "https://kibaru.test")
        let page = try await network.store.publishedArticles(.network, page: PageRequest(number: 1, size: 1))
        let summary = try #require(page.items.first)
        let article = try #require(try await network.store.article(id: summary.id))
        let comment = KibaruCore.Comment(id: 901, NewComment(
            articleID: article.id, authorName: "Awa", body: "À effacer.", createdAt: TestNetwork.now, status: .approved))
        let thread = views.article(article, site: summary.site, comments: [comment]).comments[0]
        #expect(theme.holdsComment(thread))

        _ = try await network.store.write { tx in try await tx.saveNetwork(Network(title: "Autre titre", tagline: "")) }
        #expect(theme.holdsComment(thread), "a change that is not a comment's keeps them")

        _ = try await CommentService(store: network.store).add(NewComment(
            articleID: article.id, authorName: "Moussa", body: "Merci.", createdAt: TestNetwork.now, status: .approved))
        #expect(!theme.holdsComment(thread))
    }

    /// Feed items are written once per content and format (``Feed/written(_:_:_:)``): every format gives the feed
    /// that writing each item anew gives, links made absolute as before, and a changed body is written anew.
    @Test func feedItemsWrittenOncePerContentGiveTheSameFeeds() async throws {
        let network = try await TestNetwork.demo()
        let theme = try await Theme.load(from: network.config.themeDirectory)
        let views = ViewBuilder(network: try await network.store.network(), theme: theme, baseURL: "https://kibaru.test")
        let entries = try await network.store.feedEntries(.network, limit: 10)
        #expect(entries.count >= 3 && entries.contains { $0.bodyHTML.contains(#"src="/media/"#) })
        for format in FeedFormat.allCases {
            var feed = views.feed(
                entries, title: "Réseau", description: "", homePath: "/", feedPath: "/" + format.relativePath,
                language: "fr")
            var asBefore = feed
            asBefore.writtenItems = nil
            asBefore.linkBase = ""
            for index in asBefore.items.indices {
                asBefore.items[index].contentHTML = ViewBuilder.absoluteLinks(
                    asBefore.items[index].contentHTML, baseURL: "https://kibaru.test")
            }
            let first = feed.render(format)
            #expect(first == asBefore.render(format), "\(format)")
            #expect(feed.render(format) == first, "\(format), from the memo")
            #expect(!first.contains(#"src="/media"#) && !first.contains(#"src=&quot;/media"#))
            feed.items[0].contentHTML += "<p>Ajout du soir</p>"
            #expect(feed.render(format).contains("Ajout du soir"), "\(format)")
        }
    }
}
