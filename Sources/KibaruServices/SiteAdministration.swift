import Foundation
import KibaruCore
import KibaruMarkdown
import KibaruText

/// What an owner changes on their site, and what an editor does to its tags; every change is checked against
/// the permission matrix and written to the audit log in the same transaction.
public struct SiteAdministration: Sendable {
    let store: any ContentStore
    let now: @Sendable () -> Date

    public init(store: any ContentStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    /// Saves a site's settings. A new time zone moves permalinks' dates, so the articles that link to this site's
    /// articles are rendered again; switching French typography renders the site's articles again.
    /// A site's host name decides which site a request reaches: only network administrators change it
    /// (``ContentError/forbidden(action:)`` for others, nothing saved), and no site takes `networkHost`, the
    /// network's own (``ValidationErrors``).
    public func updateSettings(_ site: Site, actor: StaffSession, networkHost: String? = nil) async throws {
        try site.fields.validate()
        let timestamp = now()
        try await store.write { tx in
            let id = site.id
            try SiteAdministration.require(.manageSiteSettings, siteID: id, actor: actor)
            if let current = try await tx.site(id: id), current.host != site.host {
                guard actor.mayAcrossNetwork(.manageSites) else {
                    throw ContentError.forbidden(action: SiteAdministration.hostChange)
                }
                if let host = site.host, host == networkHost {
                    throw ValidationErrors([FieldError(
                        field: "host", message: "ce nom d’hôte est celui du réseau : un site ne peut pas le prendre",
                        code: "network-host")])
                }
            }
            try await SiteAdministration.update(site, in: tx)
            try await tx.insertAudit(NewAuditEntry(
                at: timestamp, actorID: actor.staff.id, actorName: actor.staff.name, action: "site.settings",
                siteID: id, subject: site.slug.rawValue))
        }
    }

    /// The action named by the refusal of a host name change.
    public static let hostChange = "site.host"

    /// Creates a site, for a network administrator; recorded in the audit log in the same transaction. Throws
    /// ``ContentError/forbidden(action:)`` for anyone else, ``ValidationErrors`` and
    /// ``ContentError/slugTaken(_:)`` as ``SiteService/create(_:)`` does.
    public func createSite(_ site: NewSite, actor: StaffSession) async throws -> Site {
        guard actor.mayAcrossNetwork(.manageSites) else { throw ContentError.forbidden(action: StaffAction.manageSites.rawValue) }
        try site.validate()
        let timestamp = now()
        return try await store.write { tx in
            guard try await tx.network() != nil else { throw ContentError.networkMissing }
            let created = try await tx.insertSite(site)
            try await tx.insertAudit(NewAuditEntry(
                at: timestamp, actorID: actor.staff.id, actorName: actor.staff.name, action: "site.create",
                siteID: created.id, subject: created.slug.rawValue))
            return created
        }
    }

    /// Saves a site's settings for the operator (`kibaru site config`), who needs no role.
    public func updateSettings(_ site: Site) async throws {
        try site.fields.validate()
        try await store.write { tx in try await SiteAdministration.update(site, in: tx) }
    }

    private static func update(_ site: Site, in tx: isolated any ContentTransaction) async throws {
        let id = site.id
        guard let current = try await tx.site(id: id) else {
            throw ContentError.notFound(what: L("site « {site} »", ["site": "\(site.slug)"]))
        }
        try await tx.updateSite(site)
        // Typography and the words of blocks (« LIRE AUSSI », « Crédit ») are in the stored HTML.
        if current.frenchTypography != site.frenchTypography || current.language != site.language {
            for articleID in try await tx.articleIDs(siteID: id) {
                try await ArticleService.rerender(articleID: articleID, in: tx, renderer: .init())
            }
        }
        if current.timeZone != site.timeZone {
            for referrer in try await tx.articlesReferringToSite(id) {
                try await ArticleService.rerender(articleID: referrer, in: tx, renderer: .init())
            }
        }
    }

    /// Renames a tag; its slug follows the new name.
    public func renameTag(_ tagID: Tag.ID, to name: String, actor: StaffSession) async throws {
        let timestamp = now()
        try await store.write { tx in
            let tag = try await SiteAdministration.manageableTag(tagID, tx: tx, actor: actor)
            var renamed = tag
            renamed.name = name.trimmed
            try renamed.fields.validate()
            guard let slug = Slug(rawValue: Slugify.slug(renamed.name)) else {
                throw ValidationErrors([FieldError(field: "name", message: "ce nom ne donne aucun identifiant d’URL", code: "no-slug")])
            }
            try await tx.renameTag(id: tagID, name: renamed.name, slug: slug)
            try await tx.insertAudit(NewAuditEntry(
                at: timestamp, actorID: actor.staff.id, actorName: actor.staff.name, action: "tag.rename",
                siteID: tag.siteID, subject: "\(tag.name) → \(renamed.name)"))
        }
    }

    /// Moves the articles of one tag to another of the same site and removes the first.
    public func mergeTag(_ tagID: Tag.ID, into targetID: Tag.ID, actor: StaffSession) async throws {
        let timestamp = now()
        try await store.write { tx in
            let tag = try await SiteAdministration.manageableTag(tagID, tx: tx, actor: actor)
            let target = try await SiteAdministration.manageableTag(targetID, tx: tx, actor: actor)
            guard tag.siteID == target.siteID, tagID != targetID else {
                throw ValidationErrors([FieldError(
                    field: "into", message: "choisissez une autre étiquette du même site", code: "other-tag")])
            }
            try await tx.mergeTag(tagID, into: targetID)
            try await tx.insertAudit(NewAuditEntry(
                at: timestamp, actorID: actor.staff.id, actorName: actor.staff.name, action: "tag.merge",
                siteID: tag.siteID, subject: "\(tag.name) → \(target.name)"))
        }
    }

    /// Removes a tag from every article and deletes it.
    public func deleteTag(_ tagID: Tag.ID, actor: StaffSession) async throws {
        let timestamp = now()
        try await store.write { tx in
            let tag = try await SiteAdministration.manageableTag(tagID, tx: tx, actor: actor)
            try await tx.deleteTag(id: tagID)
            try await tx.insertAudit(NewAuditEntry(
                at: timestamp, actorID: actor.staff.id, actorName: actor.staff.name, action: "tag.delete",
                siteID: tag.siteID, subject: tag.name))
        }
    }

    /// The tags of a site with their number of articles, by name, for someone who may manage them there
    /// (``ContentError/forbidden(action:)`` otherwise).
    public static func tagsWithCounts(siteSlug: Slug, actor: StaffSession, store: any ContentStore & StaffStore)
        async throws -> [(tag: Tag, count: Int)]
    {
        guard let site = try await store.site(slug: siteSlug) else { throw ContentError.notFound(what: L("site « {site} »", ["site": "\(siteSlug)"])) }
        try require(.manageTags, siteID: site.id, actor: actor)
        return try await store.tagsWithCounts(siteID: site.id)
    }

    static func manageableTag(_ id: Tag.ID, tx: isolated any TaxonomyRepository, actor: StaffSession) async throws -> Tag {
        guard let tag = try await tx.tag(id: id) else { throw ContentError.notFound(what: L("étiquette {id}", ["id": "\(id)"])) }
        try require(.manageTags, siteID: tag.siteID, actor: actor)
        return tag
    }

    static func require(_ action: StaffAction, siteID: Site.ID, actor: StaffSession) throws {
        guard actor.may(action, onSite: siteID) else { throw ContentError.forbidden(action: action.rawValue) }
    }
}
