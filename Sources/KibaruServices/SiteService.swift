import KibaruCore

/// Creates the network and its sites.
public struct SiteService: Sendable {
    let store: any ContentStore

    public init(store: any ContentStore) {
        self.store = store
    }

    /// Creates the network record; throws ``ValidationErrors`` for a bad title. Running it again only changes the
    /// title, so `kibaru init` can be repeated safely.
    public func initialize(_ network: Network) async throws {
        try network.validate()
        try await store.write { tx in try await tx.saveNetwork(network) }
    }

    /// Validates and stores a new site; throws ``ContentError/networkMissing`` before ``initialize(_:)``,
    /// ``ContentError/slugTaken(_:)`` when the slug or host is used.
    @discardableResult
    public func create(_ site: NewSite) async throws -> Site {
        try site.validate()
        return try await store.write { tx in
            guard try await tx.network() != nil else { throw ContentError.networkMissing }
            return try await tx.insertSite(site)
        }
    }
}
