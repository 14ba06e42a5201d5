import Foundation

/// People credited on articles, staff, their roles, and the audit log of what staff did.
///
/// Part of every ``ContentTransaction``: its requirements run isolated to the transaction (decision 0010).
public protocol PeopleRepository: Actor {
    func person(slug: Slug) async throws -> Person?
    func person(id: Person.ID) async throws -> Person?
    func insertPerson(_ person: NewPerson) async throws -> Person
    func staff(id: StaffMember.ID) async throws -> StaffMember?
    func staff(email: String) async throws -> StaffMember?
    /// Inserts a staff member; throws ``ContentError/slugTaken(_:)``-like ``ValidationErrors`` on a used e-mail.
    func insertStaff(_ staff: NewStaffMember) async throws -> StaffMember
    func updatePassword(staffID: StaffMember.ID, hash: String) async throws
    /// Deletes an account with its roles, sessions, tokens and reset links; its articles and audit entries stay,
    /// without their owner.
    func deleteStaff(id: StaffMember.ID) async throws
    /// How many network administrators there are.
    func networkAdministratorCount() async throws -> Int
    func memberships(staffID: StaffMember.ID) async throws -> [Membership]
    /// Gives, changes (or with `nil`, removes) a staff member's role on a site.
    func setRole(_ role: Role?, staffID: StaffMember.ID, siteID: Site.ID) async throws
    func insertAudit(_ entry: NewAuditEntry) async throws
    /// Every person credited on an article of the site, by slug.
    func people(siteID: Site.ID) async throws -> [Person]
}
