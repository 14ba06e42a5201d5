import Foundation
import KibaruCore
import PostgresNIO

extension PostgresRandomAccessRow {
    /// The value of `column`, decoded as `T` (`nil` for SQL `NULL` when `T` is optional).
    func get<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }
}

/// Turns rows into domain values; a row that breaks the domain's rules is a corrupt database, reported as such.
enum PostgresRowMapping {
    static func slug(_ row: PostgresRandomAccessRow, _ column: String) throws -> Slug {
        let value: String = try row.get(column)
        guard let slug = Slug(rawValue: value) else {
            throw ContentError.storeUnavailable(reason: "identifiant invalide « \(value) » dans la colonne \(column)")
        }
        return slug
    }

    static func site(_ row: PostgresRandomAccessRow) throws -> Site {
        Site(
            id: try row.get("id"), NewSite(slug: try slug(row, "slug"), title: try row.get("title"), tagline: try row.get("tagline"),
            language: try row.get("language"), timeZone: try row.get("time_zone"), host: try row.get("host"),
            commentMode: CommentMode(rawValue: try row.get("comment_mode")) ?? .firstTime,
            commentsCloseAfterDays: try row.get("comments_close_after_days", as: Int64?.self).map(Int.init),
            commentBlockList: try row.get("comment_block_list", as: String.self).split(separator: "\n").map(String.init),
            frenchTypography: try row.get("french_typography"), accentColor: try row.get("accent_color"),
            logo: try row.get("logo")))
    }

    static func person(_ row: PostgresRandomAccessRow) throws -> Person {
        Person(id: try row.get("id"), NewPerson(slug: try slug(row, "slug"), name: try row.get("name"), bio: try row.get("bio")))
    }

    static func tag(_ row: PostgresRandomAccessRow) throws -> Tag {
        Tag(
            id: try row.get("id"), NewTag(siteID: try row.get("site_id"), slug: try slug(row, "slug"), name: try row.get("name"),
            kind: try row.get("kind", as: String?.self).flatMap(TagKind.init(rawValue:))))
    }

    /// An `article_entity` row; `nil` for a kind this version does not know.
    static func entity(_ row: PostgresRandomAccessRow) throws -> ArticleEntity? {
        guard let kind = TagKind(rawValue: try row.get("kind")) else { return nil }
        return ArticleEntity(
            slug: try slug(row, "slug"), name: try row.get("name"), kind: kind, mentions: Int(try row.get("mentions", as: Int64.self)))
    }

    static func media(_ row: PostgresRandomAccessRow) throws -> MediaItem {
        MediaItem(
            id: try row.get("id"), NewMediaItem(siteID: try row.get("site_id"), path: try row.get("path"), mediaType: try row.get("media_type"),
            width: Int(try row.get("width", as: Int64.self)), height: Int(try row.get("height", as: Int64.self)),
            byteCount: Int(try row.get("byte_count", as: Int64.self)), alt: try row.get("alt"), caption: try row.get("caption"),
            credit: Credit(
                author: try row.get("credit_author"), source: try row.get("credit_source"),
                licence: try row.get("credit_licence"), sourceURL: try row.get("credit_url")),
            uploadedBy: try row.get("uploaded_by"), createdAt: try row.get("created_at")))
    }

    static func figure(_ json: String?) -> Figure? {
        guard let json else { return nil }
        return try? JSONDecoder().decode(Figure.self, from: Data(json.utf8))
    }

    static func figureJSON(_ figure: Figure?) throws -> String? {
        guard let figure else { return nil }
        return String(decoding: try JSONEncoder().encode(figure), as: UTF8.self)
    }

    static func article(_ row: PostgresRandomAccessRow, authors: [Person], tags: [Tag]) throws -> Article {
        Article(
            id: try row.get("id"), NewArticle(siteID: try row.get("site_id"), slug: try slug(row, "slug"), title: try row.get("title"),
            standfirst: try row.get("standfirst"), bodyMarkdown: try row.get("body_markdown"), bodyHTML: try row.get("body_html"),
            bodyText: try row.get("body_text"), excerpt: try row.get("excerpt"), rendererVersion: Int(try row.get("renderer_version", as: Int64.self)),
            state: PublishState(rawValue: try row.get("state")) ?? .draft, publishedAt: try row.get("published_at"),
            featuredFigure: figure(try row.get("featured_figure")), authors: authors, tags: tags,
            createdAt: try row.get("created_at"), updatedAt: try row.get("updated_at"),
            version: Int(try row.get("version", as: Int64.self)), ownerID: try row.get("owner_id"),
            commentsClosed: try row.get("comments_closed"), isPage: try row.get("is_page")))
    }

