import GRDB

/// How many published articles each listing holds (the network, a site, a tag, an author on a site, an entity on
/// a site), kept by triggers in the transaction that changes them, instead of counted at each view of a page
/// (`count(*)` over the listing's index range: 1 ms for 10,000 articles, 10 ms for the network's front page at
/// 100,000).
///
/// - `listing_size(listing, articles)`, keyed like the listings: `network`, `site:{id}`, `tag:{id}`,
///   `author:{site}:{person}`, `entity:{site}:{slug}` (``ArticleQueries/sizeKey(_:)``).
/// - `article_author` carries its article's `site_id`, set with `published_at` and `listed` in one update, so
///   that an author's count follows the link row alone; moving an article to another site moves its author and
///   entity rows with it (entity rows kept the old site until then).
enum M0019 {
    static func listingSizes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE listing_size (
                listing TEXT PRIMARY KEY,
                articles INTEGER NOT NULL
            ) WITHOUT ROWID;
            ALTER TABLE article_author ADD COLUMN site_id INTEGER;
            UPDATE article_author SET site_id = (SELECT site_id FROM article WHERE id = article_author.article_id);
            DROP TRIGGER article_author_listing_insert;
            DROP TRIGGER article_author_listing_article;
            CREATE TRIGGER article_author_listing_insert AFTER INSERT ON article_author
            BEGIN
                UPDATE article_author SET
                    published_at = (SELECT published_at FROM article WHERE id = new.article_id),
                    listed = (SELECT state = 'published' AND is_page = 0 FROM article WHERE id = new.article_id),
                    site_id = (SELECT site_id FROM article WHERE id = new.article_id)
                WHERE rowid = new.rowid;
            END;
            CREATE TRIGGER article_author_listing_article AFTER UPDATE OF state, is_page, published_at, site_id ON article
            BEGIN
                UPDATE article_author SET published_at = new.published_at,
                    listed = (new.state = 'published' AND new.is_page = 0), site_id = new.site_id
                WHERE article_id = new.id;
            END;
            CREATE TRIGGER article_entity_site AFTER UPDATE OF site_id ON article WHEN old.site_id IS NOT new.site_id
            BEGIN
                UPDATE OR IGNORE article_entity SET site_id = new.site_id WHERE article_id = new.id;
            END;

            INSERT INTO listing_size (listing, articles)
            SELECT 'network', count(*) FROM article WHERE state = 'published' AND is_page = 0;
            INSERT INTO listing_size (listing, articles)
            SELECT 'site:' || site_id, count(*) FROM article WHERE state = 'published' AND is_page = 0 GROUP BY site_id;
            INSERT INTO listing_size (listing, articles)
            SELECT \(key("article_tag", "l")), count(*) FROM article_tag l WHERE listed = 1 GROUP BY 1;
            INSERT INTO listing_size (listing, articles)
            SELECT \(key("article_author", "l")), count(*) FROM article_author l WHERE listed = 1 GROUP BY 1;
            INSERT INTO listing_size (listing, articles)
            SELECT \(key("article_entity", "l")), count(*) FROM article_entity l WHERE listed = 1 GROUP BY 1;
            """)
        let listed = { (row: String) in "(\(row).state = 'published' AND \(row).is_page = 0)" }
        try db.execute(sql: """
            CREATE TRIGGER listing_size_article_insert AFTER INSERT ON article WHEN \(listed("new"))
            BEGIN
                \(bump("'network'", by: 1))
                \(bump("'site:' || new.site_id", by: 1))
            END;
            CREATE TRIGGER listing_size_article_update AFTER UPDATE OF state, is_page, site_id ON article
            WHEN \(listed("old")) OR \(listed("new"))
            BEGIN
                \(bump("'network'", by: -1, when: listed("old")))
                \(bump("'site:' || old.site_id", by: -1, when: listed("old")))
                \(bump("'network'", by: 1, when: listed("new")))
                \(bump("'site:' || new.site_id", by: 1, when: listed("new")))
            END;
            CREATE TRIGGER listing_size_article_delete AFTER DELETE ON article WHEN \(listed("old"))
            BEGIN
                \(bump("'network'", by: -1))
                \(bump("'site:' || old.site_id", by: -1))
            END;
            """)
        for (table, columns) in [
            ("article_tag", "tag_id"), ("article_author", "site_id, person_id"), ("article_entity", "site_id, slug"),
        ] {
            try db.execute(sql: """
                CREATE TRIGGER \(table)_size_insert AFTER INSERT ON \(table) WHEN new.listed = 1
                BEGIN
                    \(bump(key(table, "new"), by: 1))
                END;
                CREATE TRIGGER \(table)_size_update AFTER UPDATE OF listed, \(columns) ON \(table)
                WHEN old.listed = 1 OR new.listed = 1
                BEGIN
                    \(bump(key(table, "old"), by: -1, when: "old.listed = 1"))
                    \(bump(key(table, "new"), by: 1, when: "new.listed = 1"))
                END;
                CREATE TRIGGER \(table)_size_delete AFTER DELETE ON \(table) WHEN old.listed = 1
                BEGIN
                    \(bump(key(table, "old"), by: -1))
                END;
                """)
        }
    }

    /// The listing a link row counts in.
    static func key(_ table: String, _ row: String) -> String {
        switch table {
        case "article_tag": "'tag:' || \(row).tag_id"
        case "article_author": "'author:' || \(row).site_id || ':' || \(row).person_id"
        default: "'entity:' || \(row).site_id || ':' || \(row).slug"
        }
    }

    /// Adds `delta` to a listing's size, when `condition` holds.
    static func bump(_ key: String, by delta: Int, when condition: String = "1") -> String {
        """
        INSERT INTO listing_size (listing, articles) SELECT \(key), \(delta) WHERE \(condition)
                ON CONFLICT (listing) DO UPDATE SET articles = articles + excluded.articles;
        """
    }
}
