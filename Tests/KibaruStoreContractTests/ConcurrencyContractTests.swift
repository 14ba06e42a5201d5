import Foundation
import KibaruCore
import Testing

/// ``TransactionalStore/write(_:)`` under load: writes started at the same moment all land, one at a time (each
/// transaction sees every write committed before it), and readers running meanwhile never fail and never see the
/// past come back.
@Suite struct ConcurrencyContract {
    /// A new store with a site and one published article, whose ids it returns.
    private static func storeWithArticle(_ subject: StoreUnderTest) async throws
        -> (store: any ContentStore & StaffStore, siteID: Site.ID, articleID: Article.ID)
    {
        let store = try await subject.make()
        let (siteID, articleID) = try await store.write { tx in
            let site = try await tx.insertSite(NewSite(slug: .of("sahel"), title: "Sahel")).id
            let author = try await tx.insertPerson(NewPerson(slug: .of("awa-diarra"), name: "Awa Diarra"))
            let article = try await tx.insertArticle(NewArticle(
                siteID: site, slug: .of("crue"), title: "La crue du Niger", bodyMarkdown: "Le fleuve monte.",
                bodyHTML: "<p>Le fleuve monte.</p>", bodyText: "Le fleuve monte.", state: .published,
                publishedAt: Instant.now, authors: [author], createdAt: Instant.now, updatedAt: Instant.now))
            return (site, article.id)
        }
        return (store, siteID, articleID)
    }

    private static func comment(_ index: Int, on articleID: Article.ID) -> KibaruCore.NewComment {
        KibaruCore.NewComment(
            articleID: articleID, authorName: "Lecteur \(index)", body: "Le quartier \(index) est inondé.",
            createdAt: Instant.minutes(Double(index)), status: .approved)
    }

    @Test(arguments: StoreUnderTest.all)
    func fortyCommentsWrittenAtOnceAreAllCounted(_ subject: StoreUnderTest) async throws {
        let (store, siteID, articleID) = try await Self.storeWithArticle(subject)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask {
                    _ = try await store.write { tx in try await tx.insertComment(Self.comment(index, on: articleID)) }
                }
            }
            try await group.waitForAll()
        }
        let card = try await store.publishedArticles(.site(siteID), page: PageRequest(number: 1)).items.first
        #expect(card?.commentCount == 40)
        let comments = try await store.approvedComments(articleID: articleID)
        #expect(comments.count == 40 && Set(comments.map(\.body)).count == 40)
    }

    /// Each write records a failure then counts them in the same transaction: writers one at a time see 1, 2, …,
    /// 30; writers side by side would both count before either records (the check-then-record rules of
    /// throttling rely on this).
    @Test(arguments: StoreUnderTest.all)
    func writersRunOneAtATimeAndEachSeesTheOnesBefore(_ subject: StoreUnderTest) async throws {
        let store = try await subject.make()
        let key = "email:awa@example.org"
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<30 {
                group.addTask {
                    try await store.write { tx in
                        _ = try await tx.recordLoginFailure(key: key, at: Instant.now)
                        return try await tx.loginFailures(key: key, since: Instant.minutes(-15))
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts.sorted() == Array(1...30))
    }

    @Test(arguments: StoreUnderTest.all)
    func readersDuringWritesNeverFailAndNeverGoBack(_ subject: StoreUnderTest) async throws {
        let (store, siteID, articleID) = try await Self.storeWithArticle(subject)
        let writers = 20
        // Each reader returns the comment counts it saw, in the order it read them; writers return nothing.
        let seen = try await withThrowingTaskGroup(of: [Int].self) { group in
            for index in 0..<writers {
                group.addTask {
                    _ = try await store.write { tx in try await tx.insertComment(Self.comment(index, on: articleID)) }
                    return []
                }
            }
            for _ in 0..<4 {
                group.addTask {
                    var counts: [Int] = []
                    for _ in 0..<10 {
                        let card = try await store.publishedArticles(.site(siteID), page: PageRequest(number: 1))
                        let page = try await store.articlePage(siteID: siteID, slug: .of("crue"))
                        let comments = try await store.approvedComments(articleID: articleID)
                        counts += [card.items.first?.commentCount ?? -1, page?.comments.count ?? -1, comments.count]
                    }
                    return counts
                }
            }
            return try await group.reduce(into: [[Int]]()) { $0.append($1) }
        }
        let readings = seen.filter { !$0.isEmpty }
        #expect(readings.count == 4)
        for counts in readings {
            #expect(counts.allSatisfy { (0...writers).contains($0) }, "every read found the article: \(counts)")
            #expect(counts == counts.sorted(), "a later read never sees fewer comments: \(counts)")
        }
        #expect(try await store.approvedComments(articleID: articleID).count == writers)
    }
}
