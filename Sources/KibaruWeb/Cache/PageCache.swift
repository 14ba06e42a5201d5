import Foundation
import KibaruCore
import Synchronization

/// Reader pages as served, kept in memory so that a page nobody changed is served again without reading the store
/// or rendering, and dropped as soon as the store's change log names something the page showed.
///
/// Each page records what it showed (``ContentDependency``s: the article, its related articles, the cards of a
/// listing, the site's settings…). ``apply(_:)`` takes the log's entries, from this process's commits at once and
/// from other processes' every second, and drops exactly the pages that depend on what they name. A page rendered
/// from reads that began before a change the cache has already applied is not kept when that change touches it:
/// it may predate the change (``store(_:for:renderedAfter:)``).
///
/// Bounded in bytes: the pages used least recently go first. Lookups take a lock for a dictionary read and never
/// wait on the database.
public final class PageCache: Sendable {
    /// A page as requested: the host it was asked of (lowercase, without port) and its path.
    public struct Key: Hashable, Sendable {
        public var host: String
        public var path: String

        public init(host: String, path: String) {
            self.host = host
            self.path = path
        }

        /// The host of a request's `Host` header or authority: lowercase, without port.
        public static func host(ofAuthority authority: String) -> String {
            let host = authority[..<(authority.utf8.firstIndex(of: UInt8(ascii: ":")) ?? authority.endIndex)]
            // Most hosts are written in lowercase ASCII already: no new string is made for them.
            if host.utf8.contains(where: { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || $0 >= 0x80 }) {
                return host.lowercased()
            }
            return String(host)
        }
    }

    /// The bytes of a page with what it showed.
    public struct Page: Sendable {
        public var document: CachedDocument
        public var dependencies: Set<ContentDependency>
        /// When the page goes out of date by itself (comments closing, a news sitemap's window).
        public var expires: Date?

        public init(document: CachedDocument, dependencies: Set<ContentDependency>, expires: Date? = nil) {
            self.document = document
            self.dependencies = dependencies
            self.expires = expires
        }
    }

    /// What the cache did since it started, for `/metrics` and the benchmarks.
    public struct Statistics: Sendable, Equatable {
        public var hits = 0
        public var misses = 0
        public var stored = 0
        /// Pages dropped because a change named what they showed.
        public var invalidated = 0
        /// Pages dropped to stay within the size limit.
        public var evicted = 0
        public var pages = 0
        public var bytes = 0
    }

    private struct Entry {
        var page: Page
        var lastUse: UInt64
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var keysByDependency: [ContentDependency: Set<Key>] = [:]
        var bytes = 0
        var clock: UInt64 = 0
        /// Every change up to this id has been applied.
        var appliedChangeID: Int64
        /// The changes applied most recently, oldest first, to check pages rendered while they were applied.
        var recentChanges: [ContentChange] = []
        var statistics = Statistics()
    }

    /// The most bytes the pages may take together.
    public let capacity: Int
    private let state: Mutex<State>

    /// How many applied changes are remembered for ``store(_:for:renderedAfter:)``.
    static let recentChangeLimit = 20_000

    /// - Parameters:
    ///   - capacity: the most bytes the pages may take together; a page larger than an eighth of it is not kept.
    ///   - appliedChangeID: the store's newest change when the cache starts: changes up to it are reflected in
    ///     any page rendered from now on.
    public init(capacity: Int, appliedChangeID: Int64) {
        self.capacity = capacity
        self.state = Mutex(State(appliedChangeID: appliedChangeID))
    }

