import Foundation
import KibaruCore
import KibaruText

/// Content keys: a site's owners make one per partner that reads the site's content through the Content API (the
/// key is shown once and only its SHA-256 kept), list and revoke them; the API asks which key a request carries.
/// A site with at least one key asks for one on every read of its content; with none, its content is public, as
/// on its pages. Making and revoking are written to the audit log.
public struct ContentKeyService: Sendable {
    let store: any ContentStore
    let now: @Sendable () -> Date

    /// The most keys one site may hold.
    public static let keysPerSite = 50

    public init(store: any ContentStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    /// A key just made, with its text: the only time the text is known.
    public struct Created: Sendable {
        public var key: ContentKey
        public var text: String
    }

    /// Makes a key for the site. Throws ``ValidationErrors`` for a missing name or too many keys,
    /// ``ContentError/notFound(what:)`` for an unknown site, ``ContentError/forbidden(action:)`` when `actor` may
    /// not change the site's settings.
    /// - Parameter actor: who asks; `nil` for the operator on the command line.
    public func create(name: String, siteSlug: Slug, actor: StaffSession?) async throws -> Created {
        let secret = SecureToken.secret(prefix: ContentKey.keyPrefix)
        let timestamp = now()
        let key = try await store.write { tx in
            let site = try await ContentKeyService.site(siteSlug, tx: tx, actor: actor)
            guard try await tx.contentKeys(siteID: site.id).count < Self.keysPerSite else {
                throw ValidationErrors([FieldError(
                    field: "name", message: "\(Self.keysPerSite) clés au plus par site : révoquez-en une d’abord",
                    code: "keys-limit", values: ["max": "\(Self.keysPerSite)"])])
            }
            let key = try await tx.insertContentKey(NewContentKey(
                siteID: site.id, name: name.trimmed, keyHash: secret.hash, prefix: secret.shownStart, createdAt: timestamp))
            try await tx.insertAudit(NewAuditEntry(
                at: timestamp, actorID: actor?.staff.id, actorName: actor?.staff.name ?? "ligne de commande",
                action: "content-key.create", siteID: site.id, subject: "clé \(key.id) « \(key.name) »"))
            return key
        }
        return Created(key: key, text: secret.text)
    }

    /// Revokes a key of the site: refused from the next request on (the API's cached answers about the site go
    /// with it). Throws ``ContentError/notFound(what:)`` for a key of another site.
    public func revoke(_ id: ContentKey.ID, siteSlug: Slug, actor: StaffSession?) async throws {
        let timestamp = now()
        try await store.write { tx in
            let site = try await ContentKeyService.site(siteSlug, tx: tx, actor: actor)
            guard let key = try await tx.contentKey(id: id), key.siteID == site.id else {
                throw ContentError.notFound(what: L("clé {id}", ["id": "\(id)"]))
            }
            try await tx.deleteContentKey(id: id)
            try await tx.insertAudit(NewAuditEntry(
                at: timestamp, actorID: actor?.staff.id, actorName: actor?.staff.name ?? "ligne de commande",
                action: "content-key.revoke", siteID: site.id, subject: "clé \(key.id) « \(key.name) »"))
        }
    }

    /// The site and its keys, oldest first, for someone who may change its settings.
    public func keys(siteSlug: Slug, actor: StaffSession?) async throws -> (site: Site, keys: [ContentKey]) {
        try await store.read { tx in
            let site = try await ContentKeyService.site(siteSlug, tx: tx, actor: actor)
            return (site, try await tx.contentKeys(siteID: site.id))
        }
    }

    /// The sites that ask for a key, and the site of the key `text` (`nil` when there is none or it is unknown):
    /// what the Content API needs to answer a request, read in one transaction.
    public func access(key text: String?) async throws -> ContentAccess {
        try await store.read { tx in
            let keyed = try await tx.sitesAskingForContentKeys()
            guard !keyed.isEmpty, let text, !text.isEmpty else { return ContentAccess(keyedSites: keyed, keySite: nil) }
            return ContentAccess(keyedSites: keyed, keySite: try await tx.contentKey(keyHash: SecureToken.hash(text))?.siteID)
        }
    }

    private static func site(_ slug: Slug, tx: isolated any ContentTransaction, actor: StaffSession?) async throws -> Site {
        guard let site = try await tx.site(slug: slug) else { throw ContentError.notFound(what: L("site « {site} »", ["site": "\(slug)"])) }
        if let actor, !actor.may(.manageSiteSettings, onSite: site.id) {
            throw ContentError.forbidden(action: StaffAction.manageSiteSettings.rawValue)
        }
        return site
    }
}

/// What a request may read through the Content API: every site's content but that of the sites asking for a key,
/// whose content it reads only with one of their keys.
public struct ContentAccess: Sendable, Equatable {
    /// The sites that ask for a key.
    public var keyedSites: Set<Site.ID>
    /// The site of the request's key, when it carries a valid one.
    public var keySite: Site.ID?

    public init(keyedSites: Set<Site.ID>, keySite: Site.ID?) {
        self.keyedSites = keyedSites
        self.keySite = keySite
    }

    /// Whether the request may read the site's content.
    public func mayRead(_ siteID: Site.ID) -> Bool {
        !keyedSites.contains(siteID) || keySite == siteID
    }
}
