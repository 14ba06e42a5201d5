import Foundation

/// What a webhook can be told about: changes to the public content of its site.
public enum WebhookEvent: String, Codable, Sendable, DeclarationOrdered {
    case articlePublished = "article.published"
    /// A published article was edited.
    case articleUpdated = "article.updated"
    /// A published article left the public site (back to draft or scheduled).
    case articleUnpublished = "article.unpublished"
    /// A published article was moved to the trash.
    case articleDeleted = "article.deleted"
    /// A reader posted a comment (its `status` says whether it is published or held).
    case commentPosted = "comment.posted"
    /// A moderator approved a comment.
    case commentApproved = "comment.approved"

    /// What it is, in French, for the admin.
    public var label: String {
        switch self {
        case .articlePublished: "article publié"
        case .articleUpdated: "article publié modifié"
        case .articleUnpublished: "article dépublié"
        case .articleDeleted: "article publié mis à la corbeille"
        case .commentPosted: "commentaire envoyé"
        case .commentApproved: "commentaire approuvé"
        }
    }
}

/// A webhook not saved yet: where a site's events are sent, signed with its secret.
public struct NewWebhook: Equatable, Sendable {
    public var siteID: Site.ID
    /// An `https://` address, or `http://` on the machine itself (`127.0.0.1`, `localhost`, `[::1]`).
    public var url: String
    /// The key of each delivery's HMAC-SHA256 signature, shown to the site's owners.
    public var secret: String
    public var events: Set<WebhookEvent>
    public var createdAt: Date

    public init(siteID: Site.ID, url: String, secret: String, events: Set<WebhookEvent>, createdAt: Date) {
        self.siteID = siteID
        self.url = url
        self.secret = secret
        self.events = events
        self.createdAt = createdAt
    }

    /// Checks the address and the events; throws ``ValidationErrors`` naming each field at fault.
    public func validate() throws {
        var check = FieldErrorCollector()
        check.require(url.count <= 2_000, field: "url", code: "too-long", values: ["max": "2000"], "l’adresse dépasse 2 000 caractères")
        check.require(
            Self.isAllowedTarget(url), field: "url", code: "webhook-target",
            "une adresse https://, ou http:// sur cette machine (127.0.0.1, localhost)")
        check.require(!events.isEmpty, field: "events", code: "choose-one", "choisissez au moins un évènement")
        try check.throwIfAny()
    }

    /// Whether `url` may receive deliveries: HTTPS anywhere, plain HTTP only to the loopback interface.
    public static func isAllowedTarget(_ url: String) -> Bool {
        guard let components = URLComponents(string: url), let host = components.host?.lowercased(), !host.isEmpty,
            components.user == nil, components.password == nil
        else { return false }
        switch components.scheme?.lowercased() {
        case "https": return true
        case "http": return ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host)
        default: return false
        }
    }
}

/// A site's webhook as stored.
public struct Webhook: SavedEntity, Equatable, Sendable {
    public let id: Tagged<Webhook, Int64>
    public var fields: NewWebhook

    public init(id: ID, _ fields: NewWebhook) {
        self.id = id
        self.fields = fields
    }
}

/// One event to send to one webhook, kept until it is delivered or given up, so that a restart loses nothing.
public struct WebhookDelivery: Equatable, Sendable, Identifiable {
    public var id: Int64
    public var webhookID: Webhook.ID
    public var event: WebhookEvent
    /// The JSON sent, as it was when the change was made.
    public var payload: String
    public var createdAt: Date
    /// Attempts made so far (the one in progress included).
    public var attempts: Int
    /// When to try (again); `nil` once delivered or given up.
    public var nextAttemptAt: Date?
    public var deliveredAt: Date?
    /// The HTTP status of the last attempt, when there was an answer.
    public var lastStatus: Int?
    /// Why the last attempt failed, when it did.
    public var lastError: String?

    public init(
        id: Int64, webhookID: Webhook.ID, event: WebhookEvent, payload: String, createdAt: Date, attempts: Int,
        nextAttemptAt: Date?, deliveredAt: Date?, lastStatus: Int?, lastError: String?
    ) {
        self.id = id
        self.webhookID = webhookID
        self.event = event
        self.payload = payload
        self.createdAt = createdAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.deliveredAt = deliveredAt
        self.lastStatus = lastStatus
        self.lastError = lastError
    }
}
