import Foundation
import KibaruCore
import KibaruText

/// Staff accounts: creation, roles, passwords, one-time reset links.
public struct StaffService: Sendable {
    let store: any ContentStore
    let hasher: any PasswordHasher
    let now: @Sendable () -> Date

    /// How long a reset link works.
    public static let resetLinkLifetime: TimeInterval = 24 * 3600

    public init(store: any ContentStore, hasher: any PasswordHasher, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.hasher = hasher
        self.now = now
    }

    /// Creates an account with a role on a site, or a network administrator (`role == nil`, `isNetworkAdmin`).
    /// The person signs articles under `name`. Throws ``ValidationErrors`` for a bad e-mail, name or password, or a
    /// used e-mail; ``ContentError/notFound(what:)`` for an unknown site; ``ContentError/forbidden(action:)`` when
    /// `actor` may not manage the site's staff (or, for a network administrator, the network's sites).
    /// - Parameter actor: the staff member adding the account; `nil` for the operator on the command line.
    @discardableResult
    public func add(
        email: String, name: String, password: String, role: Role?, siteSlug: Slug?, isNetworkAdmin: Bool,
        actor: StaffSession? = nil
    ) async throws -> StaffMember {
        if let problem = StaffMember.passwordProblem(password) {
            throw ValidationErrors([problem])
        }
        var staff = NewStaffMember(
            email: email.trimmed, name: name.trimmed, passwordHash: "", isNetworkAdmin: isNetworkAdmin, createdAt: now())
        try staff.validate()
        guard isNetworkAdmin || (role != nil && siteSlug != nil) else {
            throw ValidationErrors([FieldError(
                field: "role", message: "un rôle et un site sont nécessaires (ou le rôle admin)", code: "role-and-site")])
        }
        staff.passwordHash = try await hasher.hash(password)
        let pending = staff
        let timestamp = now()
        return try await store.write { tx in
            var fields = pending
            if let slug = Slug(rawValue: Slugify.slug(pending.name)) {
                let person = try await tx.person(slug: slug)
                fields.personID = if let person { person.id } else {
                    try await tx.insertPerson(NewPerson(slug: slug, name: pending.name)).id
                }
            }
            if pending.isNetworkAdmin, let actor, !actor.staff.isNetworkAdmin {
                throw ContentError.forbidden(action: StaffAction.manageSites.rawValue)
            }
            var site: Site?
            if role != nil, let siteSlug {
                guard let found = try await tx.site(slug: siteSlug) else {
                    throw ContentError.notFound(what: L("site « {site} »", ["site": "\(siteSlug)"]))
                }
                try StaffService.require(.manageStaff, onSite: found.id, actor: actor)
                site = found
            }
            let saved = try await tx.insertStaff(fields)
            if let role, let site {
                let siteID = site.id
                try await tx.setRole(role, staffID: saved.id, siteID: siteID)
                try await tx.insertAudit(NewAuditEntry(
                    at: timestamp, actorID: actor?.staff.id, actorName: actor?.staff.name ?? "ligne de commande", action: "staff.role",
                    siteID: siteID, subject: "\(saved.email) : \(role.rawValue)"))
            }
            if pending.isNetworkAdmin {
                try await tx.insertAudit(NewAuditEntry(
                    at: timestamp, actorID: actor?.staff.id, actorName: actor?.staff.name ?? "ligne de commande", action: "staff.admin",
                    siteID: nil, subject: saved.email))
            }
            return saved
        }
    }

    /// Gives, changes or (with `nil`) removes a role; recorded in the audit log. Throws
    /// ``ContentError/forbidden(action:)`` when `actor` may not manage the site's staff.
    /// - Parameter actor: the staff member changing the role; `nil` for the operator on the command line.
    public func setRole(_ role: Role?, email: String, siteSlug: Slug, actor: StaffSession?) async throws {
        let timestamp = now()
        try await store.write { tx in
            guard let site = try await tx.site(slug: siteSlug) else {
                throw ContentError.notFound(what: L("site « {site} »", ["site": "\(siteSlug)"]))
            }
            let siteID = site.id
            try StaffService.require(.manageStaff, onSite: siteID, actor: actor)
            guard let staff = try await tx.staff(email: email) else {
                throw ContentError.notFound(what: L("compte « {email} »", ["email": "\(email)"]))
            }
            let staffID = staff.id
            try await tx.setRole(role, staffID: staffID, siteID: siteID)
            try await tx.insertAudit(NewAuditEntry(
                at: timestamp, actorID: actor?.staff.id, actorName: actor?.staff.name ?? "ligne de commande", action: "staff.role",
                siteID: siteID, subject: "\(staff.email) : \(role?.rawValue ?? "aucun")"))
        }
    }

