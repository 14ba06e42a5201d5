import Foundation
import KibaruCore
import Synchronization

/// The network and its sites, held in memory for every public request (a network may have a thousand sites, and
/// each page needs them to read its address). Read again from the store after this process changes a site or
/// the network (the change log says so at once), and at most a second after another process does.
public final class SiteDirectory: Sendable {
    /// What the directory holds at one moment.
    public struct Snapshot: Sendable {
        public let network: Network
        public let sitesBySlug: [String: Site]
        public let sitesByHost: [String: Site]
        /// When it was read from the store.
        let readAt: ContinuousClock.Instant
    }

    private let store: any ContentStore
    /// The snapshot, and how many times one was dropped (a snapshot read across a drop is not kept).
    private let state = Mutex<(snapshot: Snapshot?, drops: Int)>((nil, 0))
    /// How long a snapshot serves without news of a change: the delay for changes made by other processes.
    static let maximumAge: Duration = .seconds(1)

    /// A directory over `store`, dropping its snapshot whenever this process commits a change to a site or the
    /// network.
    public init(store: any ContentStore) {
        self.store = store
        store.observeCommittedChanges { [weak self] changes in
            if changes.contains(where: { Self.touchesSites($0.dependency) }) {
                self?.state.withLock { $0 = (nil, $0.drops + 1) }
            }
        }
    }

    static func touchesSites(_ dependency: ContentDependency) -> Bool {
        dependency == .sites || dependency == .network || dependency.key.hasPrefix("site:")
    }

    /// The network and sites as of at most a second ago (or of this process's last change to them).
    public func snapshot() async throws -> Snapshot {
        let (current, drops) = state.withLock { $0 }
        if let current, ContinuousClock.now - current.readAt < Self.maximumAge { return current }
        let readAt = ContinuousClock.now
        let network = try await store.network()
        let sites = try await store.sites()
        let snapshot = Snapshot(
            network: network, sitesBySlug: Dictionary(sites.map { ($0.slug.rawValue, $0) }) { first, _ in first },
            sitesByHost: Dictionary(sites.compactMap { site in site.host.map { ($0.lowercased(), site) } }) { first, _ in first },
            readAt: readAt)
        state.withLock { state in
            if state.drops == drops { state.snapshot = snapshot }
        }
        return snapshot
    }
}
