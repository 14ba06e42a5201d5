import GRDB

/// Listings read from an index in their own order, whatever the size of the network (issue 11).
///
/// - `article_listing`, `article_site_listing`: the network's and a site's published articles, newest first, as a
///   backward scan (`published_at DESC, id DESC`) with no sort.
/// - `article_tag`, `article_author` and `article_entity` carry their article's `published_at` and whether it is
///   `listed` (published, not a page), kept by triggers, so that a tag's, an author's or an entity's page reads
///   its own rows in order instead of walking every published article of the network and checking its tags.
/// - `comment_parent`, `comment_origin_comment`: the foreign keys pointing at a comment, which SQLite checks on
///   every insert and delete of a comment by scanning both tables without them.
enum M0016 {
    static func listingIndexes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX comment_parent ON comment (parent_id);
            CREATE INDEX comment_origin_comment ON comment_origin (comment_id);
            DROP INDEX article_published;
            DROP INDEX article_site_published;
            CREATE INDEX article_listing ON article (state, is_page, published_at, id);
            CREATE INDEX article_site_listing ON article (site_id, state, is_page, published_at, id);
            """)
        for (table, key) in [("article_tag", "tag_id"), ("article_author", "person_id"), ("article_entity", "site_id, slug")] {
            try db.execute(sql: """
                ALTER TABLE \(table) ADD COLUMN published_at DATETIME;
                ALTER TABLE \(table) ADD COLUMN listed BOOLEAN NOT NULL DEFAULT 0;
                UPDATE \(table) SET
                    published_at = (SELECT published_at FROM article WHERE id = \(table).article_id),
                    listed = (SELECT state = 'published' AND is_page = 0 FROM article WHERE id = \(table).article_id);
                CREATE INDEX \(table)_listing ON \(table) (\(key), listed, published_at, article_id);
                CREATE TRIGGER \(table)_listing_insert AFTER INSERT ON \(table)
                BEGIN
                    UPDATE \(table) SET
                        published_at = (SELECT published_at FROM article WHERE id = new.article_id),
                        listed = (SELECT state = 'published' AND is_page = 0 FROM article WHERE id = new.article_id)
                    WHERE rowid = new.rowid;
                END;
                CREATE TRIGGER \(table)_listing_article AFTER UPDATE OF state, is_page, published_at ON article
                BEGIN
                    UPDATE \(table) SET published_at = new.published_at,
                        listed = (new.state = 'published' AND new.is_page = 0)
                    WHERE article_id = new.id;
                END;
                """)
        }
    }
}
