import GRDB

/// A site's appearance (issue 14): its accent colour and its logo, both optional.
enum M0026 {
    static func siteAppearance(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE site ADD COLUMN accent_color TEXT;
            ALTER TABLE site ADD COLUMN logo TEXT;
            """)
    }
}