    static func staff(_ row: PostgresRandomAccessRow) throws -> StaffMember {
        StaffMember(
            id: try row.get("id"), NewStaffMember(email: try row.get("email"), name: try row.get("name"),
            passwordHash: try row.get("password_hash"), isNetworkAdmin: try row.get("is_network_admin"),
            personID: try row.get("person_id"), createdAt: try row.get("created_at")))
    }

    /// An API token; a scope this version does not know (written by a newer one) is left out.
    static func apiToken(_ row: PostgresRandomAccessRow) throws -> APIToken {
        let scopes = try row.get("scopes", as: String.self)
        return APIToken(
            id: try row.get("id"),
            NewAPIToken(
                staffID: try row.get("staff_id"), name: try row.get("name"),
                scopes: Set(scopes.split(separator: ",").compactMap { TokenScope(rawValue: String($0)) }),
                tokenHash: try row.get("token_hash"), prefix: try row.get("prefix"), createdAt: try row.get("created_at"),
                lastUsedAt: try row.get("last_used_at")))
    }

    /// A webhook from a row of `webhook`, or of a join that gives its id and date under other names.
    static func contentKey(_ row: PostgresRandomAccessRow) throws -> ContentKey {
        ContentKey(
            id: try row.get("id"),
            NewContentKey(
                siteID: try row.get("site_id"), name: try row.get("name"), keyHash: try row.get("key_hash"),
                prefix: try row.get("prefix"), createdAt: try row.get("created_at")))
    }

    static func webhook(_ row: PostgresRandomAccessRow) throws -> Webhook {
        try webhook(row, id: try row.get("id"), createdAt: try row.get("created_at"))
    }

    static func webhook(_ row: PostgresRandomAccessRow, id: Webhook.ID, createdAt: Date) throws -> Webhook {
        let events = try row.get("events", as: String.self)
        return Webhook(
            id: id,
            NewWebhook(
                siteID: try row.get("site_id"), url: try row.get("url"), secret: try row.get("secret"),
                events: Set(events.split(separator: ",").compactMap { WebhookEvent(rawValue: String($0)) }),
                createdAt: createdAt))
    }

    /// A delivery; `nil` for an event this version does not know (written by a newer one).
    static func webhookDelivery(_ row: PostgresRandomAccessRow) throws -> WebhookDelivery? {
        guard let event = WebhookEvent(rawValue: try row.get("event")) else { return nil }
        return WebhookDelivery(
            id: try row.get("id"), webhookID: try row.get("webhook_id"), event: event, payload: try row.get("payload"),
            createdAt: try row.get("created_at"), attempts: Int(try row.get("attempts", as: Int64.self)),
            nextAttemptAt: try row.get("next_attempt_at"), deliveredAt: try row.get("delivered_at"),
            lastStatus: try row.get("last_status", as: Int64?.self).map(Int.init), lastError: try row.get("last_error"))
    }

    static func membership(_ row: PostgresRandomAccessRow) throws -> Membership? {
        guard let role = Role(rawValue: try row.get("role")) else { return nil }
        return Membership(staffID: try row.get("staff_id"), siteID: try row.get("site_id"), role: role)
    }

    static func revision(_ row: PostgresRandomAccessRow) throws -> Revision {
        Revision(
            id: try row.get("id"), NewRevision(articleID: try row.get("article_id"), version: Int(try row.get("version", as: Int64.self)),
            title: try row.get("title"), standfirst: try row.get("standfirst"), bodyMarkdown: try row.get("body_markdown"),
            savedAt: try row.get("saved_at"), savedBy: try row.get("saved_by")))
    }

    static func comment(_ row: PostgresRandomAccessRow) throws -> Comment {
        let verdicts: String = try row.get("verdicts")
        return Comment(
            id: try row.get("id"), NewComment(articleID: try row.get("article_id"), parentID: try row.get("parent_id"),
            authorName: try row.get("author_name"), body: try row.get("body"), createdAt: try row.get("created_at"),
            status: CommentStatus(rawValue: try row.get("status")) ?? .pending, email: try row.get("email"),
            website: try row.get("website"), clientAddress: try row.get("client_address"),
            verdicts: verdicts == "[]" ? [] : (try? JSONDecoder().decode([SpamVerdict].self, from: Data(verdicts.utf8))) ?? []))
    }

    static func verdictsJSON(_ verdicts: [SpamVerdict]) throws -> String {
        String(decoding: try JSONEncoder().encode(verdicts), as: UTF8.self)
    }
}
