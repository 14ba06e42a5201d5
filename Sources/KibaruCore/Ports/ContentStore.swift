import Foundation

/// What listings of published articles can be narrowed to.
public enum ArticleListing: Equatable, Sendable {
    /// Every published article of the network.
    case network
    /// The published articles of one site.
    case site(Int64)
    /// The published articles of one site with one tag.
    case tag(Int64)
    /// The published articles of one site credited to one person.
    case author(siteID: Int64, personID: Int64)
    /// The published articles of one site that mention a person, place or organisation.
    case entity(siteID: Int64, slug: Slug)
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
    public var targetID: Int64?
    public var targetTitle: String?

    public init(targetID: Int64? = nil, targetTitle: String? = nil) {
        self.targetID = targetID
        self.targetTitle = targetTitle
    }
}

/// The network's content as readers see it, plus the transaction in which every write happens.
///
/// Reads are `async` and may run concurrently; writes go through ``write(_:)``, whose closure runs in one
/// transaction: everything it does is kept, or nothing is.
public protocol ContentStore: ContentChangeLog {
    /// The network; throws ``ContentError/networkMissing`` before `kibaru init`.
    func network() async throws -> Network
    /// Every site, by slug.
    func sites() async throws -> [Site]
    func site(slug: Slug) async throws -> Site?
    /// The site served at `host` (lowercase, without port).
    func site(host: String) async throws -> Site?
    func person(slug: Slug) async throws -> Person?
    func tag(siteID: Int64, slug: Slug) async throws -> Tag?
    /// A published article of a site by slug, with its authors and tags.
    func publishedArticle(siteID: Int64, slug: Slug) async throws -> Article?
    /// One page of published articles, newest first.
    func publishedArticles(_ listing: ArticleListing, page: PageRequest) async throws -> Page<ArticleSummary>
    /// The approved comments of an article, oldest first, as readers see them: without their spam verdicts (read
    /// a comment by id to change it).
    func approvedComments(articleID: Int64) async throws -> [Comment]
    /// Everything an article page shows, read from one snapshot (one read, and no comment or related article
    /// of another moment): `nil` when the site has no published article with this slug.
    func articlePage(siteID: Int64, slug: Slug) async throws -> ArticlePageContent?
    /// The newest published articles of a listing with their bodies, for feeds.
    func feedEntries(_ listing: ArticleListing, limit: Int) async throws -> [FeedEntry]
    /// Every published article of a site, newest first, for sitemaps.
    func articleStamps(siteID: Int64) async throws -> [ArticleStamp]
    /// The tags of a site that have published articles, with the date of the newest; the `limit` most used when
    /// given (by name otherwise).
    func tagsInUse(siteID: Int64, limit: Int?) async throws -> [(tag: Tag, lastPublished: Date)]
    /// The people credited on published articles of a site, with the date of the newest; the `limit` most
    /// published when given (by name otherwise).
    func authorsInUse(siteID: Int64, limit: Int?) async throws -> [(person: Person, lastPublished: Date)]
    /// The years in which a site (or, with `nil`, the network) published, newest first.
    func publicationYears(siteID: Int64?) async throws -> [Int]
    /// Published articles matching a reader's query, best first. Throws ``SearchError`` for a query that
    /// cannot be run.
    func search(_ query: SearchQuery) async throws -> Page<SearchHit>
    /// The related articles stored for an article when it was published, best first, published ones only.
    func relatedArticles(articleID: Int64) async throws -> [ArticleSummary]
    /// The people, places and organisations a published article mentions, most mentioned first.
    func entities(articleID: Int64) async throws -> [ArticleEntity]
    /// A person, place or organisation mentioned by a published article of the site.
    func entity(siteID: Int64, slug: Slug) async throws -> ArticleEntity?
    /// Where an old URL of an imported site (`/?p=12`, `/category/sport/`, relative to the site) now lives.
    func legacyRedirect(siteID: Int64, path: String) async throws -> String?
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
    /// ``write(_:)`` for long jobs running on a thread of their own (imports): blocks the calling thread until
    /// the writer is free and the transaction is done. Never call it from a request.
    func writeBlocking<T: Sendable>(
        _ body: @escaping @Sendable (isolated any ContentTransaction) async throws -> T
    ) throws -> T
    /// Refreshes the statistics the query planner chooses indexes with (SQLite's `PRAGMA optimize`: cheap when
    /// little changed). The server runs it at start and every hour.
    func optimize() async throws
    /// Runs `body` on a private copy of the whole store, deleted afterwards: a job tried out there (a dry run)
    /// writes nothing to the real one and takes no lock on it.
    func withScratchCopy<T: Sendable>(_ body: @Sendable (any ContentStore) async throws -> T) async throws -> T
}

