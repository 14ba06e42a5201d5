import Foundation
import GRDB
import KibaruCore

/// Imports' bookkeeping: origins of imported articles and comments, old URLs, deferred related articles.
extension SQLiteTransaction {
    func importedArticleID(siteID: Site.ID, source: String, wpID: Int64, guid: String) throws -> Article.ID? {
        // Two indexed lookups rather than one OR, which SQLite would answer by reading every origin of the site.
        if let id = try Article.ID.fetchOne(
            db.cachedStatement(sql: "SELECT article_id FROM import_origin WHERE site_id = ? AND source = ? AND wp_id = ?"),
            arguments: [siteID, source, wpID])
        {
            return id
        }
        guard !guid.isEmpty else { return nil }
        return try Article.ID.fetchOne(
            db.cachedStatement(sql: "SELECT article_id FROM import_origin WHERE site_id = ? AND guid = ? LIMIT 1"), arguments: [siteID, guid])
    }

    func importSources(siteID: Site.ID) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT blog FROM site_import_source WHERE site_id = ? ORDER BY blog"), arguments: [siteID])
    }

    func addImportSource(siteID: Site.ID, blog: String) throws {
        try db.execute(
            sql: "INSERT OR IGNORE INTO site_import_source (site_id, blog) VALUES (?, ?)", arguments: [siteID, blog])
    }

    func setImportOrigin(_ origin: ImportOrigin) throws {
        try db.execute(sql: "DELETE FROM import_origin WHERE article_id = ?", arguments: [origin.articleID])
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO import_origin (site_id, source, wp_id, guid, wp_type, wp_status, article_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                origin.siteID, origin.source, origin.wpID, origin.guid, origin.wpType, origin.wpStatus, origin.articleID,
            ])
    }

    func importOrigins(siteID: Site.ID) throws -> [ImportOrigin] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM import_origin WHERE site_id = ? ORDER BY wp_id"), arguments: [siteID])
            .map { row in
                ImportOrigin(
                    source: row["source"], siteID: row["site_id"], wpID: row["wp_id"], guid: row["guid"], wpType: row["wp_type"],
                    wpStatus: row["wp_status"], articleID: row["article_id"])
            }
    }

    func importedComment(siteID: Site.ID, source: String, wpID: Int64) throws -> CommentOriginState? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT comment_id FROM comment_origin WHERE site_id = ? AND source = ? AND wp_id = ?"),
            arguments: [siteID, source, wpID])
        else { return nil }
        return (row["comment_id"] as Comment.ID?).map(CommentOriginState.stored) ?? .erased
    }

    func setCommentOrigin(siteID: Site.ID, source: String, wpID: Int64, commentID: Comment.ID) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO comment_origin (site_id, source, wp_id, comment_id) VALUES (?, ?, ?, ?)",
            arguments: [siteID, source, wpID, commentID])
    }

    func setLegacyRedirect(siteID: Site.ID, path: String, target: String) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO legacy_redirect (site_id, path, target) VALUES (?, ?, ?)",
            arguments: [siteID, path, target])
    }

    func legacyRedirects(siteID: Site.ID) throws -> [(path: String, target: String)] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT path, target FROM legacy_redirect WHERE site_id = ? ORDER BY path"), arguments: [siteID]
        ).map { ($0["path"], $0["target"]) }
    }

    func markRelatedPending(articleID: Article.ID) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO related_pending (article_id) VALUES (?)", arguments: [articleID])
    }

    func relatedPending(limit: Int) throws -> [Article.ID] {
        try Article.ID.fetchAll(db.cachedStatement(sql: "SELECT article_id FROM related_pending ORDER BY article_id LIMIT ?"), arguments: [limit])
    }

    func relatedPendingCount() throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM related_pending")) ?? 0
    }

    func clearRelatedPending(articleID: Article.ID) throws {
        try db.execute(sql: "DELETE FROM related_pending WHERE article_id = ?", arguments: [articleID])
    }

    func articlesMissingFromSearch(below: Article.ID?, limit: Int) throws -> [Article.ID] {
        try Article.ID.fetchAll(
            db.cachedStatement(sql: """
                SELECT a.id FROM article a WHERE a.state = 'published' AND a.id < ?
                AND NOT EXISTS (SELECT 1 FROM article_search s WHERE s.rowid = a.id) ORDER BY a.id DESC LIMIT ?
                """),
            arguments: [below ?? Article.ID(rawValue: .max), limit])
    }

    func articlesMissingFromSearchCount() throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: """
            SELECT count(*) FROM article a WHERE a.state = 'published'
            AND NOT EXISTS (SELECT 1 FROM article_search s WHERE s.rowid = a.id)
            """)) ?? 0
    }

    func indexForSearch(articleID: Article.ID) throws {
        try SearchIndex.update(db, articleID: articleID)
    }

    func allComments(articleID: Article.ID) throws -> [Comment] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM comment WHERE article_id = ? ORDER BY created_at, id"), arguments: [articleID]
        ).map(RowMapping.comment)
    }

    func mediaItem(siteID: Site.ID, path: String) throws -> MediaItem? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM media WHERE site_id = ? AND path = ?"), arguments: [siteID, path])
            .map(RowMapping.media)
    }

    func person(id: Person.ID) throws -> Person? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM person WHERE id = ?"), arguments: [id]).map(RowMapping.person)
    }

    func sites() throws -> [Site] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM site ORDER BY slug")).map(RowMapping.site)
    }

    func tags(siteID: Site.ID) throws -> [Tag] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM tag WHERE site_id = ? ORDER BY slug"), arguments: [siteID]).map(RowMapping.tag)
    }

    func tagsInUse(siteID: Site.ID) throws -> [TagUse] {
        try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT t.*, l.articles FROM tag t JOIN listing_size l ON l.listing = 'tag:' || t.id
                WHERE t.site_id = ? AND l.articles > 0 ORDER BY t.name COLLATE NOCASE, t.id
                """),
            arguments: [siteID]
        ).map { row in TagUse(tag: try RowMapping.tag(row), articles: row["articles"]) }
    }

    func people(siteID: Site.ID) throws -> [Person] {
        try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT DISTINCT person.* FROM person JOIN article_author w ON w.person_id = person.id
                JOIN article a ON a.id = w.article_id WHERE a.site_id = ? ORDER BY person.slug
                """), arguments: [siteID]
        ).map(RowMapping.person)
    }
}
