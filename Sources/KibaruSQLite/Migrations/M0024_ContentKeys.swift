import GRDB

/// Content keys (issue 13): the keys a site gives to the programs that read its content through the Content API,
/// looked up by the SHA-256 of the key. Adding or deleting one names the site and the set of keyed sites in the
/// change log, so that the API's cached answers about them go.
enum M0024 {
    static func contentKeys(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE content_key (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                site_id INTEGER NOT NULL REFERENCES site(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                key_hash TEXT NOT NULL UNIQUE,
                prefix TEXT NOT NULL,
                created_at DATETIME NOT NULL
            );
            CREATE INDEX content_key_site ON content_key (site_id, id);
            CREATE TRIGGER content_key_change_insert AFTER INSERT ON content_key BEGIN
                INSERT INTO content_change (key) VALUES ('site:' || new.site_id), ('content-keys');
            END;
            CREATE TRIGGER content_key_change_delete AFTER DELETE ON content_key BEGIN
                INSERT INTO content_change (key) VALUES ('site:' || old.site_id), ('content-keys');
            END;
            """)
    }
}
