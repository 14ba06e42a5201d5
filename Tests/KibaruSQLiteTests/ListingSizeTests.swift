import Foundation
import GRDB
import KibaruCore
@testable import KibaruSQLite
import KibaruServices
import KibaruTesting
import Testing

/// The size of each listing (network, site, tag, author on a site, entity on a site) is kept by triggers
/// (migration 0019) and always equals the number of published articles the listing shows, through publishing,
/// unpublishing, pages, moves between sites, tag changes, merges and deletions (issue 11).
@Suite struct ListingSizeTests {
    /// Each listing's kept size that differs from a count of the articles themselves (states, not the links'
    /// `listed` column), both ways; empty when they agree.
    static func differences(_ store: SQLiteStore) async throws -> [String] {
        try await store.pool.read { db in
            let listed = "a.state = 'published' AND a.is_page = 0"
            let counted = """
                SELECT 'network' AS listing, count(*) AS articles FROM article a WHERE \(listed)
                UNION ALL SELECT 'site:' || a.site_id, count(*) FROM article a WHERE \(listed) GROUP BY a.site_id
                UNION ALL SELECT 'tag:' || l.tag_id, count(*) FROM article_tag l JOIN article a ON a.id = l.article_id
                    WHERE \(listed) GROUP BY 1
                UNION ALL SELECT 'author:' || a.site_id || ':' || l.person_id, count(*) FROM article_author l
                    JOIN article a ON a.id = l.article_id WHERE \(listed) GROUP BY 1
                UNION ALL SELECT 'entity:' || a.site_id || ':' || l.slug, count(*) FROM article_entity l
                    JOIN article a ON a.id = l.article_id WHERE \(listed) GROUP BY 1
                """
            return try String.fetchAll(db, sql: """
                SELECT 'kept ' || listing || ' = ' || articles FROM (
                    SELECT listing, articles FROM listing_size WHERE articles <> 0
                    EXCEPT SELECT * FROM (\(counted)) WHERE articles <> 0)
                UNION ALL
                SELECT 'counted ' || listing || ' = ' || articles FROM (
                    SELECT * FROM (\(counted)) WHERE articles <> 0
                    EXCEPT SELECT listing, articles FROM listing_size WHERE articles <> 0)
                """)
        }
    }