/// The operations available inside one transaction (``ContentStore/write(_:)``, ``ContentStore/read(_:)``).
///
/// An actor: a transaction's body, and the functions it calls, take it as an `isolated` parameter, so that they
/// run where the store's connection may be used (SQLite: the thread that holds the writer) and each call is a
/// plain call, not a hop between threads (decision 0010).
public protocol ContentTransaction: Actor {
    func network() async throws -> Network?
    func saveNetwork(_ network: Network) async throws
    func site(slug: Slug) async throws -> Site?
    func site(id: Int64) async throws -> Site?
    /// Every site, by slug.
    func sites() async throws -> [Site]
    /// Inserts a site; throws ``ContentError/slugTaken(_:)`` when its slug or host is used.
    func insertSite(_ site: Site) async throws -> Site
    func person(slug: Slug) async throws -> Person?
    func person(id: Int64) async throws -> Person?
    func insertPerson(_ person: Person) async throws -> Person
    func tag(siteID: Int64, slug: Slug) async throws -> Tag?
    func insertTag(_ tag: Tag) async throws -> Tag
    func article(id: Int64) async throws -> Article?
    func article(siteID: Int64, slug: Slug) async throws -> Article?
    /// The published articles of a site whose title, compared without case and extra spaces, is `title`.
    func publishedArticles(siteID: Int64, titled title: String) async throws -> [Article]
    /// Inserts or updates an article with its bylines and tags (by their ids); throws
    /// ``ContentError/slugTaken(_:)`` when another article of the site has its slug.
    func saveArticle(_ article: Article) async throws -> Article
    /// Replaces the people, places and organisations an article mentions.
    func setEntities(_ entities: [ArticleEntity], articleID: Int64) async throws
    /// Published articles of the network most similar to `input` (BM25 over shared stems, tags weighted),
    /// best first, without `excluding`.
    func similarArticles(to input: SimilarityInput, excluding: Int64?, limit: Int) async throws -> [Int64]
    /// Replaces the related articles listed under an article.
    func setRelatedArticles(_ related: [Int64], articleID: Int64) async throws
    /// The related articles listed under an article, best first.
    func relatedArticleIDs(articleID: Int64) async throws -> [Int64]
    /// Records that the editors do not want `relatedID` proposed as a LIRE AUSSI of `articleID` again.
    func rejectReadAlsoSuggestion(_ relatedID: Int64, articleID: Int64) async throws
    /// The articles the editors refused as LIRE AUSSI of `articleID`.
    func rejectedReadAlsoSuggestions(articleID: Int64) async throws -> Set<Int64>
    /// Makes a tag name a person, a place or an organisation (or, with `nil`, a plain tag again).
    func setTagKind(_ kind: TagKind?, tagID: Int64) async throws
    /// Replaces the references an article's body makes.
    func setReferences(from articleID: Int64, to references: [ArticleReference]) async throws
    /// The articles whose body refers to `articleID`.
    func articlesReferring(to articleID: Int64) async throws -> [Int64]
    /// The articles of a site with a reference, not yet resolved, to an article titled `title`.
    func articlesWithUnresolvedReference(siteID: Int64, title: String) async throws -> [Int64]
    /// The ids of articles rendered by a renderer older than `version`.
    func articlesRendered(before version: Int) async throws -> [Int64]
    /// Inserts a comment; throws ``ContentError/notFound(what:)`` when its parent belongs to another article.
    func insertComment(_ comment: Comment) async throws -> Comment
    /// Removes every comment of an article (before an import replaces them).
    func deleteComments(articleID: Int64) async throws

    // MARK: Staff

