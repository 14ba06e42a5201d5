import Foundation

/// Where a comment stands in moderation. Only approved comments are shown to readers; nothing is ever dropped
/// by a rule: what a rule refuses is kept as spam, for a moderator to rescue.
public enum CommentStatus: String, Codable, Sendable, CaseIterable {
    case pending, approved, spam, trash

    /// The French label of the moderation queue.
    public var label: String {
        switch self {
        case .pending: "en attente"
        case .approved: "approuvé"
        case .spam: "indésirable"
        case .trash: "corbeille"
        }
    }
}

/// What one anti-spam rule said of a comment, shown to moderators.
public struct SpamVerdict: Equatable, Codable, Sendable {
    /// `honeypot`, `token-age`, `rate-limit`, `links`, `block-list`, `classifier`.
    public var rule: String
    public var flagged: Bool
    /// Why, in French ("3 liens (2 au plus)", "probabilité 0,91").
    public var detail: String

    public init(rule: String, flagged: Bool, detail: String) {
        self.rule = rule
        self.flagged = flagged
        self.detail = detail
    }
}

/// The fields of a ``Comment``: a new one, before the store gives it an id.
public struct NewComment: Equatable, Sendable {
    public var articleID: Article.ID
    public var parentID: Comment.ID?
    public var authorName: String
    /// Plain text; paragraphs are separated by blank lines. Rendered by KibaruText's `CommentText`: links and
    /// emphasis only, everything else as text.
    public var body: String
    public var createdAt: Date
    public var status: CommentStatus
    /// Given by the commenter for replies and their rights (export, erasure); never shown.
    public var email: String?
    /// The commenter's site, linked from their name (`rel="nofollow ugc"`).
    public var website: String?
    /// The address the comment came from, for rate limits and moderators.
    public var clientAddress: String?
    public var verdicts: [SpamVerdict]

    public init(
        articleID: Article.ID, parentID: Comment.ID? = nil, authorName: String, body: String, createdAt: Date,
        status: CommentStatus, email: String? = nil, website: String? = nil, clientAddress: String? = nil,
        verdicts: [SpamVerdict] = []
    ) {
        self.articleID = articleID
        self.parentID = parentID
        self.authorName = authorName
        self.body = body
        self.createdAt = createdAt
        self.status = status
        self.email = email
        self.website = website
        self.clientAddress = clientAddress
        self.verdicts = verdicts
    }

    /// Whether readers see it.
    public var approved: Bool { status == .approved }

    /// Checks every field; throws ``ValidationErrors`` naming each field at fault.
    public func validate() throws {
        var check = FieldErrorCollector()
        check.require(!authorName.trimmed.isEmpty, field: "authorName", code: "name-required", "le nom est obligatoire")
        check.require(authorName.count <= 100, field: "authorName", code: "name-too-long", "le nom dépasse 100 caractères")
        check.require(!body.trimmed.isEmpty, field: "body", code: "body-empty", "le commentaire est vide")
        check.require(
            body.count <= 10_000, field: "body", code: "body-too-long", "le commentaire dépasse 10 000 caractères")
        if let email {
            check.require(
                StaffMember.isEmail(email), field: "email", code: "email-invalid", values: ["value": email],
                "« \(email) » n’est pas une adresse e-mail")
        }
        if let website {
            check.require(
                website.lowercased().hasPrefix("http") && URLCheck.isSafeLink(website) && website.count <= 300,
                field: "website", code: "website-invalid", "le site doit être une adresse http(s)")
        }
        try check.throwIfAny()
    }
}

/// A comment with the replies made to it, for threaded display.
public struct CommentThread: Equatable, Sendable {
    public var comment: Comment
    public var replies: [CommentThread]

    public init(comment: Comment, replies: [CommentThread]) {
        self.comment = comment
        self.replies = replies
    }

    /// Arranges comments into threads, oldest first at each level. A comment whose parent is not in `comments`
    /// (not approved, or removed) starts a thread of its own rather than disappearing.
    public static func threads(from comments: [Comment]) -> [CommentThread] {
        let sorted = comments.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        let ids = Set(sorted.map(\.id))
        var children: [Comment.ID: [Comment]] = [:]
        var roots: [Comment] = []
        for comment in sorted {
            if let parent = comment.parentID, ids.contains(parent), parent != comment.id {
                children[parent, default: []].append(comment)
            } else {
                roots.append(comment)
            }
        }
        func build(_ comment: Comment, depth: Int) -> CommentThread {
            let replies = depth < 50 ? (children[comment.id] ?? []).map { build($0, depth: depth + 1) } : []
            return CommentThread(comment: comment, replies: replies)
        }
        return roots.map { build($0, depth: 0) }
    }
}

/// A reader's comment on an article; `parentID` makes threads.
public struct Comment: SavedEntity, Equatable, Sendable {
    public let id: Tagged<Comment, Int64>
    public var fields: NewComment

    public init(id: ID, _ fields: NewComment) {
        self.id = id
        self.fields = fields
    }
}
