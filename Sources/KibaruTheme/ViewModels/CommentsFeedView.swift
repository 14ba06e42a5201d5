import Foundation
import KibaruCore
import KibaruText

/// One comment in an RSS feed.
public struct CommentFeedItem: Sendable {
    public var title: String
    public var link: String
    public var guid: String
    /// RFC 822, as RSS 2.0 wants.
    public var date: String
    public var text: String
}

/// The RSS 2.0 feed of the approved comments of a site or of one article.
public struct CommentsFeedView: Sendable {
    public var title: String
    public var link: String
    public var selfURL: String
    public var description: String
    public var language: String
    public var items: [CommentFeedItem]

    /// - Parameters:
    ///   - itemTitle: each comment's title, with `{name}` and `{title}` (the theme's `comments_feed_item`).
    ///   - comments: newest first, each with the absolute URL of its article.
    public init(
        title: String, link: String, selfURL: String, description: String, language: String, itemTitle: String,
        comments: [(comment: Comment, articleTitle: String, articleURL: String)]
    ) {
        self.title = title
        self.link = link
        self.selfURL = selfURL
        // RSS `<description>` is HTML to feed readers: plain text is escaped for HTML here, and for XML by the
        // template; a comment is given as the same safe HTML its article page shows.
        self.description = HTMLEscaping.escape(description)
        self.language = language
        self.items = comments.map { item in
            CommentFeedItem(
                title: Catalogue.fill(itemTitle, ["name": item.comment.authorName, "title": item.articleTitle]),
                link: "\(item.articleURL)#commentaire-\(item.comment.id)",
                guid: "\(item.articleURL)#commentaire-\(item.comment.id)",
                date: InternetDate.rfc822(item.comment.createdAt), text: ViewBuilder.commentHTML(item.comment.body))
        }
    }
}
