import Foundation

/// The fields of an ``Article``: a new one, before the store gives it an id.
public struct NewArticle: Equatable, Sendable {
    public var siteID: Site.ID
    public var slug: Slug
    public var title: String
    /// The short introduction shown under the title and in listings ("chapô").
    public var standfirst: String?
    /// The source, in Kibaru Markdown (CommonMark, GFM and Kibaru's figure and LIRE AUSSI blocks).
    public var bodyMarkdown: String
    /// The sanitized HTML rendered from `bodyMarkdown`; rebuilt when the source or a linked article changes.
    public var bodyHTML: String
    /// The body as plain text, for search: its text, then its figures' captions and credits.
    public var bodyText: String
    /// The summary listings, feeds and link previews show: the start of the text, never a caption or a credit;
    /// `nil` leaves it to the store, which makes it from `bodyText`.
    public var excerpt: String?
    /// The renderer version that produced `bodyHTML`; older versions are rendered again at startup.
    public var rendererVersion: Int
    public var state: PublishState
    /// When the article was (or will be) published; required once published.
    public var publishedAt: Date?
    public var featuredFigure: Figure?
    /// The bylines, in order.
    public var authors: [Person]
    public var tags: [Tag]
    public var createdAt: Date
    public var updatedAt: Date
    /// Raised by one at every save; a save that names an older version is refused (optimistic locking).
    public var version: Int
    /// The staff member who created the article, for "own article" permissions; `nil` for imports.
    public var ownerID: StaffMember.ID?
    /// Whether readers may no longer comment on it.
    public var commentsClosed: Bool
    /// A page (a WordPress page: "À propos", "Contact"): served like an article but left out of listings and
    /// feeds.
    public var isPage: Bool

    public init(
        siteID: Site.ID, slug: Slug, title: String, standfirst: String? = nil, bodyMarkdown: String,
        bodyHTML: String = "", bodyText: String = "", excerpt: String? = nil, rendererVersion: Int = 0,
        state: PublishState = .draft,
        publishedAt: Date? = nil, featuredFigure: Figure? = nil, authors: [Person] = [], tags: [Tag] = [],
        createdAt: Date, updatedAt: Date, version: Int = 1, ownerID: StaffMember.ID? = nil, commentsClosed: Bool = false,
        isPage: Bool = false
    ) {
        self.excerpt = excerpt
        self.isPage = isPage
        self.commentsClosed = commentsClosed
        self.version = version
        self.ownerID = ownerID
        self.siteID = siteID
        self.slug = slug
        self.title = title
        self.standfirst = standfirst
        self.bodyMarkdown = bodyMarkdown
        self.bodyHTML = bodyHTML
        self.bodyText = bodyText
        self.rendererVersion = rendererVersion
        self.state = state
        self.publishedAt = publishedAt
        self.featuredFigure = featuredFigure
        self.authors = authors
        self.tags = tags
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Checks every field; throws ``ValidationErrors`` naming each field at fault.
    public func validate() throws {
        var check = FieldErrorCollector()
        check.require(!title.trimmed.isEmpty, field: "title", code: "required", "le titre est obligatoire")
        check.require(
            title.count <= Article.maximumTitleLength, field: "title", code: "too-long",
            values: ["max": "\(Article.maximumTitleLength)"], "le titre dépasse \(Article.maximumTitleLength) caractères")
        check.require(!title.contains("\n"), field: "title", code: "one-line", "le titre tient sur une ligne")
        check.require((standfirst ?? "").count <= 1_000, field: "standfirst", code: "too-long", values: ["max": "1000"], "le chapô dépasse 1 000 caractères")
        check.require(!bodyMarkdown.trimmed.isEmpty, field: "body", code: "required", "le texte de l’article est vide")
        check.require(
            bodyMarkdown.count <= Article.maximumBodyLength, field: "body", code: "too-long", values: ["max": "500000"],
            "le texte dépasse 500 000 caractères")
        check.require(!authors.isEmpty, field: "authors", code: "required", "au moins un auteur est obligatoire")
        check.require(
            Set(authors.map(\.slug)).count == authors.count, field: "authors", code: "named-twice", "un auteur est cité deux fois")
        check.require(
            (state != .published && state != .scheduled) || publishedAt != nil, field: "publishedAt", code: "date-required",
            "un article publié ou programmé doit avoir une date de publication")
        if let featuredFigure {
            do { try featuredFigure.validate() } catch let errors as ValidationErrors {
                check.merge(errors, prefix: "featuredFigure")
            }
        }
        try check.throwIfAny()
    }
}

/// What listings show of an article: enough for a card, not the body.
public struct ArticleSummary: Equatable, Sendable, Identifiable {
    public var id: Article.ID
    public var site: Site
    public var slug: Slug
    public var title: String
    public var standfirst: String?
    /// The first words of the body, for listings without a standfirst.
    public var excerpt: String
    public var publishedAt: Date
    /// The address of its featured image, when it has one (feeds show it).
    public var featuredImage: String?
    public var authors: [Person]
    /// Its approved comments.
    public var commentCount: Int

    public init(
        id: Article.ID, site: Site, slug: Slug, title: String, standfirst: String?, excerpt: String, publishedAt: Date,
        featuredImage: String?, authors: [Person], commentCount: Int = 0
    ) {
        self.commentCount = commentCount
        self.id = id
        self.site = site
        self.slug = slug
        self.title = title
        self.standfirst = standfirst
        self.excerpt = excerpt
        self.publishedAt = publishedAt
        self.featuredImage = featuredImage
        self.authors = authors
    }
}

/// What an article page shows, read together from one snapshot of the store.
public struct ArticlePageContent: Sendable, Equatable {
    public var article: Article
    /// Approved, oldest first.
    public var comments: [Comment]
    /// Best first, published ones only.
    public var related: [ArticleSummary]
    /// Most mentioned first.
    public var entities: [ArticleEntity]

    public init(article: Article, comments: [Comment], related: [ArticleSummary], entities: [ArticleEntity]) {
        self.article = article
        self.comments = comments
        self.related = related
        self.entities = entities
    }
}

/// An article as stored: its Markdown source, the HTML rendered from it, and what it is linked to.
public struct Article: SavedEntity, Equatable, Sendable {
    public let id: Tagged<Article, Int64>
    public var fields: NewArticle

    public init(id: ID, _ fields: NewArticle) {
        self.id = id
        self.fields = fields
    }

    /// The longest title accepted.
    public static let maximumTitleLength = 300

    /// The longest body accepted, in characters.
    public static let maximumBodyLength = 500_000
}
