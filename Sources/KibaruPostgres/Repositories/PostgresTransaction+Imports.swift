import Foundation
import KibaruCore
import PostgresNIO

/// ``ImportRepository``: where imported articles and comments came from, and the old addresses that redirect.
extension PostgresTransaction {
    func importSources(siteID: Site.ID) async throws -> [String] {
        try await column("SELECT blog FROM site_import_source WHERE site_id = \(siteID) ORDER BY blog", as: String.self)
    }

    func addImportSource(siteID: Site.ID, blog: String) async throws {
        try await run("INSERT INTO site_import_source (site_id, blog) VALUES (\(siteID), \(blog)) ON CONFLICT DO NOTHING")
    }

    func importedArticleID(siteID: Site.ID, source: String, wpID: Int64, guid: String) async throws -> Article.ID? {
        if let id = try await value(
            "SELECT article_id FROM import_origin WHERE site_id = \(siteID) AND source = \(source) AND wp_id = \(wpID)",
            as: Article.ID.self)
        {
            return id
        }
        guard !guid.isEmpty else { return nil }
        return try await value(
            "SELECT article_id FROM import_origin WHERE site_id = \(siteID) AND guid = \(guid) LIMIT 1", as: Article.ID.self)
    }

    func setImportOrigin(_ origin: ImportOrigin) async throws {
        try await run("DELETE FROM import_origin WHERE article_id = \(origin.articleID)")
        try await run("""
            INSERT INTO import_origin (site_id, source, wp_id, guid, wp_type, wp_status, article_id)
            VALUES (\(origin.siteID), \(origin.source), \(origin.wpID), \(origin.guid), \(origin.wpType), \(origin.wpStatus),
                \(origin.articleID))
            ON CONFLICT (site_id, source, wp_id) DO UPDATE SET guid = excluded.guid, wp_type = excluded.wp_type,
                wp_status = excluded.wp_status, article_id = excluded.article_id
            """)
    }

    func importOrigins(siteID: Site.ID) async throws -> [ImportOrigin] {
        try await map("SELECT * FROM import_origin WHERE site_id = \(siteID) ORDER BY wp_id") { row in
            ImportOrigin(
                source: try row.get("source"), siteID: try row.get("site_id"), wpID: try row.get("wp_id"),
                guid: try row.get("guid"), wpType: try row.get("wp_type"), wpStatus: try row.get("wp_status"),
                articleID: try row.get("article_id"))
        }
    }

    func importedComment(siteID: Site.ID, source: String, wpID: Int64) async throws -> CommentOriginState? {
        guard let row = try await rows(
            "SELECT comment_id FROM comment_origin WHERE site_id = \(siteID) AND source = \(source) AND wp_id = \(wpID)"
        ).first else { return nil }
        return try row.get("comment_id", as: Comment.ID?.self).map(CommentOriginState.stored) ?? .erased
    }

    func setCommentOrigin(siteID: Site.ID, source: String, wpID: Int64, commentID: Comment.ID) async throws {
        try await run("""
            INSERT INTO comment_origin (site_id, source, wp_id, comment_id) VALUES (\(siteID), \(source), \(wpID), \(commentID))
            ON CONFLICT (site_id, source, wp_id) DO UPDATE SET comment_id = excluded.comment_id
            """)
    }

    func setLegacyRedirect(siteID: Site.ID, path: String, target: String) async throws {
        try await run("""
            INSERT INTO legacy_redirect (site_id, path, target) VALUES (\(siteID), \(path), \(target))
            ON CONFLICT (site_id, path) DO UPDATE SET target = excluded.target
            """)
    }

    func legacyRedirects(siteID: Site.ID) async throws -> [(path: String, target: String)] {
        try await map("SELECT path, target FROM legacy_redirect WHERE site_id = \(siteID) ORDER BY path COLLATE \"C\"") {
            (try $0.get("path", as: String.self), try $0.get("target", as: String.self))
        }
    }
}
