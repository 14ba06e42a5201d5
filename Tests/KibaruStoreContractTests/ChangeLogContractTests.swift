import Foundation
import KibaruCore
import Synchronization
import Testing

/// A site with one author, and the change log's position once they exist.
private struct Desk {
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

    func article(_ slug: String, state: PublishState = .published) -> NewArticle {
        NewArticle(
            siteID: siteID, slug: .of(slug), title: "La crue du Niger", bodyMarkdown: "Le fleuve monte.",
            bodyHTML: "<p>Le fleuve monte.</p>", bodyText: "Le fleuve monte.", state: state,
            publishedAt: state == .published ? Instant.now : nil, authors: [author], createdAt: Instant.now,
            updatedAt: Instant.now)
    }

    /// What the log names after `id`, which must not have been pruned.
    func changes(after id: Int64) async throws -> [ContentChange] {
        try #require(try await store.changes(after: id, limit: 10_000))
    }

    func keys(after id: Int64) async throws -> Set<ContentDependency> {
        Set(try await changes(after: id).map(\.dependency))
    }
}

/// The batches of changes a store handed to ``ContentChangeLog/observeCommittedChanges(_:)``.
private final class ObservedChanges: Sendable {
    private let batches = Mutex<[[ContentChange]]>([])

    func record(_ changes: [ContentChange]) { batches.withLock { $0.append(changes) } }
    var all: [[ContentChange]] { batches.withLock { $0 } }
}

private struct AbandonedWrite: Error {}

/// ``ContentChangeLog``: each committed write appends what it changed for readers, in commit order, and only
/// that (a save that changes nothing a listing shows names no listing; a pending comment names nothing); a write
/// rolled back appends nothing; observers hear a write's changes before it returns; pruning keeps the newest
/// entry, so that a reader left behind learns it was pruned past.
@Suite struct ChangeLogContract {
    /// An article moved to another site leaves the listings of its old site, its entities' included, and joins the
    /// new site's: both are named.
    @Test(arguments: StoreUnderTest.all)
    func anArticleMovedToAnotherSiteNamesTheListingsItLeftAndJoined(_ subject: StoreUnderTest) async throws {
        let desk = try await Desk(subject)
        let (article, other) = try await desk.store.write { tx in
            let article = try await tx.insertArticle(desk.article("crue"))
            try await tx.setEntities(
                [ArticleEntity(slug: .of("mopti"), name: "Mopti", kind: .place, mentions: 2)], articleID: article.id)
            return (article, try await tx.insertSite(NewSite(slug: .of("autre"), title: "Autre")))
        }
        let before = try await desk.store.latestChangeID()
        _ = try await desk.store.write { tx in
            var moved = article
            moved.siteID = other.id
            return try await tx.updateArticle(moved)
        }
        let keys = try await desk.keys(after: before)
        #expect(keys.contains(.siteListing(desk.siteID)) && keys.contains(.siteListing(other.id)))
        #expect(keys.contains(.entityListing(siteID: desk.siteID, slug: .of("mopti"))), "the old site's entity page")
        #expect(keys.contains(.entityListing(siteID: other.id, slug: .of("mopti"))), "the new site's entity page")
    }

    @Test(arguments: StoreUnderTest.all)
    func publishingAnArticleNamesItAndItsListings(_ subject: StoreUnderTest) async throws {
        let desk = try await Desk(subject)
        let before = try await desk.store.latestChangeID()
        let article = try await desk.store.write { tx in try await tx.insertArticle(desk.article("crue")) }
        let articleID = article.id
        #expect(try await desk.store.latestChangeID() > before)
        let keys = try await desk.keys(after: before)
        #expect(keys.contains(.article(articleID)))
        #expect(keys.contains(.siteListing(desk.siteID)) && keys.contains(.networkListing))
        #expect(keys.contains(.siteContent(desk.siteID)) && keys.contains(.authorListing(desk.author.id)))
        let ids = try await desk.changes(after: before).map(\.id)
        #expect(ids == ids.sorted() && Set(ids).count == ids.count, "ids grow in commit order")
    }

