import GRDB

/// What imports of WordPress archives need: pages, where each imported post and comment came from (so that a
/// re-run updates instead of duplicating; `source` keeps a WordPress blog's ids apart from a Kibaru export's; a
/// comment erased since keeps its origin with no comment, so that a re-run does not bring it back), the old URLs that redirect to their new home, and the articles whose
/// related articles are still to be computed (imports defer that work to the server).
enum M0013 {
    static func imports(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE article ADD COLUMN is_page BOOLEAN NOT NULL DEFAULT 0;
            CREATE TABLE import_origin (
                site_id INTEGER NOT NULL REFERENCES site(id) ON DELETE CASCADE,
                source TEXT NOT NULL CHECK (source IN ('wordpress', 'kibaru')),
                wp_id INTEGER NOT NULL,
                guid TEXT NOT NULL,
                wp_type TEXT NOT NULL,
                wp_status TEXT NOT NULL,
                article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                PRIMARY KEY (site_id, source, wp_id)
            );
            CREATE INDEX import_origin_guid ON import_origin (site_id, guid);
            CREATE INDEX import_origin_article ON import_origin (article_id);
            CREATE TABLE comment_origin (
                site_id INTEGER NOT NULL REFERENCES site(id) ON DELETE CASCADE,
                source TEXT NOT NULL CHECK (source IN ('wordpress', 'kibaru')),
                wp_id INTEGER NOT NULL,
                comment_id INTEGER REFERENCES comment(id) ON DELETE SET NULL,
                PRIMARY KEY (site_id, source, wp_id)
            );
            CREATE TABLE legacy_redirect (
                site_id INTEGER NOT NULL REFERENCES site(id) ON DELETE CASCADE,
                path TEXT NOT NULL,
                target TEXT NOT NULL,
                PRIMARY KEY (site_id, path)
            );
            CREATE TABLE related_pending (
                article_id INTEGER PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE
            );
            """)
    }
}
