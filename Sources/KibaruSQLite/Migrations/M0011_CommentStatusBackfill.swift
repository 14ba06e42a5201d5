import GRDB

/// Comments stored before moderation states keep their meaning: approved ones stay approved.
enum M0011 {
    static func commentStatusBackfill(_ db: Database) throws {
        try db.execute(sql: "UPDATE comment SET status = CASE WHEN approved THEN 'approved' ELSE 'pending' END")
    }
}
