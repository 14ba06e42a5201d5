import Foundation
import KibaruCore
import KibaruText

/// What the admin shows a staff member: the sites they work on, the articles they may open, the audit log they
/// may read. Every answer comes from the permission matrix here, so that the admin's pages never decide access
/// themselves; what they hide is refused again by the service that makes the change.
public struct StaffWorkspace: Sendable {
    let store: any ContentStore & StaffStore

    public init(store: any ContentStore & StaffStore) {
        self.store = store
    }

    /// The sites the person works on: every site for a network administrator, the sites of their roles otherwise.
    public func sites(of actor: StaffSession) async throws -> [Site] {
        let all = try await store.sites()
        if actor.staff.isNetworkAdmin { return all }
        let ids = Set(actor.memberships.map(\.siteID))
        return all.filter { ids.contains($0.id) }
    }

    /// The sites where the person may do `action`.
    public func sites(where action: StaffAction, actor: StaffSession) async throws -> [Site] {
        try await store.sites().filter { actor.may(action, onSite: $0.id) }
    }

    /// The site called `slug` when the person may do `action` there; ``ContentError/notFound(what:)`` otherwise,
    /// so that nothing tells a stranger which sites exist.
    public func site(slug: Slug, for action: StaffAction, actor: StaffSession) async throws -> Site {
        guard let site = try await store.site(slug: slug), actor.may(action, onSite: site.id) else {
            throw ContentError.notFound(what: L("site « {site} »", ["site": "\(slug)"]))
        }
        return site
    }

    /// The site called `slug` when the person works on it; `nil` otherwise.
    public func workedSite(slug: Slug, actor: StaffSession) async throws -> Site? {
        guard let site = try await store.site(slug: slug),
            actor.staff.isNetworkAdmin || actor.role(onSite: site.id) != nil
        else { return nil }
        return site
    }

    /// An article with its site, when the person may edit it (their own, or others' where their role allows);
    /// ``ContentError/notFound(what:)`` otherwise: someone else's draft and its revisions are not shown.
    public func editableArticle(_ id: Article.ID, actor: StaffSession) async throws -> (article: Article, site: Site) {
        guard let article = try await store.article(id: id),
            actor.may(article.ownerID == actor.staff.id ? .editOwnArticle : .editOthersArticle, onSite: article.siteID),
            let site = try await store.sites().first(where: { $0.id == article.siteID })
        else { throw ContentError.notFound(what: L("article {id}", ["id": "\(id)"])) }
        return (article, site)
    }

    /// What the person may do on each of their sites, to show only the links and buttons that will work.
    public static func abilities(on site: Site, actor: StaffSession) -> SiteAbilities {
        SiteAbilities(
            manageStaff: actor.may(.manageStaff, onSite: site.id), manageTags: actor.may(.manageTags, onSite: site.id),
            manageSettings: actor.may(.manageSiteSettings, onSite: site.id),
            changeHost: actor.mayAcrossNetwork(.manageSites))
    }

    /// Whether the person may create sites.
    public static func mayCreateSites(_ actor: StaffSession) -> Bool {
        actor.mayAcrossNetwork(.manageSites)
    }

    /// Whether the person may read an audit log: the network's for its administrators, their sites' for owners.
    public static func mayReadAuditLog(_ actor: StaffSession) -> Bool {
        actor.mayAcrossNetwork(.viewAuditLog) || actor.memberships.contains { actor.may(.viewAuditLog, onSite: $0.siteID) }
    }

    /// The newest entries of the audit log the person may read (the whole network's for its administrators, their
    /// sites' for owners); ``ContentError/forbidden(action:)`` for anyone else.
    public func auditLog(actor: StaffSession, limit: Int) async throws -> [AuditEntry] {
        if actor.mayAcrossNetwork(.viewAuditLog) { return try await store.auditLog(siteIDs: nil, limit: limit) }
        let readable = actor.memberships.map(\.siteID).filter { actor.may(.viewAuditLog, onSite: $0) }
        guard !readable.isEmpty else { throw ContentError.forbidden(action: StaffAction.viewAuditLog.rawValue) }
        return try await store.auditLog(siteIDs: readable, limit: limit)
    }

    /// How many comments wait on the sites the person moderates; `nil` when none or when they moderate nowhere.
    public func pendingCommentCount(actor: StaffSession) async throws -> Int? {
        let siteIDs = try await sites(where: .moderateComments, actor: actor).map(\.id)
        guard !siteIDs.isEmpty, let pending = try await store.commentCounts(siteIDs: siteIDs)[.pending], pending > 0
        else { return nil }
        return pending
    }
}

/// What a staff member may do on one site, as the admin's pages show it.
public struct SiteAbilities: Sendable, Equatable {
    public var manageStaff: Bool
    public var manageTags: Bool
    public var manageSettings: Bool
    /// Giving the site its own host name, which only network administrators do.
    public var changeHost: Bool

    public init(manageStaff: Bool, manageTags: Bool, manageSettings: Bool, changeHost: Bool) {
        self.manageStaff = manageStaff
        self.manageTags = manageTags
        self.manageSettings = manageSettings
        self.changeHost = changeHost
    }
}
