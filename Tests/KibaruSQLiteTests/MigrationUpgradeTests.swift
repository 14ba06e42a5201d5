import Foundation
import GRDB
import KibaruCore
import KibaruServices
import KibaruTesting
import Testing

@testable import KibaruSQLite

/// A database of the first release (migrations up to 0006, before staff and the article rebuild of 0008)
/// keeps every article, byline, tag, comment and reference when it is opened by this release.
@Suite struct MigrationUpgradeTests {
    @Test func aFirstReleaseDatabaseUpgradesWithoutLosingAnything() async throws {
        let path = try TestPaths.temporaryDirectory("upgrade") + "/kibaru.sqlite"
        let old = try DatabasePool(path: path)
        try Migrations.migrator.migrate(old, upTo: "0006-article-references")
        try await old.write { db in
            try db.execute(sql: """
                INSERT INTO network (id, title) VALUES (1, 'Réseau');
                INSERT INTO site (id, slug, title) VALUES (1, 'mali-actu', 'Mali Actu');
                INSERT INTO person (id, slug, name) VALUES (1, 'awa', 'Awa');
                INSERT INTO article (id, site_id, slug, title, title_key, body_markdown, body_html, body_text,
                    renderer_version, state, published_at, created_at, updated_at)
                VALUES (7, 1, 'un', 'Un', 'un', 'Texte', '<p>Texte</p>', 'Texte', 1, 'published',
                    '2024-02-29 12:00:00.000', '2024-02-29 12:00:00.000', '2024-02-29 12:00:00.000');
                INSERT INTO article_author (article_id, person_id, position) VALUES (7, 1, 0);
                INSERT INTO tag (id, site_id, slug, name) VALUES (1, 1, 'mali', 'Mali');
                INSERT INTO article_tag (article_id, tag_id, position) VALUES (7, 1, 0);
                INSERT INTO comment (article_id, author_name, body, created_at, approved)
                VALUES (7, 'Fatou', 'Merci', '2024-03-01 08:00:00.000', 1);
                INSERT INTO comment (article_id, author_name, body, created_at, approved)
                VALUES (7, 'Caché', 'En attente', '2024-03-01 09:00:00.000', 0);
                INSERT INTO article_reference (article_id, target_id) VALUES (7, 7);
                """)
        }
        try old.close()

        let store = try SQLiteStore.open(path: path)
        #expect(try store.appliedMigrations().last == "0026-site-appearance")
        let article = try #require(try await store.publishedArticle(siteID: 1, slug: Slug(rawValue: "un")!))
        #expect(article.id == 7 && article.version == 1 && article.ownerID == nil)
        #expect(article.authors.map(\.name) == ["Awa"] && article.tags.map(\.name) == ["Mali"])
        #expect(try await store.approvedComments(articleID: 7).map(\.authorName) == ["Fatou"])
        // Its excerpt was made by 0018, as a save makes it.
        let listed = try await store.publishedArticles(.site(1), page: PageRequest(number: 1, size: 10)).items
        #expect(listed.map(\.excerpt) == ["Texte"])
        let problems = try store.pool.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }
        #expect(problems.isEmpty)
        #expect(try await store.write { tx in try await tx.articlesReferring(to: 7) } == [7])
        // 0025 made the search index anew, empty: the server's background work puts the article back, with its tag.
        #expect(try await store.search(SearchQuery(text: "texte")).items.isEmpty)
        #expect(try await SearchIndexing(store: store).indexMissingArticles() == 1)
        #expect(try await store.search(SearchQuery(text: "texte")).items.map(\.article.id) == [7])
        #expect(try await store.search(SearchQuery(text: "mali")).items.map(\.article.id) == [7])
    }
}
