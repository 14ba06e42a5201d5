import Foundation

/// A reader's comment on an article; `parentID` makes threads.
public struct Comment: Equatable, Sendable, Identifiable {
    public var id: Int64?
    public var articleID: Int64
    public var parentID: Int64?
    public var authorName: String
    /// Plain text; paragraphs are separated by blank lines. Never rendered as HTML.
    public var body: String
    public var createdAt: Date
    /// Only approved comments are shown to readers.
    public var approved: Bool

    public init(
        id: Int64? = nil, articleID: Int64, parentID: Int64? = nil, authorName: String, body: String, createdAt: Date,
        approved: Bool
    ) {
        self.id = id
        self.articleID = articleID
        self.parentID = parentID
        self.authorName = authorName
        self.body = body
        self.createdAt = createdAt
        self.approved = approved
    }

    /// Checks every field; throws ``ValidationErrors`` naming each field at fault.
    public func validate() throws {
        var check = FieldErrorCollector()
        check.require(!authorName.trimmed.isEmpty, field: "authorName", "le nom est obligatoire")
        check.require(authorName.count <= 100, field: "authorName", "le nom dépasse 100 caractères")
        check.require(!body.trimmed.isEmpty, field: "body", "le commentaire est vide")
        check.require(body.count <= 10_000, field: "body", "le commentaire dépasse 10 000 caractères")
        check.require(parentID != id || id == nil, field: "parentID", "un commentaire ne répond pas à lui-même")
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
        let sorted = comments.sorted { ($0.createdAt, $0.id ?? 0) < ($1.createdAt, $1.id ?? 0) }
        let ids = Set(sorted.compactMap(\.id))
        var children: [Int64: [Comment]] = [:]
        var roots: [Comment] = []
        for comment in sorted {
            if let parent = comment.parentID, ids.contains(parent), parent != comment.id {
                children[parent, default: []].append(comment)
            } else {
                roots.append(comment)
            }
        }
        func build(_ comment: Comment, depth: Int) -> CommentThread {
            let replies = depth < 50 ? (children[comment.id ?? -1] ?? []).map { build($0, depth: depth + 1) } : []
            return CommentThread(comment: comment, replies: replies)
        }
        return roots.map { build($0, depth: 0) }
    }
}
