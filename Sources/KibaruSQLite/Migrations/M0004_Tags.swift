import GRDB

enum M0004 {
    static func tags(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE tag (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                site_id INTEGER NOT NULL REFERENCES site(id) ON DELETE CASCADE,
                slug TEXT NOT NULL,
                name TEXT NOT NULL,
                UNIQUE (site_id, slug)
            );
            CREATE TABLE article_tag (
                article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                tag_id INTEGER NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                PRIMARY KEY (article_id, tag_id)
            );
            CREATE INDEX article_tag_tag ON article_tag (tag_id);
            """)
    }
}
