import Foundation
import KibaruCore
import Testing

/// A site with one author, for the content contracts.
private struct Fixture {
    let store: any ContentStore & StaffStore
    let site: Site
    let author: Person

    init(_ subject: StoreUnderTest) async throws {
        store = try await subject.make()
        (site, author) = try await store.write { tx in
            (try await tx.insertSite(NewSite(slug: .of("sahel"), title: "Sahel")),
             try await tx.insertPerson(NewPerson(slug: .of("awa-diarra"), name: "Awa Diarra")))
        }
    }

    var siteID: Site.ID { site.id }

    /// An article of the site, published unless told otherwise.
    func article(_ slug: String, title: String? = nil, state: PublishState = .published, tags: [KibaruCore.Tag] = [])
        -> NewArticle
    {
        NewArticle(
            siteID: siteID, slug: .of(slug), title: title ?? slug, bodyMarkdown: "Texte.", bodyHTML: "<p>Texte.</p>",
            bodyText: "Texte.", state: state, publishedAt: state == .published ? Instant.now : nil, authors: [author],
            tags: tags, createdAt: Instant.now, updatedAt: Instant.now)
    }
}

/// ``ArticleRepository``: a slug is used once per site; titles are compared without case or extra spaces;
/// references are kept both ways.
@Suite struct ArticleRepositoryContract {
    @Test(arguments: StoreUnderTest.all)
    func anArticleIsSavedFoundAndUpdated(_ subject: StoreUnderTest) async throws {
        let fixture = try await Fixture(subject)
        let (saved, found, updated) = try await fixture.store.write { tx in
            let saved = try await tx.insertArticle(fixture.article("crue", title: "La crue du fleuve"))
            var changed = saved
            changed.title = "La crue du Niger"
            let updated = try await tx.updateArticle(changed)
            return (saved, try await tx.article(siteID: fixture.siteID, slug: .of("crue")), updated)
        }
        #expect(updated.id == saved.id)
        #expect(found?.title == "La crue du Niger")
        #expect(found?.authors.map(\.name) == ["Awa Diarra"])
    }

    @Test(arguments: StoreUnderTest.all)
    func aSlugIsUsedOncePerSite(_ subject: StoreUnderTest) async throws {
        let fixture = try await Fixture(subject)
        let other = try await fixture.store.write { tx in
            _ = try await tx.insertArticle(fixture.article("crue"))
            return try await tx.insertSite(NewSite(slug: .of("autre"), title: "Autre"))
        }
        await expectSlugTaken("crue") {
            try await fixture.store.write { tx in _ = try await tx.insertArticle(fixture.article("crue")) }
        }
        let elsewhere = try await fixture.store.write { tx in
            var article = fixture.article("crue")
            article.siteID = other.id
            return try await tx.insertArticle(article)
        }
        #expect(elsewhere.siteID != fixture.siteID, "another site may use the slug")
    }

    @Test(arguments: StoreUnderTest.all)
    func titlesAreComparedWithoutCaseOrExtraSpacesAmongPublishedArticles(_ subject: StoreUnderTest) async throws {
        let fixture = try await Fixture(subject)
        let found = try await fixture.store.write { tx in
            _ = try await tx.insertArticle(fixture.article("a", title: "Kidal reconquis"))
            _ = try await tx.insertArticle(fixture.article("b", title: "Kidal reconquis", state: .draft))
            return try await tx.publishedArticles(siteID: fixture.siteID, titled: "  kidal   RECONQUIS ").map(\.slug.rawValue)
        }
        #expect(found == ["a"])
    }

    @Test(arguments: StoreUnderTest.all)
    func referencesAreKeptBothWays(_ subject: StoreUnderTest) async throws {
        let fixture = try await Fixture(subject)
        let (referrer, target, referring, waiting) = try await fixture.store.write { tx in
            let target = try await tx.insertArticle(fixture.article("cible", title: "La cible"))
            let referrer = try await tx.insertArticle(fixture.article("source"))
            try await tx.setReferences(from: referrer.id, to: [
                ArticleReference(targetID: target.id), ArticleReference(targetTitle: "Pas encore écrit"),
            ])
            return (referrer, target, try await tx.articlesReferring(to: target.id),
                    try await tx.articlesWithUnresolvedReference(siteID: fixture.siteID, title: "pas encore écrit"))
        }
        #expect(referring == [referrer.id] && target.id != referrer.id)
        #expect(waiting == [referrer.id])
    }
}

