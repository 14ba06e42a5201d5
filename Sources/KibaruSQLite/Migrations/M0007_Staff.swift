import GRDB

enum M0007 {
    static func staff(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE staff (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                email TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                is_network_admin BOOLEAN NOT NULL DEFAULT 0,
                person_id INTEGER REFERENCES person(id) ON DELETE SET NULL,
                created_at DATETIME NOT NULL
            );
            CREATE TABLE membership (
                staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
                site_id INTEGER NOT NULL REFERENCES site(id) ON DELETE CASCADE,
                role TEXT NOT NULL CHECK (role IN ('contributor', 'author', 'editor', 'owner')),
                PRIMARY KEY (staff_id, site_id)
            );
            CREATE TABLE staff_session (
                token_hash TEXT PRIMARY KEY,
                staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
                csrf_token TEXT NOT NULL,
                created_at DATETIME NOT NULL,
                expires_at DATETIME NOT NULL
            );
            CREATE INDEX staff_session_staff ON staff_session (staff_id);
            CREATE TABLE login_failure (
                key TEXT NOT NULL,
                at DATETIME NOT NULL
            );
            CREATE INDEX login_failure_key ON login_failure (key, at);
            CREATE TABLE password_reset (
                token_hash TEXT PRIMARY KEY,
                staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
                expires_at DATETIME NOT NULL,
                used_at DATETIME
            );
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at DATETIME NOT NULL,
                actor_id INTEGER REFERENCES staff(id) ON DELETE SET NULL,
                actor_name TEXT NOT NULL,
                action TEXT NOT NULL,
                site_id INTEGER REFERENCES site(id) ON DELETE SET NULL,
                subject TEXT NOT NULL
            );
            CREATE INDEX audit_log_site ON audit_log (site_id, at DESC);
            """)
    }
}