    @Test(arguments: StoreUnderTest.all)
    func approvingACommentNamesTheArticlesPageWhileAPendingOneNamesNothing(_ subject: StoreUnderTest) async throws {
        let desk = try await Desk(subject)
        let articleID = try await desk.store.write { tx in try await tx.insertArticle(desk.article("crue")).id }
        let beforePending = try await desk.store.latestChangeID()
        let commentID = try await desk.store.write { tx in
            try await tx.insertComment(KibaruCore.NewComment(
                articleID: articleID, authorName: "Moussa", body: "Le pont est coupé.", createdAt: Instant.minutes(1),
                status: .pending)).id
        }
        #expect(try await desk.store.latestChangeID() == beforePending, "readers see no pending comment")

        try await desk.store.write { tx in
            var comment = try #require(try await tx.comment(id: commentID))
            comment.status = .approved
            try await tx.updateComment(comment)
        }
        let keys = try await desk.keys(after: beforePending)
        #expect(keys.contains(.articlePage(articleID)))
        #expect(keys.contains(.comments(siteID: desk.siteID)), "the site's comment feed")
        #expect(keys.contains(.article(articleID)), "the card's comment count changed")
        #expect(!keys.contains(.siteListing(desk.siteID)), "the listing holds the same articles")
    }

    /// SQLite's triggers (migrations 0015 and 0020) log `article:{id}` on every update of a published article,
    /// `site-content:` only when its date of change or address changes, and the listings only when its state,
    /// date, site or page flag changes; bylines and tags are rewritten only when they change. So saving the same
    /// article again names the article, nothing else.
    @Test(arguments: StoreUnderTest.all)
    func savingAnArticleUnchangedNamesNoListing(_ subject: StoreUnderTest) async throws {
        let desk = try await Desk(subject)
        let saved = try await desk.store.write { tx in
            let tag = try await tx.insertTag(KibaruCore.NewTag(siteID: desk.siteID, slug: .of("climat"), name: "Climat"))
            var article = desk.article("crue")
            article.tags = [tag]
            return try await tx.insertArticle(article)
        }
        let articleID = saved.id
        let before = try await desk.store.latestChangeID()
        _ = try await desk.store.write { tx in try await tx.updateArticle(saved) }
        #expect(try await desk.keys(after: before) == [.article(articleID)])
    }

    @Test(arguments: StoreUnderTest.all)
    func observersHearACommittedWritesChangesBeforeItReturns(_ subject: StoreUnderTest) async throws {
        let desk = try await Desk(subject)
        let observed = ObservedChanges()
        desk.store.observeCommittedChanges { changes in observed.record(changes) }
        let before = try await desk.store.latestChangeID()
        let article = try await desk.store.write { tx in try await tx.insertArticle(desk.article("crue")) }
        let heard = observed.all  // read at once: the write has returned
        let articleID = article.id
        let logged = try await desk.changes(after: before)
        #expect(heard == [logged], "one batch: exactly the transaction's entries")
        let heardKeys = Set(heard.joined().map(\.dependency))
        #expect(heardKeys.contains(.article(articleID)) && heardKeys.contains(.siteListing(desk.siteID)))
    }

    @Test(arguments: StoreUnderTest.all)
    func aRolledBackWriteLogsNothing(_ subject: StoreUnderTest) async throws {
        let desk = try await Desk(subject)
        let observed = ObservedChanges()
        desk.store.observeCommittedChanges { changes in observed.record(changes) }
        let before = try await desk.store.latestChangeID()
        await #expect(throws: AbandonedWrite.self) {
            try await desk.store.write { tx -> Void in
                _ = try await tx.insertArticle(desk.article("crue"))
                _ = try await tx.insertSite(NewSite(slug: .of("autre"), title: "Autre"))
                throw AbandonedWrite()
            }
        }
        #expect(try await desk.store.latestChangeID() == before)
        #expect(try await desk.changes(after: before).isEmpty)
        #expect(observed.all.isEmpty)
        #expect(try await desk.store.publishedArticle(siteID: desk.siteID, slug: .of("crue")) == nil)
    }

    @Test(arguments: StoreUnderTest.all)
    func pruningKeepsTheNewestEntryAndTellsAReaderLeftBehind(_ subject: StoreUnderTest) async throws {
        let desk = try await Desk(subject)
        try await desk.store.write { tx in
            _ = try await tx.insertArticle(desk.article("crue"))
            _ = try await tx.insertArticle(desk.article("pluies"))
        }
        let everything = try await desk.changes(after: 0)
        let latest = try await desk.store.latestChangeID()
        #expect(everything.count > 2 && everything.last?.id == latest)

        let pruned = try await desk.store.pruneChanges(before: Date().addingTimeInterval(3_600))
        #expect(pruned == everything.count - 1, "all but the newest")
        #expect(try await desk.store.latestChangeID() == latest)
        #expect(try await desk.store.changes(after: latest - 1, limit: 10)?.map(\.id) == [latest])
        #expect(try await desk.store.changes(after: latest, limit: 10)?.isEmpty == true, "nothing new")
        #expect(try await desk.store.changes(after: 0, limit: 10) == nil, "pruned past")
        #expect(try await desk.store.pruneChanges(before: Date().addingTimeInterval(3_600)) == 0)
    }
}
