import Foundation
import GRDB
import KibaruCore
@testable import KibaruSQLite
import KibaruServices
import KibaruTesting
import Synchronization
import Testing

/// Every statement the reader's pages and the writes of publishing and commenting run is planned on an index:
/// no full scan of a content table, and no sort of a paged listing (issue 11). The statements are those SQLite
/// actually ran during a realistic session, read with `EXPLAIN QUERY PLAN`.
@Suite struct QueryPlanTests {
    /// Tables whose size grows with the network.
    static let contentTables: Set<String> = [
        "article", "comment", "tag", "article_tag", "article_author", "article_entity", "article_related",
        "article_reference", "person", "media", "revision", "import_origin", "comment_origin", "content_change",
    ]

    @Test func everyStatementOfReadingPublishingAndCommentingUsesAnIndex() async throws {
        let statements = Mutex<Set<String>>([])
        let directory = try TestPaths.temporaryDirectory("plans")
        let store = try SQLiteStore.open(path: directory + "/kibaru.sqlite") { sql in
            statements.withLock { _ = $0.insert(sql) }
        }
        statements.withLock { $0.removeAll() }  // the migrations' statements
        try await Self.session(store)
        let run = statements.withLock { $0 }
        #expect(run.count > 40, "the session ran the statements it should")
        var problems: [String] = []
        for sql in run.sorted() where Self.isPlanned(sql) {
            let plan = try await store.pool.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql,
                                 arguments: StatementArguments(Array(repeating: DatabaseValue.null, count: Self.placeholders(in: sql))))
                    .map { $0["detail"] as String }
            }
            for step in plan {
                let words = step.split(separator: " ")
                if words.first == "SCAN", words.count > 1, Self.contentTables.contains(String(words[1])) {
                    problems.append("full scan «\(step)» in: \(sql)")
                }
                // A page of articles newest first (listings, feeds) reads an index in that order. (Search
                // ranks what matches, and the tags and authors in use are ordered by use: sorts bounded by
                // their results.)
                if step.contains("TEMP B-TREE") && step.contains("ORDER BY") && sql.contains("LIMIT")
                    && sql.contains("published_at DESC")
                {
                    problems.append("sorted listing «\(step)» in: \(sql)")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.count) statements:\n\(problems.joined(separator: "\n\n"))")
    }

