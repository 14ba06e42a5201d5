import GRDB

enum M0006 {
    static func articleReferences(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE article_reference (
                article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                target_id INTEGER REFERENCES article(id) ON DELETE SET NULL,
                target_title_key TEXT,
                CHECK (target_id IS NOT NULL OR target_title_key IS NOT NULL)
            );
            CREATE INDEX article_reference_article ON article_reference (article_id);
            CREATE INDEX article_reference_target ON article_reference (target_id);
            CREATE INDEX article_reference_title ON article_reference (target_title_key);
            """)
    }
}
