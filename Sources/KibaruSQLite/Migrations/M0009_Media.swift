import GRDB

enum M0009 {
    static func media(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE media (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                site_id INTEGER NOT NULL REFERENCES site(id) ON DELETE CASCADE,
                path TEXT NOT NULL UNIQUE,
                media_type TEXT NOT NULL,
                width INTEGER NOT NULL,
                height INTEGER NOT NULL,
                byte_count INTEGER NOT NULL,
                alt TEXT NOT NULL,
                caption TEXT NOT NULL,
                credit_author TEXT,
                credit_source TEXT,
                credit_licence TEXT,
                credit_url TEXT,
                uploaded_by TEXT NOT NULL,
                created_at DATETIME NOT NULL
            );
            CREATE INDEX media_site ON media (site_id, created_at DESC);
            """)
    }
}
