import Foundation

/// Articles with their bylines, tags, references, revisions and media.
///
/// Part of every ``ContentTransaction``: its requirements run isolated to the transaction (decision 0010).
public protocol ArticleRepository: Actor {
    func article(id: Article.ID) async throws -> Article?
    func article(siteID: Site.ID, slug: Slug) async throws -> Article?
    /// The published articles of a site whose title, compared without case and extra spaces, is `title`.
    func publishedArticles(siteID: Site.ID, titled title: String) async throws -> [Article]
    /// Inserts a new article (`id` is `nil`) or replaces the fields of article `id`, with its bylines and tags (by
    /// their ids); throws ``ContentError/slugTaken(_:)`` when another article of the site has its slug, and
    /// ``ContentError/notFound(what:)`` when article `id` does not exist.
    func saveArticle(_ article: NewArticle, id: Article.ID?) async throws -> Article
    /// Replaces the references an article's body makes.
    func setReferences(from articleID: Article.ID, to references: [ArticleReference]) async throws
    /// The articles whose body refers to `articleID`.
    func articlesReferring(to articleID: Article.ID) async throws -> [Article.ID]
    /// The articles of a site with a reference, not yet resolved, to an article titled `title`.
    func articlesWithUnresolvedReference(siteID: Site.ID, title: String) async throws -> [Article.ID]
    /// The ids of articles rendered by a renderer older than `version`.
    func articlesRendered(before version: Int) async throws -> [Article.ID]
    func insertRevision(_ revision: NewRevision) async throws
    func revision(articleID: Article.ID, version: Int) async throws -> Revision?
    /// Scheduled articles whose time has come.
    func articlesDue(at now: Date) async throws -> [Article.ID]
    func insertMedia(_ item: NewMediaItem) async throws -> MediaItem
    /// The library's item for a file of the site (`path` under `media/`), if any.
    func mediaItem(siteID: Site.ID, path: String) async throws -> MediaItem?
    /// Every article of a site, whatever its state.
    func articleIDs(siteID: Site.ID) async throws -> [Article.ID]
    /// The articles whose body links to an article of the site.
    func articlesReferringToSite(_ siteID: Site.ID) async throws -> [Article.ID]
}

extension ArticleRepository {
    /// Inserts a new article; see ``saveArticle(_:id:)``.
    public func insertArticle(_ article: NewArticle) async throws -> Article {
        try await saveArticle(article, id: nil)
    }

    /// Replaces the fields of a stored article; see ``saveArticle(_:id:)``.
    public func updateArticle(_ article: Article) async throws -> Article {
        try await saveArticle(article.fields, id: article.id)
    }
}
