import Foundation
import KibaruCore
import PostgresNIO

/// The reader pages' queries: each one read-only transaction (one snapshot, as issue 11's rule wants).
extension PostgresStore {
    public func network() async throws -> Network {
        guard let network = try await transaction(writing: false, { tx in try await tx.network() }) else {
            throw ContentError.networkMissing
        }
        return network
    }

    public func sites() async throws -> [Site] {
        try await transaction(writing: false) { tx in try await tx.sites() }
    }

    public func site(slug: Slug) async throws -> Site? {
        try await transaction(writing: false) { tx in try await tx.site(slug: slug) }
    }

    public func site(host: String) async throws -> Site? {
        try await transaction(writing: false) { tx in try await tx.site(host: host) }
    }

    public func person(slug: Slug) async throws -> Person? {
        try await transaction(writing: false) { tx in try await tx.person(slug: slug) }
    }

    public func tag(siteID: Site.ID, slug: Slug) async throws -> Tag? {
        try await transaction(writing: false) { tx in try await tx.tag(siteID: siteID, slug: slug) }
    }

    public func publishedArticle(siteID: Site.ID, slug: Slug) async throws -> Article? {
        try await transaction(writing: false) { tx in try await tx.publishedArticle(siteID: siteID, slug: slug) }
    }

    public func publishedArticles(_ listing: ArticleListing, page: PageRequest) async throws -> Page<ArticleSummary> {
        try await transaction(writing: false) { tx in try await tx.publishedPage(listing, page: page) }
    }

    public func publishedArticles(_ listing: ArticleListing, window: ListingWindow) async throws -> [ArticleSummary] {
        try await transaction(writing: false) { tx in try await tx.publishedWindow(listing, window: window) }
    }

    public func approvedComments(articleID: Article.ID) async throws -> [Comment] {
        try await transaction(writing: false) { tx in try await tx.approvedComments(articleID: articleID) }
    }

    public func articlePage(siteID: Site.ID, slug: Slug) async throws -> ArticlePageContent? {
        try await transaction(writing: false) { tx in try await tx.articlePage(siteID: siteID, slug: slug) }
    }

    public func feedEntries(_ listing: ArticleListing, limit: Int) async throws -> [FeedEntry] {
        try await transaction(writing: false) { tx in try await tx.feedEntries(listing, limit: limit) }
    }

    public func articleStampCount(siteID: Site.ID) async throws -> Int {
        try await transaction(writing: false) { tx in
            Int(try await tx.value(
                "SELECT count(*) FROM article WHERE site_id = \(siteID) AND state = 'published'", as: Int64.self) ?? 0)
        }
    }

    public func articleStamps(siteID: Site.ID) async throws -> [ArticleStamp] {
        try await transaction(writing: false) { tx in try await tx.articleStamps(siteID: siteID) }
    }

    public func tagsInUse(siteID: Site.ID, limit: Int?) async throws -> [(tag: Tag, lastPublished: Date)] {
        try await transaction(writing: false) { tx in try await tx.tagsInUse(siteID: siteID, limit: limit) }
    }

    public func authorsInUse(siteID: Site.ID, limit: Int?) async throws -> [(person: Person, lastPublished: Date)] {
        try await transaction(writing: false) { tx in try await tx.authorsInUse(siteID: siteID, limit: limit) }
    }

    public func publicationYears(siteID: Site.ID?) async throws -> [Int] {
        try await transaction(writing: false) { tx in try await tx.publicationYears(siteID: siteID) }
    }

    public func search(_ query: SearchQuery) async throws -> Page<SearchHit> {
        try await transaction(writing: false) { tx in try await tx.search(query) }
    }

    public func relatedArticles(articleID: Article.ID) async throws -> [ArticleSummary] {
        try await transaction(writing: false) { tx in try await tx.relatedSummaries(articleID: articleID) }
    }

    public func entities(articleID: Article.ID) async throws -> [ArticleEntity] {
        try await transaction(writing: false) { tx in try await tx.entities(articleID: articleID) }
    }

    public func entity(siteID: Site.ID, slug: Slug) async throws -> ArticleEntity? {
        try await transaction(writing: false) { tx in try await tx.entity(siteID: siteID, slug: slug) }
    }

    public func legacyRedirect(siteID: Site.ID, path: String) async throws -> String? {
        try await transaction(writing: false) { tx in try await tx.legacyRedirect(siteID: siteID, path: path) }
    }

    /// Refreshes the planner's statistics (`ANALYZE`, which takes no lock that readers or writers wait for).
    /// Skipped when the caller is stopping (the server's shutdown): PostgreSQL's autovacuum keeps them too.
    public func optimize() async throws {
        guard !Task.isCancelled else { return }
        do {
            try await client.query("ANALYZE")
        } catch where Task.isCancelled {
            return
        }
    }
}
