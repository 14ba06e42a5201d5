import GRDB

enum M0001 {
    static func networkAndSites(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE network (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                title TEXT NOT NULL,
                tagline TEXT NOT NULL DEFAULT ''
            );
            CREATE TABLE site (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                slug TEXT NOT NULL UNIQUE,
                title TEXT NOT NULL,
                tagline TEXT NOT NULL DEFAULT '',
                language TEXT NOT NULL DEFAULT 'fr',
                time_zone TEXT NOT NULL DEFAULT 'Africa/Bamako',
                host TEXT UNIQUE
            );
            """)
    }
}
