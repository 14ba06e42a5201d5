import Foundation
import KibaruCore
import Testing

/// A store with a site « sahel », one published article and one approved comment on it.
private struct Archive {
    let store: any ContentStore & StaffStore
    let siteID: Site.ID
    let author: Person
    let articleID: Article.ID
    let commentID: KibaruCore.Comment.ID

    init(_ subject: StoreUnderTest) async throws {
        let store = try await subject.make()
        (siteID, author, articleID, commentID) = try await store.write { tx in
            let site = try await tx.insertSite(NewSite(slug: .of("sahel"), title: "Sahel")).id
            let awa = try await tx.insertPerson(NewPerson(slug: .of("awa-diarra"), name: "Awa Diarra"))
            let article = try await tx.insertArticle(Archive.article("crue", siteID: site, author: awa))
            let comment = try await tx.insertComment(KibaruCore.NewComment(
                articleID: article.id, authorName: "Moussa", body: "Le pont de Gao est fermé.",
                createdAt: Instant.minutes(1), status: .approved))
            return (site, awa, article.id, comment.id)
        }
        self.store = store
    }

    static func article(_ slug: String, siteID: Site.ID, author: Person) -> NewArticle {
        NewArticle(
            siteID: siteID, slug: .of(slug), title: "Titre \(slug)", bodyMarkdown: "Texte.", bodyHTML: "<p>Texte.</p>",
            bodyText: "Texte.", state: .published, publishedAt: Instant.now, authors: [author], createdAt: Instant.now,
            updatedAt: Instant.now)
    }

    func article(_ slug: String, siteID: Site.ID? = nil) -> NewArticle {
        Self.article(slug, siteID: siteID ?? self.siteID, author: author)
    }
}

/// What a dry run saw in its scratch copy.
private struct ScratchView: Sendable {
    var sitesBefore: [String]
    var totalBefore: Int
    var commentCountBefore: Int?
    var commentsBefore: [String]
    var newArticleID: Article.ID
    var newCommentID: KibaruCore.Comment.ID
    var sitesAfter: [String]
    var totalAfter: Int
}

private struct DryRunAbandoned: Error {}

/// ``ContentStore/withScratchCopy(_:)``: the copy starts as the real store is (sites, articles, comments, counts);
/// what is written in it is seen there and never in the real store, whether the body returns or throws; rows
/// added to it take ids of their own; a copy can be made again afterwards.
@Suite struct ScratchCopyContract {
    @Test(arguments: StoreUnderTest.all)
    func aScratchCopySeesTheStoreAndKeepsItsWritesToItself(_ subject: StoreUnderTest) async throws {
        let archive = try await Archive(subject)
        let view = try await archive.store.withScratchCopy { scratch in
            let before = try await scratch.publishedArticles(.site(archive.siteID), page: PageRequest(number: 1))
            let sitesBefore = try await scratch.sites().map(\.slug.rawValue)
            let commentsBefore = try await scratch.approvedComments(articleID: archive.articleID).map(\.body)
            let (articleID, commentID) = try await scratch.write { tx in
                _ = try await tx.insertSite(NewSite(slug: .of("essai"), title: "Essai"))
                let article = try await tx.insertArticle(archive.article("copie"))
                let comment = try await tx.insertComment(KibaruCore.NewComment(
                    articleID: article.id, authorName: "Awa", body: "Essai.", createdAt: Instant.minutes(2),
                    status: .approved))
                return (article.id, comment.id)
            }
            let after = try await scratch.publishedArticles(.site(archive.siteID), page: PageRequest(number: 1))
            return ScratchView(
                sitesBefore: sitesBefore, totalBefore: before.total, commentCountBefore: before.items.first?.commentCount,
                commentsBefore: commentsBefore, newArticleID: articleID, newCommentID: commentID,
                sitesAfter: try await scratch.sites().map(\.slug.rawValue), totalAfter: after.total)
        }
        #expect(view.sitesBefore == ["sahel"] && view.totalBefore == 1 && view.commentCountBefore == 1)
        #expect(view.commentsBefore == ["Le pont de Gao est fermé."])
        #expect(view.sitesAfter == ["essai", "sahel"] && view.totalAfter == 2, "the copy sees its own writes")
        #expect(view.newArticleID != archive.articleID, "a new row of the copy has an id of its own")
        #expect(view.newCommentID != archive.commentID)

        let store = archive.store
        #expect(try await store.sites().map(\.slug.rawValue) == ["sahel"])
        #expect(try await store.publishedArticles(.site(archive.siteID), page: PageRequest(number: 1)).total == 1)
        #expect(try await store.publishedArticle(siteID: archive.siteID, slug: .of("copie")) == nil)
        #expect(try await store.approvedComments(articleID: archive.articleID).count == 1)
    }

    @Test(arguments: StoreUnderTest.all)
    func aThrowingBodyLeavesTheStoreAsItWasAndAnotherCopyCanBeMade(_ subject: StoreUnderTest) async throws {
        let archive = try await Archive(subject)
        let latest = try await archive.store.latestChangeID()
        await #expect(throws: DryRunAbandoned.self) {
            try await archive.store.withScratchCopy { scratch -> Void in
                try await scratch.write { tx in
                    _ = try await tx.insertArticle(archive.article("abandon"))
                    _ = try await tx.insertSite(NewSite(slug: .of("essai"), title: "Essai"))
                }
                throw DryRunAbandoned()
            }
        }
        #expect(try await archive.store.sites().map(\.slug.rawValue) == ["sahel"])
        #expect(try await archive.store.publishedArticle(siteID: archive.siteID, slug: .of("abandon")) == nil)
        #expect(try await archive.store.latestChangeID() == latest, "the real store's log has nothing new")

        let again = try await archive.store.withScratchCopy { scratch in
            (try await scratch.sites().map(\.slug.rawValue),
             try await scratch.publishedArticles(.site(archive.siteID), page: PageRequest(number: 1)).items
                .map(\.slug.rawValue))
        }
        #expect(again.0 == ["sahel"] && again.1 == ["crue"], "the second copy holds nothing of the first")
    }

    @Test(arguments: StoreUnderTest.all)
    func newRowsOfACopyTakeIdsAfterTheCopiedOnes(_ subject: StoreUnderTest) async throws {
        let archive = try await Archive(subject)
        // More rows in the real store, so that ids copied are not just 1.
        let copiedIDs = try await archive.store.write { tx in
            var ids = [archive.articleID]
            for slug in ["pluies", "secheresse", "recolte"] { ids.append(try await tx.insertArticle(archive.article(slug)).id) }
            return ids
        }
        let (articleIDs, commentIDs) = try await archive.store.withScratchCopy { scratch in
            try await scratch.write { tx in
                var articles: [Article.ID] = [], comments: [KibaruCore.Comment.ID] = []
                for slug in ["essai-un", "essai-deux"] {
                    let article = try await tx.insertArticle(archive.article(slug))
                    articles.append(article.id)
                    comments.append(try await tx.insertComment(KibaruCore.NewComment(
                        articleID: article.id, authorName: "Awa", body: "Essai.", createdAt: Instant.minutes(3),
                        status: .approved)).id)
                }
                return (articles, comments)
            }
        }
        #expect(Set(articleIDs).isDisjoint(with: copiedIDs) && articleIDs.allSatisfy { $0 > copiedIDs.max()! })
        #expect(commentIDs.allSatisfy { $0 > archive.commentID })
        #expect(Set(articleIDs).count == 2 && Set(commentIDs).count == 2)
    }
}
