import GRDB

enum M0002 {
    static func people(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE person (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                slug TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                bio TEXT NOT NULL DEFAULT ''
            );
            """)
    }
}