    /// Removes an account: its roles, sessions, API tokens and reset links go; the articles it wrote keep their
    /// bylines, and the audit log keeps its name. The last network administrator is never removed
    /// (``ValidationErrors``); only a network administrator removes accounts (``ContentError/forbidden(action:)``).
    /// - Parameter actor: who asks; `nil` for the operator on the command line.
    public func remove(email: String, actor: StaffSession?) async throws {
        if let actor, !actor.mayAcrossNetwork(.manageSites) {
            throw ContentError.forbidden(action: StaffAction.manageSites.rawValue)
        }
        let timestamp = now()
        try await store.write { tx in
            guard let staff = try await tx.staff(email: email.trimmed) else {
                throw ContentError.notFound(what: L("compte « {email} »", ["email": "\(email)"]))
            }
            if staff.isNetworkAdmin, try await tx.networkAdministratorCount() < 2 {
                throw ValidationErrors([FieldError(
                    field: "email",
                    message: "« \(staff.email) » est le dernier administrateur du réseau : nommez-en un autre d’abord",
                    code: "last-admin", values: ["value": staff.email])])
            }
            try await tx.deleteStaff(id: staff.id)
            try await tx.insertAudit(NewAuditEntry(
                at: timestamp, actorID: actor?.staff.id, actorName: actor?.staff.name ?? "ligne de commande",
                action: "staff.remove", siteID: nil, subject: staff.email))
        }
    }

    /// Sets a new password and ends every session of the account.
    public func setPassword(email: String, password: String) async throws {
        if let problem = StaffMember.passwordProblem(password) {
            throw ValidationErrors([problem])
        }
        let hash = try await hasher.hash(password)
        try await store.write { tx in
            guard let staff = try await tx.staff(email: email) else {
                throw ContentError.notFound(what: L("compte « {email} »", ["email": "\(email)"]))
            }
            let id = staff.id
            try await tx.updatePassword(staffID: id, hash: hash)
            try await tx.deleteSessions(staffID: id)
        }
    }

    /// A one-time token for `/admin/mot-de-passe/?jeton=…`, valid 24 hours.
    public func createResetToken(email: String) async throws -> String {
        let token = SecureToken.make()
        let expiry = now().addingTimeInterval(StaffService.resetLinkLifetime)
        try await store.write { tx in
            guard let staff = try await tx.staff(email: email) else {
                throw ContentError.notFound(what: L("compte « {email} »", ["email": "\(email)"]))
            }
            let id = staff.id
            try await tx.insertPasswordReset(tokenHash: SecureToken.hash(token), staffID: id, expiresAt: expiry)
        }
        return token
    }

    /// Creates a reset link for `email` and mails it in `language`; returns the link.
    /// - Parameters:
    ///   - baseURL: the network's public URL, without trailing slash.
    public func mailResetLink(
        email: String, baseURL: String, mailer: any MailSender, wording: MailWording, language: String
    ) async throws -> String {
        let link = "\(baseURL)/admin/mot-de-passe/?jeton=\(try await createResetToken(email: email))"
        try await mailer.send(wording.message("password", language: language, to: email.lowercased(), values: ["link": link]))
        return link
    }

    /// Uses a reset token to set a new password; throws ``ValidationErrors`` on `token` when it is unknown,
    /// used or expired.
    public func resetPassword(token: String, password: String) async throws {
        if let problem = StaffMember.passwordProblem(password) {
            throw ValidationErrors([problem])
        }
        let hash = try await hasher.hash(password)
        let timestamp = now()
        try await store.write { tx in
            guard let staffID = try await tx.consumePasswordReset(tokenHash: SecureToken.hash(token), now: timestamp) else {
                throw ValidationErrors([FieldError(
                    field: "token", message: "ce lien n’est plus valable : demandez-en un autre", code: "link-expired")])
            }
            try await tx.updatePassword(staffID: staffID, hash: hash)
            try await tx.deleteSessions(staffID: staffID)
        }
    }
}

extension StaffService {
    /// Refuses `action` on the site to a staff member whose role does not allow it; the operator (`nil`) may.
    static func require(_ action: StaffAction, onSite siteID: Site.ID, actor: StaffSession?) throws {
        guard let actor else { return }
        guard actor.may(action, onSite: siteID) else { throw ContentError.forbidden(action: action.rawValue) }
    }
}
