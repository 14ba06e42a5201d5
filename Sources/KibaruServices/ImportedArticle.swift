import Foundation
import KibaruCore

/// A reader comment brought in by an import, with its replies.
public struct ImportedComment: Equatable, Sendable {
    public var authorName: String
    public var createdAt: Date
    public var body: String
    public var replies: [ImportedComment]

    public init(authorName: String, createdAt: Date, body: String, replies: [ImportedComment] = []) {
        self.authorName = authorName
        self.createdAt = createdAt
        self.body = body
        self.replies = replies
    }
}

/// An article read from an outside source, with the approved comments that came with it.
public struct ImportedArticle: Sendable {
    public var draft: ArticleDraft
    public var comments: [ImportedComment]

    public init(draft: ArticleDraft, comments: [ImportedComment] = []) {
        self.draft = draft
        self.comments = comments
    }
}

extension ArticleService {
    /// Stores an imported article and its comment threads in one transaction: on any error nothing is written.
    /// An article of the site with the same slug is replaced, so that importing the same page again updates it.
    @discardableResult
    public func importArticle(_ imported: ImportedArticle) async throws -> Article {
        let renderer = self.renderer
        let timestamp = now()
        return try await store.write { tx in
            var draft = imported.draft
            if draft.id == nil, let site = try await tx.site(slug: draft.siteSlug) {
                let slug = try draft.slug ?? ArticleService.slugFromTitle(draft.title)
                draft.id = try await tx.article(siteID: site.id, slug: slug)?.id
            }
            let article = try await ArticleService.save(draft, in: tx, renderer: renderer, now: timestamp)
            let articleID = article.id
            if draft.id != nil { try await tx.deleteComments(articleID: articleID) }
            func add(_ comments: [ImportedComment], parentID: Comment.ID?) async throws {
                for comment in comments {
                    let saved = try await CommentService.add(
                        NewComment(
                            articleID: articleID, parentID: parentID, authorName: comment.authorName,
                            body: comment.body, createdAt: comment.createdAt, status: .approved), in: tx)
                    try await add(comment.replies, parentID: saved.id)
                }
            }
            try await add(imported.comments, parentID: nil)
            return article
        }
    }
}