/// ``TaxonomyRepository``: a tag's slug is used once per site; renaming to a used slug is refused; merging
/// moves the articles.
@Suite struct TaxonomyRepositoryContract {
    @Test(arguments: StoreUnderTest.all)
    func aTagSlugIsUsedOncePerSiteAndRenamingCannotTakeOne(_ subject: StoreUnderTest) async throws {
        let fixture = try await Fixture(subject)
        let (climate, _) = try await fixture.store.write { tx in
            (try await tx.insertTag(KibaruCore.NewTag(siteID: fixture.siteID, slug: .of("climat"), name: "Climat")),
             try await tx.insertTag(KibaruCore.NewTag(siteID: fixture.siteID, slug: .of("sante"), name: "Santé")))
        }
        await expectSlugTaken("climat") {
            try await fixture.store.write { tx in
                _ = try await tx.insertTag(KibaruCore.NewTag(siteID: fixture.siteID, slug: .of("climat"), name: "Le climat"))
            }
        }
        await expectSlugTaken("sante") {
            try await fixture.store.write { tx in try await tx.renameTag(id: climate.id, name: "Santé", slug: .of("sante")) }
        }
        let renamed = try await fixture.store.write { tx in
            try await tx.renameTag(id: climate.id, name: "Environnement", slug: .of("environnement"))
            return try await tx.tag(id: climate.id)
        }
        #expect(renamed?.name == "Environnement" && renamed?.slug == .of("environnement"))
    }

    @Test(arguments: StoreUnderTest.all)
    func mergingMovesTheArticlesThenRemovesTheTag(_ subject: StoreUnderTest) async throws {
        let fixture = try await Fixture(subject)
        let (article, source, target) = try await fixture.store.write { tx in
            let source = try await tx.insertTag(KibaruCore.NewTag(siteID: fixture.siteID, slug: .of("secheresse"), name: "Sécheresse"))
            let target = try await tx.insertTag(KibaruCore.NewTag(siteID: fixture.siteID, slug: .of("climat"), name: "Climat"))
            let article = try await tx.insertArticle(fixture.article("pluie", tags: [source]))
            try await tx.mergeTag(source.id, into: target.id)
            return (try await tx.article(id: article.id), source, target)
        }
        #expect(article?.tags.map(\.id) == [target.id])
        #expect(try await fixture.store.write { tx in try await tx.tag(id: source.id) } == nil)
    }
}

/// ``CommentRepository``: a reply belongs to its parent's article; an address's comments can be found and
/// erased; the classifier's counts add up.
@Suite struct CommentRepositoryContract {
    @Test(arguments: StoreUnderTest.all)
    func aReplyToAnotherArticlesCommentIsRefused(_ subject: StoreUnderTest) async throws {
        let fixture = try await Fixture(subject)
        let (first, second, parent) = try await fixture.store.write { tx in
            let first = try await tx.insertArticle(fixture.article("un"))
            let second = try await tx.insertArticle(fixture.article("deux"))
            let parent = try await tx.insertComment(NewComment(
                articleID: first.id, authorName: "Moussa", body: "Bien vu.", createdAt: Instant.now, status: .approved))
            return (first, second, parent)
        }
        await #expect(throws: ContentError.self) {
            try await fixture.store.write { tx in
                _ = try await tx.insertComment(NewComment(
                    articleID: second.id, parentID: parent.id, authorName: "Awa", body: "Non.", createdAt: Instant.now,
                    status: .approved))
            }
        }
        let reply = try await fixture.store.write { tx in
            try await tx.insertComment(NewComment(
                articleID: first.id, parentID: parent.id, authorName: "Awa", body: "Oui.", createdAt: Instant.now,
                status: .approved))
        }
        #expect(reply.parentID == parent.id)
    }

    @Test(arguments: StoreUnderTest.all)
    func anAddressesCommentsAreFoundThenErasedWhileRepliesStay(_ subject: StoreUnderTest) async throws {
        let fixture = try await Fixture(subject)
        let (known, unknown, reply) = try await fixture.store.write { tx in
            let article = try await tx.insertArticle(fixture.article("un"))
            let pending = try await tx.insertComment(NewComment(
                articleID: article.id, authorName: "Awa", body: "Premier.", createdAt: Instant.now, status: .pending,
                email: "awa@example.org"))
            let unknown = try await tx.hasApprovedComment(email: "awa@example.org")
            var approved = pending
            approved.status = .approved
            try await tx.updateComment(approved)
            let reply = try await tx.insertComment(NewComment(
                articleID: article.id, parentID: pending.id, authorName: "Moussa", body: "Réponse.",
                createdAt: Instant.minutes(1), status: .approved, email: "moussa@example.org"))
            return (try await tx.hasApprovedComment(email: "awa@example.org"), unknown, reply)
        }
        #expect(!unknown && known)
        let (listed, erased, remaining) = try await fixture.store.write { tx in
            let listed = try await tx.comments(email: "awa@example.org").map(\.body)
            let erased = try await tx.deleteComments(email: "awa@example.org")
            return (listed, erased, try await tx.comment(id: reply.id))
        }
        #expect(listed == ["Premier."] && erased == 1)
        #expect(remaining?.body == "Réponse.", "a reply to an erased comment stays")
    }

    @Test(arguments: StoreUnderTest.all)
    func theClassifiersCountsAddUp(_ subject: StoreUnderTest) async throws {
        let fixture = try await Fixture(subject)
        let counts = try await fixture.store.write { tx in
            try await tx.addTokenCounts(["casino", "gratuit"], spam: 1, ham: 0)
            try await tx.addTokenCounts(["casino"], spam: 1, ham: 0)
            try await tx.addTokenCounts(["gratuit", "fleuve"], spam: 0, ham: 1)
            try await tx.addTokenCounts(["gratuit"], spam: -1, ham: 0)
            return try await tx.tokenCounts(["casino", "gratuit", "fleuve", "inconnu"])
        }
        #expect(counts["casino"]?.spam == 2 && counts["casino"]?.ham == 0)
        #expect(counts["gratuit"]?.spam == 0 && counts["gratuit"]?.ham == 1)
        #expect(counts["fleuve"]?.ham == 1)
        #expect(counts["inconnu"] == nil || (counts["inconnu"]?.spam == 0 && counts["inconnu"]?.ham == 0))
    }
}

