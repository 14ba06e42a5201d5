import Foundation
import KibaruCore
import PostgresNIO

extension PostgresStore: StaffStore {
    public func session(tokenHash: String, now: Date) async throws -> StaffSession? {
        try await transaction(writing: false) { tx in
            guard let row = try await tx.rows(
                "SELECT * FROM staff_session WHERE token_hash = \(tokenHash) AND expires_at > \(now)"
            ).first else { return nil }
            guard let staff = try await tx.staff(id: try row.get("staff_id")) else { return nil }
            let staffID = staff.id
            return StaffSession(
                staff: staff, memberships: try await tx.memberships(staffID: staffID), csrfToken: try row.get("csrf_token"),
                expiresAt: try row.get("expires_at"))
        }
    }

    public func apiSession(tokenHash: String, now: Date) async throws -> (token: APIToken, session: StaffSession)? {
        try await transaction(writing: false) { tx in
            guard let token = try await tx.map(
                "SELECT * FROM api_token WHERE token_hash = \(tokenHash)", PostgresRowMapping.apiToken
            ).first,
                let staff = try await tx.staff(id: token.staffID)
            else { return nil }
            let session = StaffSession(
                staff: staff, memberships: try await tx.memberships(staffID: staff.id), csrfToken: "",
                expiresAt: now.addingTimeInterval(60), scopes: token.scopes)
            return (token, session)
        }
    }

    public func apiTokens(staffID: StaffMember.ID?) async throws -> [APIToken] {
        try await transaction(writing: false) { tx in
            if let staffID {
                return try await tx.map(
                    "SELECT * FROM api_token WHERE staff_id = \(staffID) ORDER BY id DESC", PostgresRowMapping.apiToken)
            }
            return try await tx.map("SELECT * FROM api_token ORDER BY id DESC", PostgresRowMapping.apiToken)
        }
    }

    public func staff(email: String) async throws -> StaffMember? {
        try await transaction(writing: false) { tx in try await tx.staff(email: email) }
    }

    public func staffList() async throws -> [(StaffMember, [Membership])] {
        try await transaction(writing: false) { tx in
            let memberships = try await tx.map("SELECT * FROM membership", PostgresRowMapping.membership).compactMap { $0 }
            return try await tx.map("SELECT * FROM staff ORDER BY name, id", PostgresRowMapping.staff).map { staff in
                (staff, memberships.filter { $0.staffID == staff.id })
            }
        }
    }

    public func articleRows(_ filter: ArticleFilter, limit: Int) async throws -> [ArticleRow] {
        guard !filter.siteIDs.isEmpty else { return [] }
        return try await transaction(writing: false) { tx in
            let search = filter.search.flatMap { search -> String? in
                guard !search.isEmpty else { return nil }
                let escaped = search.replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
                return "%\(escaped)%"
            }
            // Each filter is off when its parameter is NULL (unnamed statements are planned with their values).
            let rows = try await tx.rows("""
                SELECT a.id, a.site_id, a.title, a.state, a.published_at, a.updated_at, a.owner_id FROM article a
                WHERE a.site_id = ANY(\(filter.siteIDs))
                    AND (a.state = \(filter.state?.rawValue) OR (\(filter.state?.rawValue)::TEXT IS NULL AND a.state <> 'trash'))
                    AND (\(filter.ownerID)::BIGINT IS NULL OR a.owner_id = \(filter.ownerID))
                    AND (\(filter.authorSlug?.rawValue)::TEXT IS NULL OR a.id IN (SELECT w.article_id FROM article_author w
                        JOIN person p ON p.id = w.person_id WHERE p.slug = \(filter.authorSlug?.rawValue)))
                    AND (\(filter.tagSlug?.rawValue)::TEXT IS NULL OR a.id IN (SELECT x.article_id FROM article_tag x
                        JOIN tag t ON t.id = x.tag_id WHERE t.slug = \(filter.tagSlug?.rawValue)))
                    AND (\(search)::TEXT IS NULL OR a.title ILIKE \(search))
                ORDER BY a.updated_at DESC, a.id DESC LIMIT \(Int64(limit))
                """)
            let ids = try rows.map { try $0.get("id", as: Article.ID.self) }
            var authors: [Article.ID: [String]] = [:]
            for row in try await tx.rows("""
                SELECT w.article_id, p.name FROM article_author w JOIN person p ON p.id = w.person_id
                WHERE w.article_id = ANY(\(ids)) ORDER BY w.article_id, w.position
                """)
            {
                authors[try row.get("article_id"), default: []].append(try row.get("name"))
            }
            return try rows.map { row in
                let id: Article.ID = try row.get("id")
                return ArticleRow(
                    id: id, siteID: try row.get("site_id"), title: try row.get("title"),
                    state: PublishState(rawValue: try row.get("state")) ?? .draft, publishedAt: try row.get("published_at"),
                    updatedAt: try row.get("updated_at"), authorNames: authors[id] ?? [], ownerID: try row.get("owner_id"))
            }
        }
    }