    func staff(id: Int64) async throws -> StaffMember?
    func staff(email: String) async throws -> StaffMember?
    /// Inserts a staff member; throws ``ContentError/slugTaken(_:)``-like ``ValidationErrors`` on a used e-mail.
    func insertStaff(_ staff: StaffMember) async throws -> StaffMember
    func updatePassword(staffID: Int64, hash: String) async throws
    func memberships(staffID: Int64) async throws -> [Membership]
    /// Gives, changes (or with `nil`, removes) a staff member's role on a site.
    func setRole(_ role: Role?, staffID: Int64, siteID: Int64) async throws
    func insertSession(
        tokenHash: String, staffID: Int64, csrfToken: String, createdAt: Date, expiresAt: Date
    ) async throws
    func deleteSession(tokenHash: String) async throws
    /// Ends every session of a staff member ("log out everywhere", password change).
    func deleteSessions(staffID: Int64) async throws
    /// Records a failed login for a throttling key (`email:…`, `ip:…`); returns the record's id.
    @discardableResult
    func recordLoginFailure(key: String, at: Date) async throws -> Int64
    /// The blogs (``addImportSource(siteID:blog:)``) whose exports were imported into a site.
    func importSources(siteID: Int64) async throws -> [String]
    /// Records that a blog's export was imported into a site (`awa.mondoblog.org`).
    func addImportSource(siteID: Int64, blog: String) async throws
    /// Withdraws one failure record (the attempt turned out to be a right password).
    func removeLoginFailure(id: Int64) async throws
    /// How many failures `key` has had since `since`.
    func loginFailures(key: String, since: Date) async throws -> Int
    func clearLoginFailures(key: String) async throws
    func insertPasswordReset(tokenHash: String, staffID: Int64, expiresAt: Date) async throws
    /// The staff member of an unused, unexpired reset token, which is used up by this call.
    func consumePasswordReset(tokenHash: String, now: Date) async throws -> Int64?
    func insertAudit(_ entry: AuditEntry) async throws
    func insertRevision(_ revision: Revision) async throws
    func revision(articleID: Int64, version: Int) async throws -> Revision?
    /// Scheduled articles whose time has come.
    func articlesDue(at now: Date) async throws -> [Int64]
    func insertMedia(_ item: MediaItem) async throws -> MediaItem
    /// The library's item for a file of the site (`path` under `media/`), if any.
    func mediaItem(siteID: Int64, path: String) async throws -> MediaItem?
    /// Changes a site's settings (slug excepted); throws ``ContentError/slugTaken(_:)`` for a host in use.
    func updateSite(_ site: Site) async throws
    func tag(id: Int64) async throws -> Tag?
    /// Renames a tag (its slug follows); throws ``ContentError/slugTaken(_:)`` when another tag has that slug.
    func renameTag(id: Int64, name: String, slug: Slug) async throws
    /// Moves every article of tag `source` to tag `target`, then removes `source`.
    func mergeTag(_ source: Int64, into target: Int64) async throws
    func deleteTag(id: Int64) async throws
    /// Every article of a site, whatever its state.
    func articleIDs(siteID: Int64) async throws -> [Int64]
    /// The articles whose body links to an article of the site.
    func articlesReferringToSite(_ siteID: Int64) async throws -> [Int64]

    // MARK: Comments

    func comment(id: Int64) async throws -> Comment?
    /// Saves a comment's text, status and verdicts.
    func updateComment(_ comment: Comment) async throws
    /// Whether a comment under this e-mail was ever approved (for "first-time" moderation).
    func hasApprovedComment(email: String) async throws -> Bool
    /// Records an event for a rate limit (`comment-ip:…`, `comment-article:…`).
    func recordRateEvent(key: String, at: Date) async throws
    func rateEvents(key: String, since: Date) async throws -> Int
    /// Every comment given under an e-mail address, oldest first.
    func comments(email: String) async throws -> [Comment]
    /// Deletes every comment given under an e-mail address (replies to them stay, as threads of their own);
    /// returns how many.
    func deleteComments(email: String) async throws -> Int
    /// How the classifier learnt from a comment: `spam`, `ham` or not yet (`nil`).
    func trainedLabel(commentID: Int64) async throws -> String?
    func setTrainedLabel(_ label: String?, commentID: Int64) async throws
    /// The classifier's counts for these tokens: how many spam and legitimate comments carried each.
    func tokenCounts(_ tokens: [String]) async throws -> [String: (spam: Int, ham: Int)]
    /// Adds `spam` and `ham` (±1) to the counts of each token.
    func addTokenCounts(_ tokens: [String], spam: Int, ham: Int) async throws
    /// A secret of the network (random, made on first use), for signatures.
    func secret(named name: String, orCreate make: () -> String) async throws -> String

    // MARK: Imports and exports

    /// The article imported from post `wpID` of `source` (`wordpress`, `kibaru`) or with `guid` into a site.
    func importedArticleID(siteID: Int64, source: String, wpID: Int64, guid: String) async throws -> Int64?
    /// Records (or updates) where an imported article came from.
    func setImportOrigin(_ origin: ImportOrigin) async throws
    /// Where each imported article of a site came from.
    func importOrigins(siteID: Int64) async throws -> [ImportOrigin]
    /// What became of comment `wpID` of `source` imported into a site; `nil` when it never was.
    func importedComment(siteID: Int64, source: String, wpID: Int64) async throws -> CommentOriginState?
    func setCommentOrigin(siteID: Int64, source: String, wpID: Int64, commentID: Int64) async throws
    /// Makes an old URL of a site (relative to it) redirect to `target`; replaces an earlier target.
    func setLegacyRedirect(siteID: Int64, path: String, target: String) async throws
    /// Every old URL of a site and its new home, by path.
    func legacyRedirects(siteID: Int64) async throws -> [(path: String, target: String)]
    /// Notes that an article's related articles are still to be computed (imports defer it).
    func markRelatedPending(articleID: Int64) async throws
    /// Articles whose related articles are still to be computed, oldest first.
    func relatedPending(limit: Int) async throws -> [Int64]
    /// How many articles wait for their related articles (a metric of the background queue).
    func relatedPendingCount() async throws -> Int
    func clearRelatedPending(articleID: Int64) async throws
    /// Every comment of an article, whatever its status, oldest first.
    func allComments(articleID: Int64) async throws -> [Comment]
    /// Every tag of a site, by slug.
    func tags(siteID: Int64) async throws -> [Tag]
    /// Every person credited on an article of the site, by slug.
    func people(siteID: Int64) async throws -> [Person]
}
