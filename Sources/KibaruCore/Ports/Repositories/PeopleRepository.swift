import Foundation

/// People credited on articles, staff, their roles, and the audit log of what staff did.
///
/// Part of every ``ContentTransaction``: its requirements run isolated to the transaction (decision 0010).
public protocol PeopleRepository: Actor {
    func person(slug: Slug) async throws -> Person?
    func person(id: Int64) async throws -> Person?
    func insertPerson(_ person: Person) async throws -> Person
    func staff(id: Int64) async throws -> StaffMember?
    func staff(email: String) async throws -> StaffMember?
    /// Inserts a staff member; throws ``ContentError/slugTaken(_:)``-like ``ValidationErrors`` on a used e-mail.
    func insertStaff(_ staff: StaffMember) async throws -> StaffMember
    func updatePassword(staffID: Int64, hash: String) async throws
    func memberships(staffID: Int64) async throws -> [Membership]
    /// Gives, changes (or with `nil`, removes) a staff member's role on a site.
    func setRole(_ role: Role?, staffID: Int64, siteID: Int64) async throws
    func insertAudit(_ entry: AuditEntry) async throws
    /// Every person credited on an article of the site, by slug.
    func people(siteID: Int64) async throws -> [Person]
}