    public func article(id: Article.ID) async throws -> Article? {
        try await transaction(writing: false) { tx in try await tx.article(id: id) }
    }

    public func revisions(articleID: Article.ID) async throws -> [Revision] {
        try await transaction(writing: false) { tx in
            try await tx.map(
                "SELECT * FROM revision WHERE article_id = \(articleID) ORDER BY version DESC, id DESC", PostgresRowMapping.revision)
        }
    }

    public func auditLog(siteIDs: [Site.ID]?, limit: Int) async throws -> [AuditEntry] {
        if let siteIDs, siteIDs.isEmpty { return [] }
        return try await transaction(writing: false) { tx in
            try await tx.map("""
                SELECT * FROM audit_log WHERE \(siteIDs == nil) OR site_id = ANY(\(siteIDs ?? []))
                ORDER BY at DESC, id DESC LIMIT \(Int64(limit))
                """) { row in
                AuditEntry(
                    id: try row.get("id"), NewAuditEntry(at: try row.get("at"), actorID: try row.get("actor_id"),
                    actorName: try row.get("actor_name"), action: try row.get("action"), siteID: try row.get("site_id"),
                    subject: try row.get("subject")))
            }
        }
    }

    public func recentComments(siteIDs: [Site.ID], limit: Int) async throws -> [(comment: Comment, articleTitle: String)] {
        guard !siteIDs.isEmpty else { return [] }
        return try await transaction(writing: false) { tx in
            try await tx.map("""
                SELECT c.*, a.title AS article_title FROM comment c JOIN article a ON a.id = c.article_id
                WHERE a.site_id = ANY(\(siteIDs)) ORDER BY c.created_at DESC, c.id DESC LIMIT \(Int64(limit))
                """) { row in (try PostgresRowMapping.comment(row), try row.get("article_title", as: String.self)) }
        }
    }

    public func media(siteIDs: [Site.ID], limit: Int) async throws -> [MediaItem] {
        guard !siteIDs.isEmpty else { return [] }
        return try await transaction(writing: false) { tx in
            try await tx.map("""
                SELECT * FROM media WHERE site_id = ANY(\(siteIDs)) ORDER BY created_at DESC, id DESC LIMIT \(Int64(limit))
                """, PostgresRowMapping.media)
        }
    }

    public func tagsWithCounts(siteID: Site.ID) async throws -> [(tag: Tag, count: Int)] {
        try await transaction(writing: false) { tx in
            try await tx.map("""
                SELECT tag.*, (SELECT count(*) FROM article_tag WHERE tag_id = tag.id) AS article_count
                FROM tag WHERE site_id = \(siteID) ORDER BY lower(name), name
                """) { row in (try PostgresRowMapping.tag(row), Int(try row.get("article_count", as: Int64.self))) }
        }
    }

    public func comments(siteIDs: [Site.ID], status: CommentStatus, limit: Int) async throws
        -> [(comment: Comment, articleTitle: String)]
    {
        guard !siteIDs.isEmpty else { return [] }
        return try await transaction(writing: false) { tx in
            try await tx.map("""
                SELECT c.*, a.title AS article_title FROM comment c JOIN article a ON a.id = c.article_id
                WHERE a.site_id = ANY(\(siteIDs)) AND c.status = \(status.rawValue)
                ORDER BY c.created_at DESC, c.id DESC LIMIT \(Int64(limit))
                """) { row in (try PostgresRowMapping.comment(row), try row.get("article_title", as: String.self)) }
        }
    }

    public func commentCounts(siteIDs: [Site.ID]) async throws -> [CommentStatus: Int] {
        guard !siteIDs.isEmpty else { return [:] }
        return try await transaction(writing: false) { tx in
            var counts: [CommentStatus: Int] = [:]
            for row in try await tx.rows("""
                SELECT c.status, count(*) AS n FROM comment c JOIN article a ON a.id = c.article_id
                WHERE a.site_id = ANY(\(siteIDs)) GROUP BY c.status
                """)
            {
                if let status = CommentStatus(rawValue: try row.get("status")) { counts[status] = Int(try row.get("n", as: Int64.self)) }
            }
            return counts
        }
    }
}
