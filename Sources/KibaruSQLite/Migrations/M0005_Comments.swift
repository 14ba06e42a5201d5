import GRDB

enum M0005 {
    static func comments(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE comment (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                parent_id INTEGER REFERENCES comment(id) ON DELETE SET NULL,
                author_name TEXT NOT NULL,
                body TEXT NOT NULL,
                created_at DATETIME NOT NULL,
                approved BOOLEAN NOT NULL
            );
            CREATE INDEX comment_article ON comment (article_id, approved, created_at);
            """)
    }
}
