import Foundation

/// Sites and the network: their settings, and the network's secrets.
///
/// Part of every ``ContentTransaction``: its requirements run isolated to the transaction (decision 0010).
public protocol SiteRepository: Actor {
    func network() async throws -> Network?
    func saveNetwork(_ network: Network) async throws
    func site(slug: Slug) async throws -> Site?
    func site(id: Site.ID) async throws -> Site?
    /// Every site, by slug.
    func sites() async throws -> [Site]
    /// Inserts a site; throws ``ContentError/slugTaken(_:)`` when its slug or host is used.
    func insertSite(_ site: NewSite) async throws -> Site
    /// Changes a site's settings (slug excepted); throws ``ContentError/slugTaken(_:)`` for a host in use.
    func updateSite(_ site: Site) async throws
    /// A secret of the network (random, made on first use), for signatures.
    func secret(named name: String, orCreate make: () -> String) async throws -> String
}
