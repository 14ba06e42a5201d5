import GRDB
import KibaruText

/// An article's excerpt (``Excerpt/make(_:maximumLength:)`` of its text), computed when it is saved and kept with
/// it, instead of cut from its text each time a card shows it (a twentieth of an article page's time, for the
/// cards of its related articles). Existing articles get theirs here; the change log entries that filling them
/// writes are taken back: no page shows anything new.
enum M0018 {
    static func articleExcerpts(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE article ADD COLUMN excerpt TEXT NOT NULL DEFAULT ''")
        let lastChange = try Int64.fetchOne(db, sql: "SELECT max(id) FROM content_change") ?? 0
        let update = try db.makeStatement(sql: "UPDATE article SET excerpt = ? WHERE id = ?")
        let articles = try Row.fetchCursor(db, sql: "SELECT id, body_text FROM article")
        while let article = try articles.next() {
            try update.execute(arguments: [Excerpt.make(article["body_text"]), article["id"] as Int64])
        }
        try db.execute(sql: "DELETE FROM content_change WHERE id > ?", arguments: [lastChange])
    }
}
