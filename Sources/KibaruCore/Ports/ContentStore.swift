import Foundation

/// What listings of published articles can be narrowed to.
public enum ArticleListing: Equatable, Sendable {
    /// Every published article of the network.
    case network
    /// The published articles of one site.
    case site(Site.ID)
    /// The published articles of one site with one tag.
    case tag(Tag.ID)
    /// The published articles of one site credited to one person.
    case author(siteID: Site.ID, personID: Person.ID)
    /// The published articles of one site that mention a person, place or organisation.
    case entity(siteID: Site.ID, slug: Slug)
}

/// A slice of a listing, newest first: between two dates, after a given article.
public struct ListingWindow: Equatable, Sendable {
    /// Articles published at this instant or later.
    public var publishedFrom: Date?
    /// Articles published before this instant.
    public var publishedBefore: Date?
    /// Articles that come after this one in the listing's order (older, or as old with a smaller id); when it no
    /// longer exists, none.
    public var after: Article.ID?
    /// At most this many, from 1 to 100.
    public var limit: Int
    /// Sites whose articles are left out (those that ask for a content key, in the network's listing).
    public var excludedSites: Set<Site.ID>

    public init(
        publishedFrom: Date? = nil, publishedBefore: Date? = nil, after: Article.ID? = nil, limit: Int,
        excludedSites: Set<Site.ID> = []
    ) {
        self.publishedFrom = publishedFrom
        self.publishedBefore = publishedBefore
        self.after = after
        self.limit = min(max(1, limit), 100)
        self.excludedSites = excludedSites
    }
}

/// A published article with what a feed carries beyond a listing's card.
public struct FeedEntry: Sendable {
    public var summary: ArticleSummary
    public var bodyHTML: String
    public var tags: [Tag]
    public var updatedAt: Date

    public init(summary: ArticleSummary, bodyHTML: String, tags: [Tag], updatedAt: Date) {
        self.summary = summary
        self.bodyHTML = bodyHTML
        self.tags = tags
        self.updatedAt = updatedAt
    }
}

/// What a sitemap needs of a published article.
public struct ArticleStamp: Sendable {
    public var slug: Slug
    public var title: String
    public var publishedAt: Date
    public var updatedAt: Date

    public init(slug: Slug, title: String, publishedAt: Date, updatedAt: Date) {
        self.slug = slug
        self.title = title
        self.publishedAt = publishedAt
        self.updatedAt = updatedAt
    }
}

/// A reference from an article's body to another article, by id or, until resolved, by title.
public struct ArticleReference: Equatable, Hashable, Sendable {
    public var targetID: Article.ID?
    public var targetTitle: String?

    public init(targetID: Article.ID? = nil, targetTitle: String? = nil) {
        self.targetID = targetID
        self.targetTitle = targetTitle
    }
}

/// A store's transactions: the repositories of every area (``ContentTransaction``), reached in a read-only
/// snapshot or in one write transaction. What every engine implements first (decision 0010); the contract suite
/// holds each to the repositories' documented behaviour.
public protocol TransactionalStore: Sendable {
    /// Runs `body`, isolated to the transaction, on a consistent read-only snapshot (exports, suggestions): it
    /// never holds writers back, and any write it tries fails.
    func read<T: Sendable>(
        _ body: @escaping @Sendable (isolated any ContentTransaction) async throws -> T
    ) async throws -> T
    /// Runs `body`, isolated to the transaction, in one write transaction, rolled back if it throws. While
    /// another process holds the writer (a command-line import), it waits and tries again to begin rather than
    /// failing; `body` runs once, after the transaction began. `body` must not wait for another transaction of
    /// the store to write: the writer is its own until it returns.
    func write<T: Sendable>(
        _ body: @escaping @Sendable (isolated any ContentTransaction) async throws -> T
    ) async throws -> T
}

