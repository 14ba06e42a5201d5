/// A share link of the "Partagez" block.
public struct ShareLinkView: Sendable, Equatable {
    /// `whatsapp`, `facebook`, `x`, `linkedin`, `telegram`, `email`: the CSS class suffix.
    public var network: String
    public var label: String
    public var url: String
}

/// A reader's comment and the replies to it.
public struct CommentView: Sendable {
    public var id: Int64
    public var authorName: String
    public var createdLabel: String
    public var createdISO: String
    /// The comment's paragraphs as plain text: escaped by the template.
    public var paragraphs: [String]
    public var replies: [CommentView]
    public var hasReplies: Bool
}

/// Everything the article page shows.
public struct ArticlePageView: Sendable {
    public var chrome: PageChrome
    public var title: String
    public var standfirst: String?
    public var authors: [LinkView]
    public var publishedLabel: String
    public var publishedISO: String
    /// The featured figure, rendered like the body's figures (every value escaped).
    public var featuredHTML: String?
    /// Rendered and sanitized at save time by KibaruMarkdown.
    public var bodyHTML: String
    public var tags: [LinkView]
    public var hasTags: Bool
    public var shareLinks: [ShareLinkView]
    public var comments: [CommentView]
    public var hasComments: Bool
    public var commentCountLabel: String
}
