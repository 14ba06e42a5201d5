import Foundation
import KibaruCore
import KibaruText

/// Stores reader comments. Posting from the public site and moderation come with the comments feature; this
/// service serves imports and the demo network.
public struct CommentService: Sendable {
    let store: any ContentStore

    public init(store: any ContentStore) {
        self.store = store
    }

    /// Validates and stores a comment; its parent must belong to the same article.
    @discardableResult
    public func add(_ comment: NewComment) async throws -> Comment {
        try await store.write { tx in try await CommentService.add(comment, in: tx) }
    }

    /// The work of ``add(_:)`` inside a transaction that the caller holds.
    public static func add(_ comment: NewComment, in tx: isolated any ContentTransaction) async throws -> Comment {
        try comment.validate()
        guard try await tx.article(id: comment.articleID) != nil else {
            throw ContentError.notFound(what: L("article {articleID}", ["articleID": "\(comment.articleID)"]))
        }
        return try await tx.insertComment(comment)
    }
}
