import Foundation

/// Something a reader page shows, named the way the store's change log names it: a page that showed it is out of
/// date once a change names it. The keys are those the store's triggers write (`article:12`, `listing:site:3`).
public struct ContentDependency: Hashable, Sendable, CustomStringConvertible {
    /// The key as the change log stores it.
    public let key: String

    public init(key: String) { self.key = key }

    public var description: String { key }

    /// An article as any page shows it: its page, its card in listings and feeds, its title in related articles
    /// (its text, title, date, address, bylines, tags, comment count).
    public static func article(_ id: Article.ID) -> Self { Self(key: "article:\(id)") }
    /// What only an article's own page shows: its approved comments, related articles and mentioned entities.
    public static func articlePage(_ id: Article.ID) -> Self { Self(key: "article-page:\(id)") }
    /// Which articles a site's listings (home, archives) hold and in what order.
    public static func siteListing(_ siteID: Site.ID) -> Self { Self(key: "listing:site:\(siteID)") }
    /// Which articles the network's front page holds.
    public static let networkListing = Self(key: "listing:network")
    public static func tagListing(_ tagID: Tag.ID) -> Self { Self(key: "listing:tag:\(tagID)") }
    public static func authorListing(_ personID: Person.ID) -> Self { Self(key: "listing:author:\(personID)") }
    public static func entityListing(siteID: Site.ID, slug: Slug) -> Self {
        Self(key: "listing:entity:\(siteID):\(slug.rawValue)")
    }
    /// Any change to a site's published articles that sitemaps show (addresses, dates of change, tags in use).
    public static func siteContent(_ siteID: Site.ID) -> Self { Self(key: "site-content:\(siteID)") }
    /// The approved comments of a site (its comment feed).
    public static func comments(siteID: Site.ID) -> Self { Self(key: "comments:\(siteID)") }
    /// A tag's name and kind.
    public static func tag(_ id: Tag.ID) -> Self { Self(key: "tag:\(id)") }
    /// A person's name, address and biography.
    public static func person(_ id: Person.ID) -> Self { Self(key: "person:\(id)") }
    /// A site's settings: title, tagline, language, time zone, host, comment rules.
    public static func site(_ id: Site.ID) -> Self { Self(key: "site:\(id)") }
    /// The list of sites: one added, removed or renamed.
    public static let sites = Self(key: "sites")
    /// The network's title and tagline, which every page shows.
    public static let network = Self(key: "network")
    /// Which sites ask for a content key (one added or deleted): the Content API's network listings leave those
    /// sites out.
    public static let contentKeys = Self(key: "content-keys")
}

/// One entry of the store's change log: a committed transaction changed what `dependency` names.
public struct ContentChange: Sendable, Equatable {
    /// Increasing in commit order.
    public var id: Int64
    public var dependency: ContentDependency

    public init(id: Int64, dependency: ContentDependency) {
        self.id = id
        self.dependency = dependency
    }
}

/// The log of what committed writes changed, kept by the store in the transactions that make the changes (every
/// write, from any process: the server, an import on the command line, another node), so that page caches drop
/// exactly the pages that showed it.
public protocol ContentChangeLog: Sendable {
    /// The id of the newest change committed (0 when none).
    func latestChangeID() async throws -> Int64
    /// The changes after `id`, oldest first, at most `limit`; `nil` when changes after `id` were pruned already
    /// (a reader that fell that far behind must forget everything it derived).
    func changes(after id: Int64, limit: Int) async throws -> [ContentChange]?
    /// Calls `handler` with the changes of each write transaction this process commits, right after the commit
    /// and before the write returns to its caller. A store may also hand it other processes' changes as soon as it
    /// learns of them, and an entry more than once.
    func observeCommittedChanges(_ handler: @escaping @Sendable ([ContentChange]) -> Void)
    /// Forgets changes committed before `date`; returns how many.
    func pruneChanges(before date: Date) async throws -> Int
}
