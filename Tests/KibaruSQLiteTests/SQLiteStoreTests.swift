import Foundation
import GRDB
import KibaruCore
import KibaruMarkdown
import KibaruSQLite
import KibaruServices
import KibaruTesting
import KibaruText
import Testing

@Suite struct SQLiteStoreTests {
    @Test func freshDatabaseHasEveryMigrationWALAndForeignKeys() async throws {
        let directory = try TestPaths.temporaryDirectory("store")
        let path = directory + "/kibaru.sqlite"
        let store = try SQLiteStore.open(path: path)
        #expect(try store.appliedMigrations() == [
            "0001-network-and-sites", "0002-people", "0003-articles", "0004-tags", "0005-comments",
            "0006-article-references", "0007-staff", "0008-article-workflow", "0009-media",
            "0010-comment-moderation", "0011-comment-status-backfill", "0012-discovery", "0013-imports", "0014-import-sources", "0015-reader-counts-and-changes", "0016-listing-indexes", "0017-search-term-frequencies", "0018-article-excerpts", "0019-listing-sizes",
            "0020-quiet-listing-triggers", "0021-moved-article-entity-listings", "0022-api-tokens", "0023-webhooks",
            "0024-content-keys", "0025-search-every-word", "0026-site-appearance",
        ])
        let queue = try DatabaseQueue(path: path)
        let journalMode = try await queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(journalMode == "wal")
        #expect(try SQLiteStore.open(path: path).appliedMigrations().count == 26)  // reopening migrates nothing
    }

    @Test func aFailedWriteLeavesNothingBehind() async throws {
        let network = try await TestNetwork.make()
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await network.store.write { tx in
                _ = try await tx.insertPerson(NewPerson(slug: Slug(rawValue: "fantome")!, name: "Fantôme"))
                throw Boom()
            }
        }
        #expect(try await network.store.person(slug: Slug(rawValue: "fantome")!) == nil)
    }

    @Test func savesAndReadsAnArticleWithItsBylinesTagsAndFigure() async throws {
        let network = try await TestNetwork.make()
        let figure = Figure(image: "/media/a.svg", alt: "a", caption: "c", credit: Credit(author: "Awa", source: "S"))
        var draft = ArticleDraft(
            siteSlug: network.site.slug, title: "Pluies à Bamako", standfirst: "Le chapô.", bodyMarkdown: "Texte.",
            authorNames: ["Awa Diarra", "Moussa Keïta"], tagNames: ["Climat", "Bamako", "climat"], state: .published,
            publishedAt: TestNetwork.now, featuredFigure: figure)
        let saved = try await network.articles.save(draft)
        let read = try #require(try await network.store.publishedArticle(siteID: network.site.id, slug: saved.slug))
        #expect(read.slug.rawValue == "pluies-a-bamako")
        #expect(read.authors.map(\.name) == ["Awa Diarra", "Moussa Keïta"])
        #expect(read.tags.map(\.name) == ["Climat", "Bamako"])
        #expect(read.featuredFigure == figure)
        #expect(read.bodyHTML == "<p>Texte.</p>\n")
        #expect(read.rendererVersion == ArticleRenderer.version)

        draft.title = "Autre titre"
        draft.slug = saved.slug
        let error = await #expect(throws: ContentError.self) { try await network.articles.save(draft) }
        #expect(error == .slugTaken(saved.slug))
    }

    @Test func theExcerptIsMadeWhenTheArticleIsSavedAndFollowsItsText() async throws {
        let network = try await TestNetwork.make()
        let long = Array(repeating: "Les pluies de juillet ont gonflé le fleuve Niger.", count: 12).joined(separator: " ")
        var draft = ArticleDraft(
            siteSlug: network.site.slug, title: "Crue", bodyMarkdown: long, authorNames: ["Awa"], state: .published,
            publishedAt: TestNetwork.now)
        let saved = try await network.articles.save(draft)
        func listed() async throws -> String? {
            try await network.store.publishedArticles(.network, page: PageRequest(number: 1)).items.first?.excerpt
        }
        #expect(try await listed() == Excerpt.make(long))
        #expect(try await listed()?.hasSuffix("…") == true)
        draft.id = saved.id
        draft.bodyMarkdown = "Le fleuve **baisse** enfin."
        _ = try await network.articles.save(draft)
        #expect(try await listed() == "Le fleuve baisse enfin.")
    }

    @Test func draftsAreNotPublic() async throws {
        let network = try await TestNetwork.make()
        let draft = try await network.articles.save(
            ArticleDraft(siteSlug: network.site.slug, title: "Brouillon", bodyMarkdown: "x", authorNames: ["A"]))
        #expect(try await network.store.publishedArticle(siteID: network.site.id, slug: draft.slug) == nil)
        #expect(try await network.store.publishedArticles(.network, page: PageRequest(number: 1)).total == 0)
    }

    @Test func badBlockIsAFieldErrorAndNothingIsStored() async throws {
        let network = try await TestNetwork.make()
        let error = await #expect(throws: ValidationErrors.self) {
            try await network.publish("Titre", body: "Intro\n\n::: figure\ncaption: c\n")
        }
        #expect(error?.errors.first?.field == "body")
        #expect(error?.errors.first?.message.contains("ligne 3") == true)
        #expect(try await network.store.publishedArticles(.network, page: PageRequest(number: 1)).total == 0)
        #expect(try await network.store.person(slug: Slug(rawValue: "awa-diarra")!) == nil)
    }

    @Test func readAlsoByTitleIsResolvedWhenTheArticleArrivesAndFollowsItsTitle() async throws {
        let network = try await TestNetwork.make()
        let siteID = network.site.id
        let referrer = try await network.publish(
            "Premier", body: "Intro.\n\n::: lire-aussi\ntitle: Kidal reconquis\n:::\n")
        #expect(referrer.bodyHTML.contains("lire-aussi--attente"))

        let target = try await network.publish("Kidal  reconquis", at: TestNetwork.now.addingTimeInterval(60))
        var updated = try #require(try await network.store.publishedArticle(siteID: siteID, slug: referrer.slug))
        #expect(updated.bodyMarkdown.contains("article: \(target.id)"))
        #expect(updated.bodyHTML.contains(#"<a href="/mali-actu/2024/03/01/kidal-reconquis/">Kidal  reconquis</a>"#))

        var draft = ArticleDraft(
            id: target.id, siteSlug: network.site.slug, slug: target.slug, title: "Kidal, trois mois après",
            bodyMarkdown: "Un paragraphe.", authorNames: ["Awa Diarra"], state: .published, publishedAt: target.publishedAt)
        try await network.articles.save(draft)
        updated = try #require(try await network.store.publishedArticle(siteID: siteID, slug: referrer.slug))
        #expect(updated.bodyHTML.contains(">Kidal, trois mois après</a>"))

        draft.state = .draft
        try await network.articles.save(draft)
        updated = try #require(try await network.store.publishedArticle(siteID: siteID, slug: referrer.slug))
        #expect(!updated.bodyHTML.contains("<a href"), "an unpublished article is no longer linked")
    }

    @Test func articlesOfAnOlderRendererAreRenderedAgain() async throws {
        let network = try await TestNetwork.make()
        let article = try await network.publish("Ancien", body: "**gras**")
        try await network.store.write { tx in
            var stale = try await tx.article(id: article.id)!
            stale.bodyHTML = "vieux"
            stale.rendererVersion = 0
            _ = try await tx.updateArticle(stale)
        }
        #expect(try await network.articles.renderStaleArticles() == 1)
        let read = try await network.store.publishedArticle(siteID: network.site.id, slug: article.slug)
        #expect(read?.bodyHTML == "<p><strong>gras</strong></p>\n")
        #expect(try await network.articles.renderStaleArticles() == 0)
    }

    /// A new renderer is a long job in a large network: it goes in short transactions, each a consistent state.
    @Test func staleArticlesAreRenderedAgainInBatches() async throws {
        let network = try await TestNetwork.make()
        var ids: [Article.ID] = []
        for number in 1...7 { ids.append(try await network.publish("Numéro \(number)", body: "Texte \(number).").id) }
        try await network.store.write { [ids] tx in
            for id in ids {
                var stale = try await tx.article(id: id)!
                stale.rendererVersion = 0
                _ = try await tx.updateArticle(stale)
            }
        }
        let before = try await network.store.latestChangeID()
        #expect(try await network.articles.renderStaleArticles(batchSize: 3) == 7)
        let changes = try #require(try await network.store.changes(after: before, limit: 1_000))
        #expect(Set(changes.map(\.id)).count >= 3, "three transactions, each with its own changes")
        #expect(try await network.store.read { tx in try await tx.articlesRendered(before: ArticleRenderer.version) }.isEmpty)
    }

    /// A shutdown stops the job between two batches, without an error of its own.
    @Test func aShutdownStopsTheRenderingBetweenBatches() async throws {
        let network = try await TestNetwork.make()
        let article = try await network.publish("Ancien")
        try await network.store.write { tx in
            var stale = try await tx.article(id: article.id)!
            stale.rendererVersion = 0
            _ = try await tx.updateArticle(stale)
        }
        let articles = network.articles
        let outcome = await Task { () -> (any Error)? in
            withUnsafeCurrentTask { $0?.cancel() }
            do {
                _ = try await articles.renderStaleArticles()
                return nil
            } catch {
                return error
            }
        }.value
        #expect(outcome is CancellationError, "\(String(describing: outcome))")
        #expect(try await network.store.read { tx in try await tx.articlesRendered(before: ArticleRenderer.version) }.count == 1)
    }

    @Test func listingsPageNewestFirstAndFilterByTagAndAuthor() async throws {
        let network = try await TestNetwork.make()
        for index in 1...12 {
            try await network.publish(
                "Article \(index)", authors: [index.isMultiple(of: 2) ? "Awa" : "Moussa"],
                tags: index.isMultiple(of: 3) ? ["Trois"] : [], at: TestNetwork.now.addingTimeInterval(Double(index)))
        }
        let first = try await network.store.publishedArticles(.site(network.site.id), page: PageRequest(number: 1, size: 5))
        #expect(first.items.map(\.title) == (8...12).reversed().map { "Article \($0)" })
        #expect(first.pageCount == 3)
        let tag = try #require(try await network.store.tag(siteID: network.site.id, slug: Slug(rawValue: "trois")!))
        #expect(try await network.store.publishedArticles(.tag(tag.id), page: PageRequest(number: 1)).total == 4)
        let awa = try #require(try await network.store.person(slug: Slug(rawValue: "awa")!))
        #expect(try await network.store.publishedArticles(
            .author(siteID: network.site.id, personID: awa.id), page: PageRequest(number: 1)).total == 6)
    }

    @Test func commentRepliesMustStayInTheirArticle() async throws {
        let network = try await TestNetwork.make()
        let first = try await network.publish("Un")
        let second = try await network.publish("Deux")
        let comments = CommentService(store: network.store)
        let root = try await comments.add(KibaruCore.NewComment(articleID: first.id, authorName: "Fatou", body: "Merci",
                                                  createdAt: TestNetwork.now, status: .approved))
        await #expect(throws: ContentError.self) {
            try await comments.add(KibaruCore.NewComment(articleID: second.id, parentID: root.id, authorName: "Ali", body: "?",
                                           createdAt: TestNetwork.now, status: .approved))
        }
        try await comments.add(KibaruCore.NewComment(articleID: first.id, authorName: "Caché", body: "spam",
                                       createdAt: TestNetwork.now, status: .pending))
        #expect(try await network.store.approvedComments(articleID: first.id).map(\.authorName) == ["Fatou"])
    }

    @Test func anArticlePageIsReadWholeFromOneSnapshot() async throws {
        let network = try await TestNetwork.make()
        let first = try await network.publish(
            "La crue du Niger à Mopti", body: "Les pêcheurs de Mopti surveillent la crue du Niger.", tags: ["Fleuve"])
        let second = try await network.publish(
            "Mopti : la crue menace les pirogues", body: "La crue du Niger menace les pirogues à Mopti.", tags: ["Fleuve"])
        let comments = CommentService(store: network.store)
        try await comments.add(KibaruCore.NewComment(articleID: second.id, authorName: "Fatou", body: "Merci",
                                                  createdAt: TestNetwork.now, status: .approved))
        try await comments.add(KibaruCore.NewComment(articleID: second.id, authorName: "Caché", body: "spam",
                                                  createdAt: TestNetwork.now, status: .pending))
        let page = try #require(try await network.store.articlePage(siteID: network.site.id, slug: second.slug))
        // The same as the separate reads it replaces.
        #expect(page.article == (try await network.store.publishedArticle(siteID: network.site.id, slug: second.slug)))
        #expect(page.comments == (try await network.store.approvedComments(articleID: second.id)))
        #expect(page.comments.map(\.authorName) == ["Fatou"])
        #expect(page.related == (try await network.store.relatedArticles(articleID: second.id)))
        #expect(page.related.map(\.id) == [first.id])
        #expect(page.entities == (try await network.store.entities(articleID: second.id)))
        #expect(page.entities.contains { $0.name == "Mopti" })
        // Nothing for an unknown slug or an article that is not published.
        #expect(try await network.store.articlePage(siteID: network.site.id, slug: Slug(rawValue: "inconnu")!) == nil)
        let draft = try await network.articles.save(
            ArticleDraft(siteSlug: network.site.slug, title: "Brouillon", bodyMarkdown: "x", authorNames: ["A"]))
        #expect(try await network.store.articlePage(siteID: network.site.id, slug: draft.slug) == nil)
    }
}
