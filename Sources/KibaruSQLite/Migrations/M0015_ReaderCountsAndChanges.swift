import Foundation
import GRDB

/// What reader pages need without walking the network (issue 11).
///
/// - `article.comment_count`: the approved comments of each article, kept by triggers in the transaction that
///   changes a comment, so that a listing's card reads one column instead of counting comments.
/// - `comment_article_status`: an article's approved comments in order, from the index alone.
/// - `content_change`: a log that triggers append to, in the transaction that makes the change, naming what a
///   reader page shows and may now show differently (``ContentChange``'s keys: `article:12`, `listing:site:3`,
///   …). Page caches read it after each commit, and every second for the writes of other processes (an import
///   run from the command line). Entries older than ten minutes are pruned.
enum M0015 {
    static func readerCountsAndChanges(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE article ADD COLUMN comment_count INTEGER NOT NULL DEFAULT 0;
            UPDATE article SET comment_count =
                (SELECT count(*) FROM comment c WHERE c.article_id = article.id AND c.status = 'approved');
            CREATE INDEX comment_article_status ON comment (article_id, status, created_at);

            CREATE TRIGGER comment_count_insert AFTER INSERT ON comment WHEN new.status = 'approved'
            BEGIN
                UPDATE article SET comment_count = comment_count + 1 WHERE id = new.article_id;
            END;
            CREATE TRIGGER comment_count_delete AFTER DELETE ON comment WHEN old.status = 'approved'
            BEGIN
                UPDATE article SET comment_count = comment_count - 1 WHERE id = old.article_id;
            END;
            CREATE TRIGGER comment_count_update AFTER UPDATE OF status, article_id ON comment
            WHEN (old.status = 'approved' OR new.status = 'approved')
                AND (old.status IS NOT new.status OR old.article_id IS NOT new.article_id)
            BEGIN
                UPDATE article SET comment_count = comment_count - 1
                WHERE id = old.article_id AND old.status = 'approved';
                UPDATE article SET comment_count = comment_count + 1
                WHERE id = new.article_id AND new.status = 'approved';
            END;

            CREATE TABLE content_change (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
                key TEXT NOT NULL
            );
            """)
        try articleTriggers(db)
        try relationTriggers(db)
        try otherTriggers(db)
    }

    /// Whether an update changes where a published article is listed (its state, date, site, or page flag).
    private static let listedDifferently = """
        (old.state IS NOT new.state OR old.published_at IS NOT new.published_at OR old.site_id IS NOT new.site_id
            OR old.is_page IS NOT new.is_page)
        """

    /// The keys of the listings an article (`row` is `new` or `old`) appears in, as a `SELECT` of `key`.
    private static func listings(of row: String) -> String {
        """
        SELECT 'listing:site:' || \(row).site_id UNION ALL SELECT 'listing:network'
        UNION ALL SELECT 'site-content:' || \(row).site_id
        UNION ALL SELECT 'listing:tag:' || tag_id FROM article_tag WHERE article_id = \(row).id
        UNION ALL SELECT 'listing:author:' || person_id FROM article_author WHERE article_id = \(row).id
        UNION ALL SELECT DISTINCT 'listing:entity:' || site_id || ':' || slug FROM article_entity
            WHERE article_id = \(row).id
        """
    }

    private static func articleTriggers(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TRIGGER article_change_insert AFTER INSERT ON article WHEN new.state = 'published'
            BEGIN
                INSERT INTO content_change (key) SELECT 'article:' || new.id UNION ALL \(listings(of: "new"));
            END;
            CREATE TRIGGER article_change_update AFTER UPDATE ON article
            WHEN old.state = 'published' OR new.state = 'published'
            BEGIN
                INSERT INTO content_change (key) VALUES ('article:' || new.id);
                INSERT INTO content_change (key) SELECT 'site-content:' || new.site_id
                WHERE old.updated_at IS NOT new.updated_at OR old.slug IS NOT new.slug;
                INSERT INTO content_change (key) SELECT * FROM (\(listings(of: "old")))
                WHERE \(listedDifferently);
                INSERT INTO content_change (key) SELECT * FROM (\(listings(of: "new")))
                WHERE \(listedDifferently) AND old.site_id IS NOT new.site_id;
            END;
            CREATE TRIGGER article_change_delete BEFORE DELETE ON article WHEN old.state = 'published'
            BEGIN
                INSERT INTO content_change (key) SELECT 'article:' || old.id UNION ALL \(listings(of: "old"));
            END;
            """)
    }

    /// Tags, bylines, entities, related articles and comments of a published article. Tags and bylines show on
    /// the article's cards and in sitemaps; related articles and entities only on its own page.
    private static func relationTriggers(_ db: Database) throws {
        let published = "(SELECT state FROM article WHERE id = %@.article_id) = 'published'"
        let siteContent = "SELECT 'site-content:' || site_id FROM article WHERE id = %@.article_id"
        let relations = [
            ("article_tag", ["'article:' || %@.article_id", "'listing:tag:' || %@.tag_id"], true),
            ("article_author", ["'article:' || %@.article_id", "'listing:author:' || %@.person_id"], true),
            ("article_entity", ["'article-page:' || %@.article_id", "'listing:entity:' || %@.site_id || ':' || %@.slug"], false),
            ("article_related", ["'article-page:' || %@.article_id"], false),
        ]
        for (table, keys, inSitemaps) in relations {
            for (event, row) in [("INSERT", "new"), ("DELETE", "old")] {
                let selects = keys.map { "SELECT " + $0 } + (inSitemaps ? [siteContent] : [])
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_change_\(event.lowercased()) AFTER \(event) ON \(table)
                    WHEN \(published.replacingOccurrences(of: "%@", with: row))
                    BEGIN
                        INSERT INTO content_change (key)
                        \(selects.joined(separator: " UNION ALL ").replacingOccurrences(of: "%@", with: row));
                    END;
                    """)
            }
        }
        for (event, row) in [("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old")] {
            let condition = event == "UPDATE" ? "old.status = 'approved' OR new.status = 'approved'"
                : "\(row).status = 'approved'"
            try db.execute(sql: """
                CREATE TRIGGER comment_change_\(event.lowercased()) AFTER \(event) ON comment WHEN \(condition)
                BEGIN
                    INSERT INTO content_change (key) SELECT 'article-page:' || \(row).article_id
                    UNION ALL SELECT 'comments:' || site_id FROM article WHERE id = \(row).article_id;
                END;
                """)
        }
    }

    /// Tags, people, sites and the network themselves: names, titles, settings.
    private static func otherTriggers(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TRIGGER tag_change_update AFTER UPDATE ON tag
            BEGIN
                INSERT INTO content_change (key) VALUES ('tag:' || new.id), ('site-content:' || new.site_id);
            END;
            CREATE TRIGGER tag_change_delete BEFORE DELETE ON tag
            BEGIN
                INSERT INTO content_change (key) VALUES ('tag:' || old.id), ('listing:tag:' || old.id);
            END;
            CREATE TRIGGER person_change_update AFTER UPDATE ON person
            BEGIN
                INSERT INTO content_change (key) VALUES ('person:' || new.id);
            END;
            CREATE TRIGGER site_change_insert AFTER INSERT ON site
            BEGIN
                INSERT INTO content_change (key) VALUES ('site:' || new.id), ('sites');
            END;
            CREATE TRIGGER site_change_update AFTER UPDATE ON site
            BEGIN
                INSERT INTO content_change (key) VALUES ('site:' || new.id), ('sites');
            END;
            CREATE TRIGGER site_change_delete BEFORE DELETE ON site
            BEGIN
                INSERT INTO content_change (key) VALUES ('site:' || old.id), ('sites');
            END;
            CREATE TRIGGER network_change_update AFTER UPDATE ON network
            BEGIN
                INSERT INTO content_change (key) VALUES ('network');
            END;
            """)
    }
}
