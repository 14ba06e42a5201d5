import Foundation

/// Articles with their bylines, tags, references, revisions and media.
///
/// Part of every ``ContentTransaction``: its requirements run isolated to the transaction (decision 0010).
public protocol ArticleRepository: Actor {
    func article(id: Int64) async throws -> Article?
    func article(siteID: Int64, slug: Slug) async throws -> Article?
    /// The published articles of a site whose title, compared without case and extra spaces, is `title`.
    func publishedArticles(siteID: Int64, titled title: String) async throws -> [Article]
    /// Inserts or updates an article with its bylines and tags (by their ids); throws
    /// ``ContentError/slugTaken(_:)`` when another article of the site has its slug.
    func saveArticle(_ article: Article) async throws -> Article
    /// Replaces the references an article's body makes.
    func setReferences(from articleID: Int64, to references: [ArticleReference]) async throws
    /// The articles whose body refers to `articleID`.
    func articlesReferring(to articleID: Int64) async throws -> [Int64]
    /// The articles of a site with a reference, not yet resolved, to an article titled `title`.
    func articlesWithUnresolvedReference(siteID: Int64, title: String) async throws -> [Int64]
    /// The ids of articles rendered by a renderer older than `version`.
    func articlesRendered(before version: Int) async throws -> [Int64]
    func insertRevision(_ revision: Revision) async throws
    func revision(articleID: Int64, version: Int) async throws -> Revision?
    /// Scheduled articles whose time has come.
    func articlesDue(at now: Date) async throws -> [Int64]
    func insertMedia(_ item: MediaItem) async throws -> MediaItem
    /// The library's item for a file of the site (`path` under `media/`), if any.
    func mediaItem(siteID: Int64, path: String) async throws -> MediaItem?
    /// Every article of a site, whatever its state.
    func articleIDs(siteID: Int64) async throws -> [Int64]
    /// The articles whose body links to an article of the site.
    func articlesReferringToSite(_ siteID: Int64) async throws -> [Int64]
}
