import Foundation

/// Readers' comments and what the spam classifier learnt from them.
///
/// Part of every ``ContentTransaction``: its requirements run isolated to the transaction (decision 0010).
public protocol CommentRepository: Actor {
    /// Inserts a comment; throws ``ContentError/notFound(what:)`` when its parent belongs to another article.
    func insertComment(_ comment: NewComment) async throws -> Comment
    /// Removes every comment of an article (before an import replaces them).
    func deleteComments(articleID: Article.ID) async throws
    func comment(id: Comment.ID) async throws -> Comment?
    /// Saves a comment's text, status and verdicts.
    func updateComment(_ comment: Comment) async throws
    /// Whether a comment under this e-mail was ever approved (for "first-time" moderation).
    func hasApprovedComment(email: String) async throws -> Bool
    /// Every comment given under an e-mail address, oldest first.
    func comments(email: String) async throws -> [Comment]
    /// Deletes every comment given under an e-mail address (replies to them stay, as threads of their own);
    /// returns how many.
    func deleteComments(email: String) async throws -> Int
    /// How the classifier learnt from a comment: `spam`, `ham` or not yet (`nil`).
    func trainedLabel(commentID: Comment.ID) async throws -> String?
    func setTrainedLabel(_ label: String?, commentID: Comment.ID) async throws
    /// The classifier's counts for these tokens: how many spam and legitimate comments carried each.
    func tokenCounts(_ tokens: [String]) async throws -> [String: (spam: Int, ham: Int)]
    /// Adds `spam` and `ham` (±1) to the counts of each distinct token (never below 0).
    func addTokenCounts(_ tokens: [String], spam: Int, ham: Int) async throws
    /// Every comment of an article, whatever its status, oldest first.
    func allComments(articleID: Article.ID) async throws -> [Comment]
}
