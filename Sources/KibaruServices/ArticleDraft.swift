import Foundation
import KibaruCore

/// What a writer or an importer gives to create or change an article: people and tags by name, the body as
/// Kibaru Markdown. ``ArticleService`` turns it into a stored ``Article``.
public struct ArticleDraft: Sendable {
    /// The article to change, or `nil` to create one.
    public var id: Article.ID?
    public var siteSlug: Slug
    /// The slug; made from the title when `nil`.
    public var slug: Slug?
    public var title: String
    public var standfirst: String?
    public var bodyMarkdown: String
    /// The bylines, in order, by display name; a person is created the first time a name is seen.
    public var authorNames: [String]
    /// The tags by display name; a tag is created in the site the first time a name is seen.
    public var tagNames: [String]
    public var state: PublishState
    public var publishedAt: Date?
    public var featuredFigure: Figure?
    /// The staff member creating the article (kept on later saves); `nil` for imports.
    public var ownerID: StaffMember.ID?
    /// Whether readers may no longer comment.
    public var commentsClosed: Bool
    /// A page, left out of listings and feeds (see ``NewArticle/isPage``).
    public var isPage: Bool
    /// Bylines given by the people's ids (imports), before those of ``authorNames``.
    public var authorIDs: [Person.ID]
    /// Tags given by their ids (imports: WordPress terms keep their own slugs), before those of ``tagNames``.
    public var tagIDs: [Tag.ID]

    public init(
        id: Article.ID? = nil, siteSlug: Slug, slug: Slug? = nil, title: String, standfirst: String? = nil,
        bodyMarkdown: String, authorNames: [String], tagNames: [String] = [], state: PublishState = .draft,
        publishedAt: Date? = nil, featuredFigure: Figure? = nil, ownerID: StaffMember.ID? = nil, commentsClosed: Bool = false,
        isPage: Bool = false, authorIDs: [Person.ID] = [], tagIDs: [Tag.ID] = []
    ) {
        self.authorIDs = authorIDs
        self.tagIDs = tagIDs
        self.isPage = isPage
        self.commentsClosed = commentsClosed
        self.ownerID = ownerID
        self.id = id
        self.siteSlug = siteSlug
        self.slug = slug
        self.title = title
        self.standfirst = standfirst
        self.bodyMarkdown = bodyMarkdown
        self.authorNames = authorNames
        self.tagNames = tagNames
        self.state = state
        self.publishedAt = publishedAt
        self.featuredFigure = featuredFigure
    }
}

extension ArticleDraft {
    /// The draft that saves `article` unchanged, to change only its state or date.
    public init(_ article: Article, siteSlug: Slug) {
        self.init(
            id: article.id, siteSlug: siteSlug, slug: article.slug, title: article.title,
            standfirst: article.standfirst, bodyMarkdown: article.bodyMarkdown, authorNames: article.authors.map(\.name),
            tagNames: article.tags.map(\.name), state: article.state, publishedAt: article.publishedAt,
            featuredFigure: article.featuredFigure, ownerID: article.ownerID, commentsClosed: article.commentsClosed,
            isPage: article.isPage)
    }
}