/// ``ImportRepository`` and ``DiscoveryRepository``: an imported post is found by its WordPress id or its GUID;
/// an old address has one target; the queue of articles to compare holds each once.
@Suite struct ImportAndDiscoveryContract {
    @Test(arguments: StoreUnderTest.all)
    func anImportedPostIsFoundByItsIdOrGUIDAndAnOldAddressHasOneTarget(_ subject: StoreUnderTest) async throws {
        let fixture = try await Fixture(subject)
        let (byID, byGUID, neither, redirects) = try await fixture.store.write { tx in
            let article = try await tx.insertArticle(fixture.article("importe"))
            try await tx.setImportOrigin(ImportOrigin(
                source: "wordpress", siteID: fixture.siteID, wpID: 12, guid: "https://blog.example/?p=12", wpType: "post",
                wpStatus: "publish", articleID: article.id))
            try await tx.setLegacyRedirect(siteID: fixture.siteID, path: "/?p=12", target: "/sahel/ancien/")
            try await tx.setLegacyRedirect(siteID: fixture.siteID, path: "/?p=12", target: "/sahel/importe/")
            return (try await tx.importedArticleID(siteID: fixture.siteID, source: "wordpress", wpID: 12, guid: ""),
                    try await tx.importedArticleID(
                        siteID: fixture.siteID, source: "wordpress", wpID: 99, guid: "https://blog.example/?p=12"),
                    try await tx.importedArticleID(siteID: fixture.siteID, source: "wordpress", wpID: 99, guid: "autre"),
                    try await tx.legacyRedirects(siteID: fixture.siteID).map { "\($0.path) → \($0.target)" })
        }
        #expect(byID != nil && byGUID == byID && neither == nil)
        #expect(redirects == ["/?p=12 → /sahel/importe/"])
        #expect(try await fixture.store.legacyRedirect(siteID: fixture.siteID, path: "/?p=12") == "/sahel/importe/")
    }

    @Test(arguments: StoreUnderTest.all)
    func theQueueOfArticlesToCompareHoldsEachOnceAndRelatedListsKeepTheirOrder(_ subject: StoreUnderTest)
        async throws
    {
        let fixture = try await Fixture(subject)
        let (queued, count, afterClear, related, refused) = try await fixture.store.write { tx in
            let ids = try await ["a", "b", "c"].asyncMap { try await tx.insertArticle(fixture.article($0)).id }
            for id in [ids[2], ids[0], ids[2]] { try await tx.markRelatedPending(articleID: id) }
            let queued = try await tx.relatedPending(limit: 10)
            let count = try await tx.relatedPendingCount()
            try await tx.clearRelatedPending(articleID: ids[0])
            try await tx.setRelatedArticles([ids[2], ids[1]], articleID: ids[0])
            try await tx.rejectReadAlsoSuggestion(ids[1], articleID: ids[0])
            return (queued == [ids[0], ids[2]], count, try await tx.relatedPending(limit: 10) == [ids[2]],
                    try await tx.relatedArticleIDs(articleID: ids[0]) == [ids[2], ids[1]],
                    try await tx.rejectedReadAlsoSuggestions(articleID: ids[0]) == [ids[1]])
        }
        #expect(queued && count == 2 && afterClear)
        #expect(related, "best first, as given")
        #expect(refused)
    }
}