    /// The page stored for `key`, if any and not expired. A lookup that may not be the one answering (the
    /// pipeline's and the middleware's, before the route's) passes `counting: false` and reports the hit it
    /// answers with ``countHit()``, so that each request counts once.
    public func page(for key: Key, now: Date, counting: Bool = true) -> Page? {
        state.withLock { state in
            guard var entry = state.entries[key] else {
                if counting { state.statistics.misses += 1 }
                return nil
            }
            if let expires = entry.page.expires, expires <= now {
                Self.remove(key, from: &state)
                if counting { state.statistics.misses += 1 }
                return nil
            }
            state.clock += 1
            entry.lastUse = state.clock
            state.entries[key] = entry
            if counting { state.statistics.hits += 1 }
            return entry.page
        }
    }

    /// Counts a hit found by a lookup made with `counting: false` and answered.
    public func countHit() {
        state.withLock { $0.statistics.hits += 1 }
    }

    /// Keeps `page` for `key`, unless a change applied since `changeID` (the store's newest change when the reads
    /// that rendered it began) names something it shows: the page may not reflect that change.
    /// - Returns: whether the page was kept.
    @discardableResult
    public func store(_ page: Page, for key: Key, renderedAfter changeID: Int64) -> Bool {
        let size = page.document.byteCount
        guard size <= capacity / 8 else { return false }
        return state.withLock { state in
            if changeID < state.appliedChangeID {
                guard let oldest = state.recentChanges.first, oldest.id <= changeID + 1 else { return false }
                let missed = state.recentChanges.reversed().prefix { $0.id > changeID }
                if missed.contains(where: { page.dependencies.contains($0.dependency) }) { return false }
            }
            Self.remove(key, from: &state)
            state.clock += 1
            state.entries[key] = Entry(page: page, lastUse: state.clock)
            for dependency in page.dependencies { state.keysByDependency[dependency, default: []].insert(key) }
            state.bytes += size
            state.statistics.stored += 1
            if state.bytes > capacity { Self.evict(from: &state, downTo: capacity * 9 / 10) }
            return true
        }
    }

    /// Drops the pages that depend on what `changes` name. Changes already applied are skipped; they may come
    /// twice (after a commit of this process, then from the periodic read of the log).
    public func apply(_ changes: [ContentChange]) {
        state.withLock { state in
            for change in changes where change.id > state.appliedChangeID {
                state.appliedChangeID = change.id
                state.recentChanges.append(change)
                for key in state.keysByDependency[change.dependency] ?? [] {
                    Self.remove(key, from: &state)
                    state.statistics.invalidated += 1
                }
            }
            if state.recentChanges.count > Self.recentChangeLimit {
                state.recentChanges.removeFirst(state.recentChanges.count - Self.recentChangeLimit / 2)
            }
        }
    }

    /// The id up to which changes have been applied.
    public var appliedChangeID: Int64 { state.withLock { $0.appliedChangeID } }

    /// Forgets every page, and considers every change up to `changeID` applied (after the log was pruned past what
    /// the cache had applied: it cannot tell which pages are still right).
    public func clear(appliedChangeID changeID: Int64) {
        state.withLock { state in
            let statistics = state.statistics
            state = State(appliedChangeID: max(changeID, state.appliedChangeID))
            state.statistics = statistics
        }
    }

    public var statistics: Statistics {
        state.withLock { state in
            var statistics = state.statistics
            statistics.pages = state.entries.count
            statistics.bytes = state.bytes
            return statistics
        }
    }

    private static func remove(_ key: Key, from state: inout State) {
        guard let entry = state.entries.removeValue(forKey: key) else { return }
        state.bytes -= entry.page.document.byteCount
        for dependency in entry.page.dependencies {
            state.keysByDependency[dependency]?.remove(key)
            if state.keysByDependency[dependency]?.isEmpty == true { state.keysByDependency[dependency] = nil }
        }
    }

    /// Drops the pages used least recently until the pages take at most `limit` bytes.
    private static func evict(from state: inout State, downTo limit: Int) {
        let oldestFirst = state.entries.sorted { $0.value.lastUse < $1.value.lastUse }.map(\.key)
        for key in oldestFirst where state.bytes > limit {
            remove(key, from: &state)
            state.statistics.evicted += 1
        }
    }
}
