import Foundation
import GRDB
import Synchronization
import KibaruCore

/// Turns rows into domain values; a row that breaks the domain's rules is a corrupt database, reported as such.
enum RowMapping {
    static func slug(_ row: Row, _ column: String) throws -> Slug {
        let value: String = row[column]
        guard let slug = Slug(rawValue: value) else {
            throw ContentError.storeUnavailable(reason: "identifiant invalide « \(value) » dans la colonne \(column)")
        }
        return slug
    }

    static func site(_ row: Row) throws -> Site {
        Site(
            id: row["id"], NewSite(slug: try slug(row, "slug"), title: row["title"], tagline: row["tagline"],
            language: row["language"], timeZone: row["time_zone"], host: row["host"],
            commentMode: CommentMode(rawValue: row["comment_mode"]) ?? .firstTime,
            commentsCloseAfterDays: row["comments_close_after_days"],
            commentBlockList: (row["comment_block_list"] as String).split(separator: "\n").map(String.init),
            frenchTypography: row["french_typography"], accentColor: row["accent_color"], logo: row["logo"]))
    }

    static func person(_ row: Row) throws -> Person {
        Person(id: row["id"], NewPerson(slug: try slug(row, "slug"), name: row["name"], bio: row["bio"]))
    }

    static func tag(_ row: Row) throws -> Tag {
        Tag(
            id: row["id"], NewTag(siteID: row["site_id"], slug: try slug(row, "slug"), name: row["name"],
            kind: (row["kind"] as String?).flatMap(TagKind.init(rawValue:))))
    }

    /// An `article_entity` row; `nil` for a kind this version does not know.
    static func entity(_ row: Row) throws -> ArticleEntity? {
        guard let kind = TagKind(rawValue: row["kind"]) else { return nil }
        return ArticleEntity(slug: try slug(row, "slug"), name: row["name"], kind: kind, mentions: row["mentions"])
    }

    static func media(_ row: Row) -> MediaItem {
        MediaItem(
            id: row["id"], NewMediaItem(siteID: row["site_id"], path: row["path"], mediaType: row["media_type"],
            width: row["width"], height: row["height"], byteCount: row["byte_count"], alt: row["alt"],
            caption: row["caption"],
            credit: Credit(author: row["credit_author"], source: row["credit_source"],
                           licence: row["credit_licence"], sourceURL: row["credit_url"]),
            uploadedBy: row["uploaded_by"], createdAt: row["created_at"]))
    }

    /// The figure a column holds as JSON; decoded once per distinct text while the same figures are read again
    /// (every card of a listing has one).
    static func figure(_ json: String?) -> Figure? {
        guard let json else { return nil }
        if let known = decodedFigures.withLock({ $0[json] }) { return known }
        guard let figure = try? JSONDecoder().decode(Figure.self, from: Data(json.utf8)) else { return nil }
        decodedFigures.withLock { figures in
            if figures.count >= 10_000 { figures.removeAll(keepingCapacity: true) }  // starts afresh when full
            figures[json] = figure
        }
        return figure
    }

    private static let decodedFigures = Mutex<[String: Figure]>([:])

    static func figureJSON(_ figure: Figure?) throws -> String? {
        guard let figure else { return nil }
        return String(decoding: try JSONEncoder().encode(figure), as: UTF8.self)
    }

    static func article(_ row: Row, authors: [Person], tags: [Tag]) throws -> Article {
        let stateValue: String = row["state"]
        return Article(
            id: row["id"], NewArticle(siteID: row["site_id"], slug: try slug(row, "slug"), title: row["title"],
            standfirst: row["standfirst"], bodyMarkdown: row["body_markdown"], bodyHTML: row["body_html"],
            bodyText: row["body_text"], excerpt: row["excerpt"], rendererVersion: row["renderer_version"],
            state: PublishState(rawValue: stateValue) ?? .draft, publishedAt: row["published_at"],
            featuredFigure: figure(row["featured_figure"]), authors: authors, tags: tags,
            createdAt: row["created_at"], updatedAt: row["updated_at"], version: row["version"],
            ownerID: row["owner_id"], commentsClosed: row["comments_closed"], isPage: row["is_page"]))
    }

