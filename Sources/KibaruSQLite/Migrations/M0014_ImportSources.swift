import GRDB

/// The blogs whose exports each site holds (`awa.mondoblog.org`), so that an export of another blog is refused
/// rather than mixed into the site, its posts taking the first blog's ids and addresses. Sites imported before
/// this migration record their blog at their next import.
enum M0014 {
    static func importSources(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE site_import_source (
                site_id INTEGER NOT NULL REFERENCES site(id) ON DELETE CASCADE,
                blog TEXT NOT NULL,
                PRIMARY KEY (site_id, blog)
            );
            """)
    }
}
