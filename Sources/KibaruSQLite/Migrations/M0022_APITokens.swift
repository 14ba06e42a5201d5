import GRDB

/// API tokens (issue 13): a staff member's tokens for programs, each with its scopes (a comma-separated list)
/// and the SHA-256 of its secret, looked up by that hash on every API request.
enum M0022 {
    static func apiTokens(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE api_token (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                scopes TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                prefix TEXT NOT NULL,
                created_at DATETIME NOT NULL,
                last_used_at DATETIME
            );
            CREATE INDEX api_token_staff ON api_token (staff_id, id);
            """)
    }
}