    /// Writing an article's listing columns unchanged (as every save does) fires no listing trigger: no link row
    /// rewritten, no size upserted (migration 0020).
    @Test func aSaveThatChangesNoListingTouchesNoOtherRow() async throws {
        let store = try SQLiteStore.open(path: try TestPaths.temporaryDirectory("sizes-quiet") + "/kibaru.sqlite")
        try await QueryPlanTests.session(store)
        let (id, links) = try await store.pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT a.id, (SELECT count(*) FROM article_tag WHERE article_id = a.id)
                    + (SELECT count(*) FROM article_author WHERE article_id = a.id) AS links
                FROM article a WHERE a.state = 'published' ORDER BY links DESC LIMIT 1
                """).map { ($0[0] as Int64, $0[1] as Int) }!
        }
        #expect(links >= 2, "an article with tags and bylines")
        /// The rows `sql` changed, those of the change log (which logs any write of an article) aside.
        func rowsChanged(_ sql: String) async throws -> Int {
            try await store.pool.write { db in
                let logged = { try Int.fetchOne(db, sql: "SELECT count(*) FROM content_change") ?? 0 }
                let before = db.totalChangesCount, loggedBefore = try logged()
                try db.execute(sql: sql, arguments: [id])
                return db.totalChangesCount - before - (try logged() - loggedBefore)
            }
        }
        #expect(try await rowsChanged(
            "UPDATE article SET state = state, is_page = is_page, published_at = published_at, site_id = site_id WHERE id = ?"
        ) == 1, "the article's row alone")
        #expect(try await rowsChanged("UPDATE article SET state = 'draft' WHERE id = ?") > links, "unpublished: links follow")
        #expect(try await Self.differences(store) == [])
    }

    @Test func sizesFollowEveryChangeOfWhatAListingShows() async throws {
        let store = try SQLiteStore.open(path: try TestPaths.temporaryDirectory("sizes") + "/kibaru.sqlite")
        try await QueryPlanTests.session(store)
        #expect(try await Self.differences(store) == [])
        let articles = ArticleService(store: store, now: { TestNetwork.now })
        func article(_ id: Article.ID) async throws -> Article { try #require(try await store.read { tx in try await tx.article(id: id) }) }
        let mali = Slug(rawValue: "mali-actu")!, carnets = Slug(rawValue: "carnets")!

        var draft = ArticleDraft(try await article(1), siteSlug: mali)
        draft.state = .draft
        try await articles.save(draft)
        #expect(try await Self.differences(store) == [], "unpublished")
        draft.state = .published
        draft.publishedAt = TestNetwork.now
        try await articles.save(draft)
        #expect(try await Self.differences(store) == [], "published again")

        draft = ArticleDraft(try await article(2), siteSlug: mali)
        draft.isPage = true
        try await articles.save(draft)
        #expect(try await Self.differences(store) == [], "made a page")

        draft = ArticleDraft(try await article(4), siteSlug: mali)
        draft.tagNames = ["Climat", "Sahel"]
        draft.authorNames = ["Awa Diarra", "Oumou Sangaré"]
        try await articles.save(draft)
        #expect(try await Self.differences(store) == [], "other tags and bylines")
        // The editor does not move an article between sites; the database keeps the sizes if it is done anyway.
        let carnetsID = try #require(try await store.site(slug: carnets)?.id)
        try await store.pool.write { db in try db.execute(sql: "UPDATE article SET site_id = ? WHERE id = 4", arguments: [carnetsID]) }
        #expect(try await Self.differences(store) == [], "moved to another site")

        draft = ArticleDraft(try await article(5), siteSlug: mali)
        draft.bodyMarkdown = "Tombouctou seulement, cette fois. Tombouctou attend."
        try await articles.save(draft)
        #expect(try await Self.differences(store) == [], "other entities")

        let siteID = try #require(try await store.site(slug: mali)?.id)
        let climat = try #require(try await store.tag(siteID: siteID, slug: Slug(rawValue: "climat")!)?.id)
        let niger = try #require(try await store.tag(siteID: siteID, slug: Slug(rawValue: "niger-1")!)?.id)
        let other = try #require(try await store.tag(siteID: siteID, slug: Slug(rawValue: "niger-2")!)?.id)
        try await store.write { tx in try await tx.mergeTag(niger, into: climat) }
        #expect(try await Self.differences(store) == [], "tags merged")
        try await store.write { tx in try await tx.deleteTag(id: other) }
        #expect(try await Self.differences(store) == [], "tag deleted")
        try await store.pool.write { db in try db.execute(sql: "DELETE FROM article WHERE id = 7") }
        #expect(try await Self.differences(store) == [], "article deleted")

        let page = try await store.publishedArticles(.tag(climat), page: PageRequest(number: 1, size: 3))
        let total = try await store.pool.read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM article_tag l JOIN article a ON a.id = l.article_id
                WHERE l.tag_id = ? AND a.state = 'published' AND a.is_page = 0
                """, arguments: [climat])
        }
        #expect(page.total == total && page.total > 3, "the listing's total is the kept size")
    }

    @Test func anUpgradedDatabaseStartsWithItsSizesCounted() async throws {
        let path = try TestPaths.temporaryDirectory("sizes-upgrade") + "/kibaru.sqlite"
        var configuration = Configuration()
        configuration.prepareDatabase { db in db.add(tokenizer: FrenchTokenizer.self) }
        let old = try DatabasePool(path: path, configuration: configuration)
        try Migrations.migrator.migrate(old, upTo: "0018-article-excerpts")
        try await old.write { db in
            try db.execute(sql: """
                INSERT INTO network (id, title) VALUES (1, 'Réseau');
                INSERT INTO site (id, slug, title) VALUES (1, 'mali-actu', 'Mali Actu'), (2, 'carnets', 'Carnets');
                INSERT INTO person (id, slug, name) VALUES (1, 'awa', 'Awa'), (2, 'ali', 'Ali');
                INSERT INTO tag (id, site_id, slug, name) VALUES (1, 1, 'mali', 'Mali'), (2, 2, 'sahel', 'Sahel');
                """)
            for (id, site, state, isPage) in [(1, 1, "published", 0), (2, 1, "published", 0), (3, 1, "draft", 0),
                                              (4, 1, "published", 1), (5, 2, "published", 0)] {
                try db.execute(sql: """
                    INSERT INTO article (id, site_id, slug, title, title_key, body_markdown, body_html, body_text,
                        renderer_version, state, published_at, created_at, updated_at, is_page)
                    VALUES (?, ?, ?, 'Titre', 'titre', 'Texte', '<p>Texte</p>', 'Texte', 1, ?,
                        '2024-02-29 12:00:00.000', '2024-02-29 12:00:00.000', '2024-02-29 12:00:00.000', ?);
                    INSERT INTO article_author (article_id, person_id, position) VALUES (?, 1, 0), (?, 2, 1);
                    INSERT INTO article_tag (article_id, tag_id, position) VALUES (?, ?, 0);
                    INSERT INTO article_entity (article_id, site_id, slug, name, kind, mentions)
                    VALUES (?, ?, 'bamako', 'Bamako', 'lieu', 2);
                    """, arguments: [id, site, "article-\(id)", state, isPage, id, id, id, site, id, site])
            }
        }
        try old.close()
        let store = try SQLiteStore.open(path: path)
        #expect(try await Self.differences(store) == [])
        let sizes = try await store.pool.read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT listing, articles FROM listing_size")
                .map { ($0["listing"] as String, $0["articles"] as Int) })
        }
        #expect(sizes["network"] == 3 && sizes["site:1"] == 2 && sizes["site:2"] == 1 && sizes["tag:1"] == 2)
        #expect(sizes["author:1:2"] == 2 && sizes["entity:2:bamako"] == 1)
    }
}
