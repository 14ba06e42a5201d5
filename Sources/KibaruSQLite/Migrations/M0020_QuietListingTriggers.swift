import GRDB

/// The listing triggers of migrations 0016 and 0019 fire only when what they copy or count changes. Saving an
/// article writes its `state`, `is_page`, `published_at` and `site_id` every time, so before this each save of a
/// published article rewrote every tag, author and entity row of it and made four `listing_size` upserts that
/// cancelled out (issue 11: the import's write batches). What each trigger does when it fires is unchanged.
enum M0020 {
    static func quietListingTriggers(_ db: Database) throws {
        let changed = { (columns: [String]) in
            columns.map { "old.\($0) IS NOT new.\($0)" }.joined(separator: " OR ")
        }
        for table in ["article_tag", "article_entity"] {
            try db.execute(sql: """
                DROP TRIGGER \(table)_listing_article;
                CREATE TRIGGER \(table)_listing_article AFTER UPDATE OF state, is_page, published_at ON article
                WHEN \(changed(["state", "is_page", "published_at"]))
                BEGIN
                    UPDATE \(table) SET published_at = new.published_at,
                        listed = (new.state = 'published' AND new.is_page = 0)
                    WHERE article_id = new.id;
                END;
                """)
        }
        let listed = { (row: String) in "(\(row).state = 'published' AND \(row).is_page = 0)" }
        try db.execute(sql: """
            DROP TRIGGER article_author_listing_article;
            CREATE TRIGGER article_author_listing_article AFTER UPDATE OF state, is_page, published_at, site_id ON article
            WHEN \(changed(["state", "is_page", "published_at", "site_id"]))
            BEGIN
                UPDATE article_author SET published_at = new.published_at,
                    listed = (new.state = 'published' AND new.is_page = 0), site_id = new.site_id
                WHERE article_id = new.id;
            END;
            DROP TRIGGER listing_size_article_update;
            CREATE TRIGGER listing_size_article_update AFTER UPDATE OF state, is_page, site_id ON article
            WHEN \(listed("old")) IS NOT \(listed("new")) OR (\(listed("new")) AND old.site_id IS NOT new.site_id)
            BEGIN
                \(M0019.bump("'network'", by: -1, when: listed("old")))
                \(M0019.bump("'site:' || old.site_id", by: -1, when: listed("old")))
                \(M0019.bump("'network'", by: 1, when: listed("new")))
                \(M0019.bump("'site:' || new.site_id", by: 1, when: listed("new")))
            END;
            """)
        for (table, columns) in [
            ("article_tag", "tag_id"), ("article_author", "site_id, person_id"), ("article_entity", "site_id, slug"),
        ] {
            let old = M0019.key(table, "old"), new = M0019.key(table, "new")
            try db.execute(sql: """
                DROP TRIGGER \(table)_size_update;
                CREATE TRIGGER \(table)_size_update AFTER UPDATE OF listed, \(columns) ON \(table)
                WHEN old.listed IS NOT new.listed OR (new.listed = 1 AND (\(old)) IS NOT (\(new)))
                BEGIN
                    \(M0019.bump(old, by: -1, when: "old.listed = 1"))
                    \(M0019.bump(new, by: 1, when: "new.listed = 1"))
                END;
                """)
        }
    }
}