    static func staff(_ row: Row) -> StaffMember {
        StaffMember(
            id: row["id"], NewStaffMember(email: row["email"], name: row["name"], passwordHash: row["password_hash"],
            isNetworkAdmin: row["is_network_admin"], personID: row["person_id"], createdAt: row["created_at"]))
    }

    /// An API token; a scope this version does not know (written by a newer one) is left out.
    static func apiToken(_ row: Row) -> APIToken {
        let scopes: String = row["scopes"]
        return APIToken(
            id: row["id"],
            NewAPIToken(
                staffID: row["staff_id"], name: row["name"],
                scopes: Set(scopes.split(separator: ",").compactMap { TokenScope(rawValue: String($0)) }),
                tokenHash: row["token_hash"], prefix: row["prefix"], createdAt: row["created_at"],
                lastUsedAt: row["last_used_at"]))
    }

    /// A webhook from a row of `webhook`, or of a join that gives its id and date under other names.
    static func contentKey(_ row: Row) -> ContentKey {
        ContentKey(
            id: row["id"],
            NewContentKey(
                siteID: row["site_id"], name: row["name"], keyHash: row["key_hash"], prefix: row["prefix"],
                createdAt: row["created_at"]))
    }

    static func webhook(_ row: Row) -> Webhook {
        webhook(row, id: row["id"], createdAt: row["created_at"])
    }

    static func webhook(_ row: Row, id: Webhook.ID, createdAt: Date) -> Webhook {
        let events: String = row["events"]
        return Webhook(
            id: id,
            NewWebhook(
                siteID: row["site_id"], url: row["url"], secret: row["secret"],
                events: Set(events.split(separator: ",").compactMap { WebhookEvent(rawValue: String($0)) }),
                createdAt: createdAt))
    }

    /// A delivery; `nil` for an event this version does not know (written by a newer one).
    static func webhookDelivery(_ row: Row) -> WebhookDelivery? {
        guard let event = WebhookEvent(rawValue: row["event"]) else { return nil }
        return WebhookDelivery(
            id: row["id"], webhookID: row["webhook_id"], event: event, payload: row["payload"], createdAt: row["created_at"],
            attempts: row["attempts"], nextAttemptAt: row["next_attempt_at"], deliveredAt: row["delivered_at"],
            lastStatus: row["last_status"], lastError: row["last_error"])
    }

    static func membership(_ row: Row) -> Membership? {
        let role: String = row["role"]
        return Role(rawValue: role).map { Membership(staffID: row["staff_id"], siteID: row["site_id"], role: $0) }
    }

    static func revision(_ row: Row) -> Revision {
        Revision(
            id: row["id"], NewRevision(articleID: row["article_id"], version: row["version"], title: row["title"],
            standfirst: row["standfirst"], bodyMarkdown: row["body_markdown"], savedAt: row["saved_at"],
            savedBy: row["saved_by"]))
    }

    static func comment(_ row: Row) -> Comment { comment(row, readingVerdicts: true) }

    /// - Parameter readingVerdicts: `false` leaves the spam verdicts empty (readers' pages show none).
    static func comment(_ row: Row, readingVerdicts: Bool) -> Comment {
        let verdicts: String = readingVerdicts ? row["verdicts"] : "[]"
        return Comment(
            id: row["id"], NewComment(articleID: row["article_id"], parentID: row["parent_id"], authorName: row["author_name"],
            body: row["body"], createdAt: row["created_at"],
            status: CommentStatus(rawValue: row["status"]) ?? .pending, email: row["email"], website: row["website"],
            clientAddress: row["client_address"],
            verdicts: verdicts == "[]" ? [] : (try? JSONDecoder().decode([SpamVerdict].self, from: Data(verdicts.utf8))) ?? []))
    }

    static func verdictsJSON(_ verdicts: [SpamVerdict]) throws -> String {
        String(decoding: try JSONEncoder().encode(verdicts), as: UTF8.self)
    }
}