/// The network's content as readers see it, plus the transaction in which every write happens.
///
/// Reads are `async` and may run concurrently; writes go through ``write(_:)``, whose closure runs in one
/// transaction: everything it does is kept, or nothing is.
public protocol ContentStore: TransactionalStore, ContentChangeLog {
    /// The network; throws ``ContentError/networkMissing`` before `kibaru init`.
    func network() async throws -> Network
    /// Every site, by slug.
    func sites() async throws -> [Site]
    func site(slug: Slug) async throws -> Site?
    /// The site served at `host` (lowercase, without port).
    func site(host: String) async throws -> Site?
    func person(slug: Slug) async throws -> Person?
    func tag(siteID: Site.ID, slug: Slug) async throws -> Tag?
    /// A published article of a site by slug, with its authors and tags.
    func publishedArticle(siteID: Site.ID, slug: Slug) async throws -> Article?
    /// One page of published articles, newest first.
    func publishedArticles(_ listing: ArticleListing, page: PageRequest) async throws -> Page<ArticleSummary>
    /// Published articles of a listing, newest first, within `window` (dates, and the position a previous slice
    /// ended at): the Content API's pages, which stay right when articles are published meanwhile.
    func publishedArticles(_ listing: ArticleListing, window: ListingWindow) async throws -> [ArticleSummary]
    /// The approved comments of an article, oldest first, as readers see them: without their spam verdicts (read
    /// a comment by id to change it).
    func approvedComments(articleID: Article.ID) async throws -> [Comment]
    /// Everything an article page shows, read from one snapshot (one read, and no comment or related article
    /// of another moment): `nil` when the site has no published article with this slug.
    func articlePage(siteID: Site.ID, slug: Slug) async throws -> ArticlePageContent?
    /// The newest published articles of a listing with their bodies, for feeds.
    func feedEntries(_ listing: ArticleListing, limit: Int) async throws -> [FeedEntry]
    /// Every published article of a site, newest first, for sitemaps.
    func articleStamps(siteID: Site.ID) async throws -> [ArticleStamp]
    /// How many ``articleStamps(siteID:)`` gives, counted on the site's index without reading the articles.
    func articleStampCount(siteID: Site.ID) async throws -> Int
    /// The tags of a site that have published articles, with the date of the newest; the `limit` most used when
    /// given (by name otherwise).
    func tagsInUse(siteID: Site.ID, limit: Int?) async throws -> [(tag: Tag, lastPublished: Date)]
    /// The people credited on published articles of a site, with the date of the newest; the `limit` most
    /// published when given (by name otherwise).
    func authorsInUse(siteID: Site.ID, limit: Int?) async throws -> [(person: Person, lastPublished: Date)]
    /// The years in which a site (or, with `nil`, the network) published, newest first.
    func publicationYears(siteID: Site.ID?) async throws -> [Int]
    /// Published articles matching a reader's query, best first. Throws ``SearchError`` for a query that
    /// cannot be run.
    func search(_ query: SearchQuery) async throws -> Page<SearchHit>
    /// The related articles stored for an article when it was published, best first, published ones only.
    func relatedArticles(articleID: Article.ID) async throws -> [ArticleSummary]
    /// The people, places and organisations a published article mentions, most mentioned first.
    func entities(articleID: Article.ID) async throws -> [ArticleEntity]
    /// A person, place or organisation mentioned by a published article of the site.
    func entity(siteID: Site.ID, slug: Slug) async throws -> ArticleEntity?
    /// Where an old URL of an imported site (`/?p=12`, `/category/sport/`, relative to the site) now lives.
    func legacyRedirect(siteID: Site.ID, path: String) async throws -> String?
    /// Refreshes the statistics the query planner chooses indexes with (SQLite's `PRAGMA optimize`: cheap when
    /// little changed). The server runs it at start and every hour.
    func optimize() async throws
    /// Runs `body` on a private copy of the whole store, deleted afterwards: a job tried out there (a dry run)
    /// writes nothing to the real one and takes no lock on it.
    func withScratchCopy<T: Sendable>(_ body: @Sendable (any ContentStore) async throws -> T) async throws -> T
}

/// The operations available inside one transaction (``ContentStore/write(_:)``, ``ContentStore/read(_:)``): the
/// repositories of every area. A function that needs only some takes only those (`isolated any
/// SessionRepository & PeopleRepository`).
///
/// An actor: a transaction's body, and the functions it calls, take it as an `isolated` parameter, so that they
/// run where the store's connection may be used (SQLite: the thread that holds the connection, the writer's or a
/// reader's) and each call is a
/// plain call, not a hop between threads (decision 0010).
public protocol ContentTransaction: SiteRepository, PeopleRepository, SessionRepository, TaxonomyRepository,
    ArticleRepository, CommentRepository, ImportRepository, DiscoveryRepository, WebhookRepository, ContentKeyRepository {}

extension TransactionalStore {
    /// ``write(_:)`` for long jobs running on a thread of their own (imports): blocks the calling thread until
    /// the writer is free and the transaction is done. Never call it from a request, nor from a write's body.
    public func writeBlocking<T: Sendable>(
        _ body: @escaping @Sendable (isolated any ContentTransaction) async throws -> T
    ) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let outcome = BlockingOutcome<T>()
        Task {
            do { outcome.set(.success(try await write(body))) } catch { outcome.set(.failure(error)) }
            done.signal()
        }
        done.wait()
        return try outcome.get()
    }
}

/// The result a blocked thread waits for, set by the task that computes it.
private final class BlockingOutcome<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<T, any Error>?

    func set(_ value: Result<T, any Error>) { lock.withLock { result = value } }

    /// Only read after the task signalled that it set it.
    func get() throws -> T { try lock.withLock { result! }.get() }
}