    @Test func theTermCountsFollowTheIndexThroughPublishingEditingAndUnpublishing() async throws {
        let store = try SQLiteStore.open(path: try TestPaths.temporaryDirectory("terms") + "/kibaru.sqlite")
        try await Self.session(store)
        let articles = ArticleService(store: store, now: { TestNetwork.now })
        let first = try #require(try await store.read { tx in try await tx.article(id: 1) })
        var draft = ArticleDraft(first, siteSlug: Slug(rawValue: "mali-actu")!)
        draft.bodyMarkdown = "Tombouctou et Gao, sous la pluie."
        try await articles.save(draft)
        let second = try #require(try await store.read { tx in try await tx.article(id: 2) })
        draft = ArticleDraft(second, siteSlug: Slug(rawValue: "mali-actu")!)
        draft.state = .draft
        try await articles.save(draft)
        let differences = try await store.pool.read { db in
            try String.fetchAll(db, sql: """
                SELECT * FROM (
                    SELECT term || ' ' || documents FROM search_term WHERE documents > 0 AND term <> ''
                    EXCEPT SELECT term || ' ' || doc FROM article_search_terms WHERE substr(term, 1, 1) <> '_')
                UNION ALL
                SELECT * FROM (
                    SELECT term || ' ' || doc FROM article_search_terms WHERE substr(term, 1, 1) <> '_'
                    EXCEPT SELECT term || ' ' || documents FROM search_term)
                """)
        }
        #expect(differences.isEmpty, "\(differences)")
        #expect(try await store.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT documents FROM search_term WHERE term = ''")
                == Int.fetchOne(db, sql: "SELECT count(*) FROM article_search")
        }, "the empty term counts the indexed articles")
        #expect(try await store.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT documents FROM search_term WHERE term = 'tombouctou'")
        } == 1)
    }

    @Test func publicationYearsAreFoundOneIndexStepAYear() async throws {
        let network = try await TestNetwork.make()
        let carnets = try await SiteService(store: network.store).create(NewSite(slug: Slug(rawValue: "carnets")!, title: "Carnets"))
        func day(_ year: Int, _ month: Int = 6) -> Date {
            Calendar(identifier: .gregorian).date(from: DateComponents(
                timeZone: TimeZone(secondsFromGMT: 0), year: year, month: month, day: 1, hour: 12))!
        }
        try await network.publish("Un", at: day(2024))
        try await network.publish("Deux", at: day(2024, 1))
        try await network.publish("Trois", at: day(2022, 12))
        try await network.publish("Quatre", at: day(2019))
        try await network.publish("Cinq", at: day(2023), siteSlug: carnets.slug)
        #expect(try await network.store.publicationYears(siteID: network.site.id) == [2024, 2022, 2019])
        #expect(try await network.store.publicationYears(siteID: carnets.id) == [2023])
        #expect(try await network.store.publicationYears(siteID: nil) == [2024, 2023, 2022, 2019])
    }

    /// Statements worth a plan: reads and writes of rows, not transactions, pragmas or schema.
    static func isPlanned(_ sql: String) -> Bool {
        let first = sql.drop { $0.isWhitespace }.prefix(7).uppercased()
        return ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH"].contains { first.hasPrefix($0) }
            && !sql.contains("sqlite_master") && !sql.contains("grdb_migrations")
    }

    /// The `?` of `sql` outside string literals.
    static func placeholders(in sql: String) -> Int {
        var count = 0
        var quoted = false
        for character in sql {
            if character == "'" { quoted.toggle() } else if character == "?" && !quoted { count += 1 }
        }
        return count
    }

    /// A network with two sites, then what readers, authors and moderators do to it.
    static func session(_ store: SQLiteStore) async throws {
        let sites = SiteService(store: store)
        try await sites.initialize(Network(title: "Réseau", tagline: ""))
        let mali = try await sites.create(NewSite(slug: Slug(rawValue: "mali-actu")!, title: "Mali Actu"))
        _ = try await sites.create(NewSite(slug: Slug(rawValue: "carnets")!, title: "Carnets"))
        let articles = ArticleService(store: store, now: { TestNetwork.now })
        var last: Article?
        for index in 1...12 {
            last = try await articles.save(ArticleDraft(
                siteSlug: Slug(rawValue: index % 3 == 0 ? "carnets" : "mali-actu")!, title: "Le fleuve Niger \(index)",
                bodyMarkdown: "Bamako et Ségou attendent la crue. Assimi Goïta parle à Kidal.\n\n::: lire-aussi\ntitle: Le fleuve Niger 1\n:::",
                authorNames: ["Awa Diarra", "Moussa Keïta"], tagNames: ["Climat", "Niger \(index % 4)"],
                state: .published, publishedAt: TestNetwork.now.addingTimeInterval(Double(index) * 60)))
        }
        while try await articles.computePendingRelated() > 0 {}
        let article = try #require(last)
        let siteID = mali.id
        let comment = try await CommentPosting(store: store, now: { TestNetwork.now.addingTimeInterval(30) }).post(
            CommentSubmission(
                articleID: article.id, parentID: nil, name: "Fatou", email: "fatou@example.org",
                website: nil, text: "Merci pour cet article.", formToken: "x", honeypot: "", clientAddress: "reader"))
        try await CommentModeration(store: store).setStatus(.approved, of: [comment.id], actor: nil)

        let tag = try #require(try await store.tag(siteID: siteID, slug: Slug(rawValue: "climat")!))
        let person = try #require(try await store.person(slug: Slug(rawValue: "awa-diarra")!))
        let entity = try #require(try await store.entities(articleID: article.id).first)
        for listing in [ArticleListing.network, .site(siteID), .tag(tag.id), .author(siteID: siteID, personID: person.id),
                        .entity(siteID: siteID, slug: entity.slug)] {
            _ = try await store.publishedArticles(listing, page: PageRequest(number: 2, size: 5))
            _ = try await store.feedEntries(listing, limit: 20)
            // The Content API's slices: dates, and the position after an article.
            _ = try await store.publishedArticles(listing, window: ListingWindow(limit: 5))
            _ = try await store.publishedArticles(listing, window: ListingWindow(
                publishedFrom: TestNetwork.now, publishedBefore: TestNetwork.now.addingTimeInterval(3_600),
                after: article.id, limit: 5))
        }
        _ = try await store.publishedArticle(siteID: siteID, slug: article.slug)
        _ = try await store.approvedComments(articleID: article.id)
        _ = try await store.relatedArticles(articleID: article.id)
        _ = try await store.entity(siteID: siteID, slug: entity.slug)
        _ = try await store.articleStamps(siteID: siteID)
        _ = try await store.articleStampCount(siteID: siteID)
        _ = try await store.tagsInUse(siteID: siteID, limit: 50)
        _ = try await store.authorsInUse(siteID: siteID, limit: 50)
        _ = try await store.publicationYears(siteID: siteID)
        _ = try await store.publicationYears(siteID: nil)
        _ = try await store.legacyRedirect(siteID: siteID, path: "/?p=12")
        _ = try await store.search(SearchQuery(text: "fleuve crue", siteID: siteID))
        _ = try await store.search(SearchQuery(text: "Bamako", siteID: nil))
        var filtered = try SearchQuery(text: "fleuve", siteID: siteID)
        filtered.tagID = tag.id
        filtered.personID = person.id
        filtered.year = 2024
        _ = try await store.search(filtered)
        _ = try await store.changes(after: 0, limit: 100)
        _ = try await store.latestChangeID()
        _ = try await store.site(host: "blog.example.org")
    }
}
