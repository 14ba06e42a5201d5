import Foundation
import KibaruCore
import KibaruText

/// Moderators' work on comments: change status (approve, spam, trash, back to pending), edit the text, reply as
/// staff. Every change checks the site's `moderateComments` permission; bulk changes happen in one transaction.
public struct CommentModeration: Sendable {
    let store: any ContentStore
    let now: @Sendable () -> Date

    public init(store: any ContentStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    /// The comments of a site in one state, newest first, with their article's title, for someone who may
    /// moderate them there (``ContentError/forbidden(action:)`` otherwise).
    public static func queue(
        siteSlug: Slug, status: CommentStatus, limit: Int, actor: StaffSession, store: any ContentStore & StaffStore
    ) async throws -> [(comment: Comment, articleTitle: String)] {
        guard let site = try await store.site(slug: siteSlug) else { throw ContentError.notFound(what: L("site « {site} »", ["site": "\(siteSlug)"])) }
        guard actor.may(.moderateComments, onSite: site.id) else { throw ContentError.forbidden(action: "moderateComments") }
        return try await store.comments(siteIDs: [site.id], status: status, limit: limit)
    }

    /// Sets the status of every comment of `ids`; `actor == nil` is the operator's CLI.
    public func setStatus(_ status: CommentStatus, of ids: [Comment.ID], actor: StaffSession?) async throws {
        let timestamp = now()
        try await store.write { tx in
            for id in ids {
                var comment = try await CommentModeration.moderatable(id, tx: tx, actor: actor)
                let wasApproved = comment.status == .approved
                comment.status = status
                try await tx.updateComment(comment)
                if status == .approved, !wasApproved, let article = try await tx.article(id: comment.articleID),
                    article.state == .published, let site = try await tx.site(id: article.siteID)
                {
                    try await WebhookService.queue(
                        .commentApproved, comment: comment, article: article, site: site, tx: tx, at: timestamp)
                }
                if status == .approved || status == .spam {
                    try await CommentClassifier.learn(comment, isSpam: status == .spam, tx: tx)
                }
            }
        }
    }

    /// Replaces a comment's text (a moderator's correction).
    public func edit(_ id: Comment.ID, text: String, actor: StaffSession) async throws {
        try await store.write { tx in
            var comment = try await CommentModeration.moderatable(id, tx: tx, actor: actor)
            comment.body = text.trimmed
            try comment.fields.validate()
            try await tx.updateComment(comment)
        }
    }

    /// Answers a comment as the staff member, published at once.
    @discardableResult
    public func reply(to id: Comment.ID, text: String, actor: StaffSession) async throws -> Comment {
        let timestamp = now()
        return try await store.write { tx in
            let parent = try await CommentModeration.moderatable(id, tx: tx, actor: actor)
            return try await CommentService.add(
                NewComment(
                    articleID: parent.articleID, parentID: parent.approved ? parent.id : parent.parentID,
                    authorName: actor.staff.name, body: text.trimmed, createdAt: timestamp, status: .approved,
                    email: actor.staff.email, verdicts: [SpamVerdict(rule: "staff", flagged: false, detail: "réponse de la rédaction")]),
                in: tx)
        }
    }

    static func moderatable(_ id: Comment.ID, tx: isolated any CommentRepository & ArticleRepository, actor: StaffSession?) async throws -> Comment {
        guard let comment = try await tx.comment(id: id), let article = try await tx.article(id: comment.articleID) else {
            throw ContentError.notFound(what: L("commentaire {id}", ["id": "\(id)"]))
        }
        if let actor, !actor.may(.moderateComments, onSite: article.siteID) {
            throw ContentError.forbidden(action: StaffAction.moderateComments.rawValue)
        }
        return comment
    }
}
