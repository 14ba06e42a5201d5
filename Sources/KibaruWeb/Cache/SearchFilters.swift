import Foundation
import KibaruCore
import Synchronization

/// The choices a search page offers (a site's 50 most used tags and authors, the years it published in), held in
/// memory: reading them groups every link of the site, which grows with it, for each search. Dropped when this
/// process commits a change to a listing, a tag or a person (the change log says so at once), and read again at
/// most a second after another process's change.
final class SearchFilters: Sendable {
    /// The choices of one site, or of the network (years only).
    struct Choices: Sendable {
        let tags: [Tag]
        let people: [Person]
        let years: [Int]
        let readAt: ContinuousClock.Instant
    }

    private let store: any ContentStore
    /// The choices by site (`nil`: the network), the sites whose choices one caller is reading again, and how many
    /// times they were dropped (choices read across a drop are not kept).
    private let state = Mutex<(bySite: [Site.ID?: Choices], refreshing: Set<Site.ID?>, drops: Int)>(([:], [], 0))
    /// How long choices serve without news of a change: the delay for changes made by other processes.
    static let maximumAge: Duration = .seconds(1)

    init(store: any ContentStore) {
        self.store = store
        store.observeCommittedChanges { [weak self] changes in
            if changes.contains(where: { Self.touchesChoices($0.dependency) }) {
                self?.state.withLock { $0 = ([:], [], $0.drops + 1) }
            }
        }
    }

    static func touchesChoices(_ dependency: ContentDependency) -> Bool {
        let key = dependency.key
        return key.hasPrefix("listing:") || key.hasPrefix("tag:") || key.hasPrefix("person:") || dependency == .sites
    }

    /// The choices for a site's search page (`nil`: the network's), as of at most a second ago (or of this
    /// process's last change). Past that second, one caller reads them again while the others keep the ones held,
    /// so that readers arriving together do not all run the same grouping.
    func choices(siteID: Site.ID?) async throws -> Choices {
        enum Plan { case use(Choices), read(drops: Int, refreshing: Bool) }
        let plan = state.withLock { state -> Plan in
            guard let known = state.bySite[siteID] else { return .read(drops: state.drops, refreshing: false) }
            if ContinuousClock.now - known.readAt < Self.maximumAge || state.refreshing.contains(siteID) {
                return .use(known)
            }
            state.refreshing.insert(siteID)
            return .read(drops: state.drops, refreshing: true)
        }
        switch plan {
        case .use(let known): return known
        case .read(let drops, let refreshing):
            defer { if refreshing { state.withLock { _ = $0.refreshing.remove(siteID) } } }
            return try await read(siteID: siteID, drops: drops)
        }
    }

    /// Reads the choices of `siteID` and keeps them unless they were dropped meanwhile.
    private func read(siteID: Site.ID?, drops: Int) async throws -> Choices {
        let readAt = ContinuousClock.now
        var tags: [Tag] = [], people: [Person] = []
        if let siteID {
            tags = try await store.tagsInUse(siteID: siteID, limit: 50).map(\.tag)
            people = try await store.authorsInUse(siteID: siteID, limit: 50).map(\.person)
        }
        let choices = Choices(
            tags: tags, people: people, years: try await store.publicationYears(siteID: siteID), readAt: readAt)
        state.withLock { state in
            if state.drops == drops { state.bySite[siteID] = choices }
        }
        return choices
    }
}
