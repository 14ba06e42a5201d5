import Foundation
import GRDB
import KibaruCore

extension SQLiteStore: StaffStore {
    public func session(tokenHash: String, now: Date) async throws -> StaffSession? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT * FROM staff_session WHERE token_hash = ? AND expires_at > ?",
                arguments: [tokenHash, now])
            else { return nil }
            let staffID: StaffMember.ID = row["staff_id"]
            guard let staff = try SQLiteTransaction.using(db, { try $0.staff(id: staffID) }) else { return nil }
            return StaffSession(
                staff: staff, memberships: try SQLiteTransaction.using(db) { try $0.memberships(staffID: staff.id) },
                csrfToken: row["csrf_token"], expiresAt: row["expires_at"])
        }
    }

    public func apiSession(tokenHash: String, now: Date) async throws -> (token: APIToken, session: StaffSession)? {
        try await pool.read { db in
            guard let token = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM api_token WHERE token_hash = ?"), arguments: [tokenHash]
            ).map(RowMapping.apiToken),
                let staff = try SQLiteTransaction.using(db, { try $0.staff(id: token.staffID) })
            else { return nil }
            let session = StaffSession(
                staff: staff, memberships: try SQLiteTransaction.using(db) { try $0.memberships(staffID: staff.id) },
                csrfToken: "", expiresAt: now.addingTimeInterval(60), scopes: token.scopes)
            return (token, session)
        }
    }

    public func apiTokens(staffID: StaffMember.ID?) async throws -> [APIToken] {
        try await pool.read { db in
            if let staffID {
                return try Row.fetchAll(db, sql: "SELECT * FROM api_token WHERE staff_id = ? ORDER BY id DESC", arguments: [staffID])
                    .map(RowMapping.apiToken)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM api_token ORDER BY id DESC").map(RowMapping.apiToken)
        }
    }

    public func staff(email: String) async throws -> StaffMember? {
        try await pool.read { db in try SQLiteTransaction.using(db) { try $0.staff(email: email) } }
    }

    public func staffList() async throws -> [(StaffMember, [Membership])] {
        try await pool.read { db in
            let memberships = try Row.fetchAll(db, sql: "SELECT * FROM membership").compactMap(RowMapping.membership)
            return try Row.fetchAll(db, sql: "SELECT * FROM staff ORDER BY name, id").map(RowMapping.staff).map { staff in
                (staff, memberships.filter { $0.staffID == staff.id })
            }
        }
    }

    public func articleRows(_ filter: ArticleFilter, limit: Int) async throws -> [ArticleRow] {
        guard !filter.siteIDs.isEmpty else { return [] }
        return try await pool.read { db in
            var conditions = ["a.site_id IN (\(Array(repeating: "?", count: filter.siteIDs.count).joined(separator: ", ")))"]
            var arguments = StatementArguments(filter.siteIDs)
            if let state = filter.state {
                conditions.append("a.state = ?")
                arguments += [state.rawValue]
            } else {
                conditions.append("a.state <> 'trash'")
            }
            if let ownerID = filter.ownerID {
                conditions.append("a.owner_id = ?")
                arguments += [ownerID]
            }
            if let author = filter.authorSlug {
                conditions.append("""
                    a.id IN (SELECT w.article_id FROM article_author w JOIN person p ON p.id = w.person_id
                        WHERE p.slug = ?)
                    """)
                arguments += [author.rawValue]
            }
            if let tag = filter.tagSlug {
                conditions.append("a.id IN (SELECT x.article_id FROM article_tag x JOIN tag t ON t.id = x.tag_id WHERE t.slug = ?)")
                arguments += [tag.rawValue]
            }
            if let search = filter.search, !search.isEmpty {
                conditions.append("a.title LIKE ? ESCAPE '\\'")
                let escaped = search.replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
                arguments += ["%\(escaped)%"]
            }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.id, a.site_id, a.title, a.state, a.published_at, a.updated_at, a.owner_id FROM article a
                    WHERE \(conditions.joined(separator: " AND ")) ORDER BY a.updated_at DESC, a.id DESC LIMIT ?
                    """, arguments: arguments + [limit])
            let authors = try ArticleQueries.authors(db, articleIDs: rows.map { $0["id"] })
            return rows.map { row in
                let id: Article.ID = row["id"]
                let state: String = row["state"]
                return ArticleRow(
                    id: id, siteID: row["site_id"], title: row["title"], state: PublishState(rawValue: state) ?? .draft,
                    publishedAt: row["published_at"], updatedAt: row["updated_at"],
                    authorNames: (authors[id] ?? []).map(\.name), ownerID: row["owner_id"])
            }
        }
    }

    public func article(id: Article.ID) async throws -> Article? {
        try await pool.read { db in try SQLiteTransaction.using(db) { try $0.article(id: id) } }
    }

    public func revisions(articleID: Article.ID) async throws -> [Revision] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM revision WHERE article_id = ? ORDER BY version DESC, id DESC",
                arguments: [articleID]
            ).map(RowMapping.revision)
        }
    }

    public func auditLog(siteIDs: [Site.ID]?, limit: Int) async throws -> [AuditEntry] {
        try await pool.read { db in
            var sql = "SELECT * FROM audit_log"
            var arguments: StatementArguments = []
            if let siteIDs {
                guard !siteIDs.isEmpty else { return [] }
                sql += " WHERE site_id IN (\(Array(repeating: "?", count: siteIDs.count).joined(separator: ", ")))"
                arguments += StatementArguments(siteIDs)
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY at DESC, id DESC LIMIT ?", arguments: arguments + [limit])
                .map { row in
                    AuditEntry(
                        id: row["id"], NewAuditEntry(at: row["at"], actorID: row["actor_id"], actorName: row["actor_name"],
                        action: row["action"], siteID: row["site_id"], subject: row["subject"]))
                }
        }
    }

    public func recentComments(siteIDs: [Site.ID], limit: Int) async throws -> [(comment: Comment, articleTitle: String)] {
        guard !siteIDs.isEmpty else { return [] }
        return try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.*, a.title AS article_title FROM comment c JOIN article a ON a.id = c.article_id
                    WHERE a.site_id IN (\(Array(repeating: "?", count: siteIDs.count).joined(separator: ", ")))
                    ORDER BY c.created_at DESC, c.id DESC LIMIT ?
                    """, arguments: StatementArguments(siteIDs) + [limit]
            ).map { row in (RowMapping.comment(row), row["article_title"] as String) }
        }
    }

    public func media(siteIDs: [Site.ID], limit: Int) async throws -> [MediaItem] {
        guard !siteIDs.isEmpty else { return [] }
        return try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM media WHERE site_id IN (\(Array(repeating: "?", count: siteIDs.count).joined(separator: ", ")))
                    ORDER BY created_at DESC, id DESC LIMIT ?
                    """, arguments: StatementArguments(siteIDs) + [limit]
            ).map(RowMapping.media)
        }
    }

    public func tagsWithCounts(siteID: Site.ID) async throws -> [(tag: Tag, count: Int)] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT tag.*, (SELECT count(*) FROM article_tag WHERE tag_id = tag.id) AS article_count
                    FROM tag WHERE site_id = ? ORDER BY name COLLATE NOCASE
                    """, arguments: [siteID]
            ).map { row in (try RowMapping.tag(row), row["article_count"] as Int) }
        }
    }

    public func comments(siteIDs: [Site.ID], status: CommentStatus, limit: Int) async throws
        -> [(comment: Comment, articleTitle: String)]
    {
        guard !siteIDs.isEmpty else { return [] }
        return try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.*, a.title AS article_title FROM comment c JOIN article a ON a.id = c.article_id
                    WHERE a.site_id IN (\(Array(repeating: "?", count: siteIDs.count).joined(separator: ", ")))
                        AND c.status = ?
                    ORDER BY c.created_at DESC, c.id DESC LIMIT ?
                    """, arguments: StatementArguments(siteIDs) + [status.rawValue, limit]
            ).map { row in (RowMapping.comment(row), row["article_title"] as String) }
        }
    }

    public func commentCounts(siteIDs: [Site.ID]) async throws -> [CommentStatus: Int] {
        guard !siteIDs.isEmpty else { return [:] }
        return try await pool.read { db in
            var counts: [CommentStatus: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT c.status, count(*) AS n FROM comment c JOIN article a ON a.id = c.article_id
                    WHERE a.site_id IN (\(Array(repeating: "?", count: siteIDs.count).joined(separator: ", ")))
                    GROUP BY c.status
                    """, arguments: StatementArguments(siteIDs))
            {
                if let status = CommentStatus(rawValue: row["status"]) { counts[status] = row["n"] }
            }
            return counts
        }
    }
}
