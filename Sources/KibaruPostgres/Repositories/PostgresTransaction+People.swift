import Foundation
import KibaruCore
import KibaruText
import PostgresNIO

/// ``PeopleRepository``: people credited on articles, staff, their roles and the audit log.
extension PostgresTransaction {
    func person(slug: Slug) async throws -> Person? {
        try await map("SELECT * FROM person WHERE slug = \(slug.rawValue)", PostgresRowMapping.person).first
    }

    func person(id: Person.ID) async throws -> Person? {
        try await map("SELECT * FROM person WHERE id = \(id)", PostgresRowMapping.person).first
    }

    func insertPerson(_ person: NewPerson) async throws -> Person {
        if try await self.person(slug: person.slug) != nil { throw ContentError.slugTaken(person.slug) }
        return Person(id: try await insertedID(
            "INSERT INTO person (slug, name, bio) VALUES (\(person.slug.rawValue), \(person.name), \(person.bio)) RETURNING id", of: Person.self), person)
    }

    func staff(id: StaffMember.ID) async throws -> StaffMember? {
        try await map("SELECT * FROM staff WHERE id = \(id)", PostgresRowMapping.staff).first
    }

    func staff(email: String) async throws -> StaffMember? {
        try await map("SELECT * FROM staff WHERE email = \(email.lowercased())", PostgresRowMapping.staff).first
    }

    func insertStaff(_ staff: NewStaffMember) async throws -> StaffMember {
        if try await self.staff(email: staff.email) != nil {
            throw ValidationErrors([FieldError(
                field: "email", message: "« \(staff.email) » a déjà un compte", code: "account-exists",
                values: ["value": staff.email])])
        }
        return StaffMember(id: try await insertedID("""
            INSERT INTO staff (email, name, password_hash, is_network_admin, person_id, created_at)
            VALUES (\(staff.email), \(staff.name), \(staff.passwordHash), \(staff.isNetworkAdmin), \(staff.personID),
                \(staff.createdAt))
            RETURNING id
            """, of: StaffMember.self), staff)
    }

    func deleteStaff(id: StaffMember.ID) async throws {
        try await run("DELETE FROM staff WHERE id = \(id)")
    }

    func networkAdministratorCount() async throws -> Int {
        Int(try await value("SELECT count(*) FROM staff WHERE is_network_admin", as: Int64.self) ?? 0)
    }

    func updatePassword(staffID: StaffMember.ID, hash: String) async throws {
        guard try await value("UPDATE staff SET password_hash = \(hash) WHERE id = \(staffID) RETURNING id", as: Int64.self) != nil
        else { throw ContentError.notFound(what: L("compte {staffID}", ["staffID": "\(staffID)"])) }
    }

    func memberships(staffID: StaffMember.ID) async throws -> [Membership] {
        try await map("SELECT * FROM membership WHERE staff_id = \(staffID) ORDER BY site_id", PostgresRowMapping.membership)
            .compactMap { $0 }
    }

    func setRole(_ role: Role?, staffID: StaffMember.ID, siteID: Site.ID) async throws {
        if let role {
            try await run("""
                INSERT INTO membership (staff_id, site_id, role) VALUES (\(staffID), \(siteID), \(role.rawValue))
                ON CONFLICT (staff_id, site_id) DO UPDATE SET role = excluded.role
                """)
        } else {
            try await run("DELETE FROM membership WHERE staff_id = \(staffID) AND site_id = \(siteID)")
        }
    }

    func insertAudit(_ entry: NewAuditEntry) async throws {
        try await run("""
            INSERT INTO audit_log (at, actor_id, actor_name, action, site_id, subject)
            VALUES (\(entry.at), \(entry.actorID), \(entry.actorName), \(entry.action), \(entry.siteID), \(entry.subject))
            """)
    }

    func people(siteID: Site.ID) async throws -> [Person] {
        try await map("""
            SELECT DISTINCT person.* FROM person JOIN article_author w ON w.person_id = person.id
            JOIN article a ON a.id = w.article_id WHERE a.site_id = \(siteID) ORDER BY person.slug
            """, PostgresRowMapping.person)
    }
}
