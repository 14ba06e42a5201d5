import Foundation
import KibaruCore
import KibaruText

/// Sites' webhooks: added and removed by the site's owners (the permission to change its settings), listed with
/// their recent deliveries; and the events the other services queue, in the transaction of the change they tell,
/// so that a change and its delivery are kept or lost together. ``WebhookDeliverer`` sends them.
public struct WebhookService: Sendable {
    let store: any ContentStore
    let now: @Sendable () -> Date

    /// How many deliveries a site's log shows.
    public static let logLength = 50

    public init(store: any ContentStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    /// Adds a webhook to the site, with a new secret. Throws ``ValidationErrors`` for an address or events to
    /// correct, ``ContentError/forbidden(action:)`` for someone who may not change the site's settings.
    @discardableResult
    public func add(siteSlug: Slug, url: String, events: Set<WebhookEvent>, actor: StaffSession) async throws -> Webhook {
        let timestamp = now()
        return try await store.write { tx in
            let site = try await Self.manageable(siteSlug, tx: tx, actor: actor)
            let webhook = try await tx.insertWebhook(NewWebhook(
                siteID: site.id, url: url.trimmed, secret: "whsec_" + SecureToken.make(), events: events,
                createdAt: timestamp))
            try await tx.insertAudit(NewAuditEntry(
                at: timestamp, actorID: actor.staff.id, actorName: actor.staff.name, action: "webhook.add",
                siteID: site.id, subject: "webhook \(webhook.id) → \(webhook.url)"))
            return webhook
        }
    }

    /// Removes a webhook of the site, and its deliveries.
    public func remove(_ id: Webhook.ID, siteSlug: Slug, actor: StaffSession) async throws {
        let timestamp = now()
        try await store.write { tx in
            let site = try await Self.manageable(siteSlug, tx: tx, actor: actor)
            guard let webhook = try await tx.webhook(id: id), webhook.siteID == site.id else {
                throw ContentError.notFound(what: L("webhook {id}", ["id": "\(id)"]))
            }
            try await tx.deleteWebhook(id: id)
            try await tx.insertAudit(NewAuditEntry(
                at: timestamp, actorID: actor.staff.id, actorName: actor.staff.name, action: "webhook.remove",
                siteID: site.id, subject: "webhook \(id) → \(webhook.url)"))
        }
    }

    /// The site's webhooks and their newest deliveries.
    public func overview(siteSlug: Slug, actor: StaffSession) async throws
        -> (site: Site, webhooks: [Webhook], deliveries: [(delivery: WebhookDelivery, url: String)])
    {
        try await store.read { tx in
            let site = try await Self.manageable(siteSlug, tx: tx, actor: actor)
            return (site, try await tx.webhooks(siteID: site.id), try await tx.webhookDeliveries(siteID: site.id, limit: Self.logLength))
        }
    }

    private static func manageable(_ slug: Slug, tx: isolated any SiteRepository, actor: StaffSession) async throws -> Site {
        guard let site = try await tx.site(slug: slug) else { throw ContentError.notFound(what: L("site « {site} »", ["site": "\(slug)"])) }
        guard actor.may(.manageSiteSettings, onSite: site.id) else {
            throw ContentError.forbidden(action: StaffAction.manageSiteSettings.rawValue)
        }
        return site
    }

    // MARK: - Events

    /// The event an article's change tells webhooks, from its state before and after: only what readers can see
    /// (a draft saved or scheduled tells nothing).
    public static func event(before: PublishState?, after: PublishState) -> WebhookEvent? {
        switch (before == .published, after) {
        case (false, .published): .articlePublished
        case (true, .published): .articleUpdated
        case (true, .trash): .articleDeleted
        case (true, _): .articleUnpublished
        case (false, _): nil
        }
    }

    /// Queues `event` about `article` for the site's webhooks, in the transaction `tx` of the change.
    public static func queue(
        _ event: WebhookEvent, article: Article, site: Site, tx: isolated any WebhookRepository, at date: Date
    ) async throws {
        try await tx.enqueueWebhookEvent(
            event, siteID: site.id, payload: payload(event, site: site, article: article, comment: nil, at: date), at: date)
    }

    /// Queues `event` about `comment` (under `article`) for the site's webhooks, in the transaction `tx`.
    public static func queue(
        _ event: WebhookEvent, comment: Comment, article: Article, site: Site, tx: isolated any WebhookRepository,
        at date: Date
    ) async throws {
        try await tx.enqueueWebhookEvent(
            event, siteID: site.id, payload: payload(event, site: site, article: article, comment: comment, at: date),
            at: date)
    }

    /// The JSON sent: the event, when, the site, the article (its path on the network and its address in the
    /// Content API) and the comment. Texts are not sent: a receiver reads them from the Content API.
    static func payload(_ event: WebhookEvent, site: Site, article: Article, comment: Comment?, at date: Date) -> String {
        let iso = { (date: Date) in FrenchDate.iso8601(date, timeZone: TimeZone(secondsFromGMT: 0)!) }
        var articleObject: [String: Any] = [
            "id": article.id.rawValue, "slug": article.slug.rawValue, "title": article.title, "state": article.state.rawValue,
            "api": "/api/v1/articles/\(article.id)",
        ]
        if let published = article.publishedAt {
            articleObject["publishedAt"] = iso(published)
            if article.state == .published {
                articleObject["path"] = Permalink.article(
                    site: site.slug, slug: article.slug, publishedAt: published, timeZone: site.zone)
            }
        }
        var object: [String: Any] = [
            "event": event.rawValue, "at": iso(date), "site": ["slug": site.slug.rawValue, "title": site.title],
            "article": articleObject,
        ]
        if let comment {
            var commentObject: [String: Any] = [
                "id": comment.id.rawValue, "authorName": comment.authorName, "status": comment.status.rawValue,
                "createdAt": iso(comment.createdAt),
            ]
            if let parent = comment.parentID { commentObject["parentId"] = parent.rawValue }
            object["comment"] = commentObject
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
