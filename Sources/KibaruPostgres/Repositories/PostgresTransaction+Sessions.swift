import Foundation
import KibaruCore
import PostgresNIO

/// ``SessionRepository``: staff sessions, password resets and the records rate limits count.
extension PostgresTransaction {
    func insertSession(tokenHash: String, staffID: StaffMember.ID, csrfToken: String, createdAt: Date, expiresAt: Date) async throws {
        try await run("""
            INSERT INTO staff_session (token_hash, staff_id, csrf_token, created_at, expires_at)
            VALUES (\(tokenHash), \(staffID), \(csrfToken), \(createdAt), \(expiresAt))
            """)
        try await run("DELETE FROM staff_session WHERE expires_at < \(createdAt)")
    }

    func deleteSession(tokenHash: String) async throws {
        try await run("DELETE FROM staff_session WHERE token_hash = \(tokenHash)")
    }

    func deleteSessions(staffID: StaffMember.ID) async throws {
        try await run("DELETE FROM staff_session WHERE staff_id = \(staffID)")
    }

    func insertAPIToken(_ token: NewAPIToken) async throws -> APIToken {
        try token.validate()
        let scopes = token.scopes.sorted().map(\.rawValue).joined(separator: ",")
        let id = try await insertedID("""
            INSERT INTO api_token (staff_id, name, scopes, token_hash, prefix, created_at, last_used_at)
            VALUES (\(token.staffID), \(token.name), \(scopes), \(token.tokenHash), \(token.prefix), \(token.createdAt),
                \(token.lastUsedAt))
            RETURNING id
            """, of: APIToken.self)
        return APIToken(id: id, token)
    }

    func apiToken(id: APIToken.ID) async throws -> APIToken? {
        try await map("SELECT * FROM api_token WHERE id = \(id)", PostgresRowMapping.apiToken).first
    }

    func apiTokenCount(staffID: StaffMember.ID) async throws -> Int {
        Int(try await value("SELECT count(*) FROM api_token WHERE staff_id = \(staffID)", as: Int64.self) ?? 0)
    }

    func deleteAPIToken(id: APIToken.ID) async throws {
        try await run("DELETE FROM api_token WHERE id = \(id)")
    }

    func touchAPIToken(id: APIToken.ID, at date: Date) async throws {
        try await run("UPDATE api_token SET last_used_at = \(date) WHERE id = \(id)")
    }

    @discardableResult
    func recordLoginFailure(key: String, at: Date) async throws -> Int64 {
        guard let id = try await value("INSERT INTO login_failure (key, at) VALUES (\(key), \(at)) RETURNING id", as: Int64.self)
        else { throw ContentError.storeUnavailable(reason: "login_failure sans identifiant") }
        try await run("DELETE FROM login_failure WHERE at < \(at.addingTimeInterval(-86_400))")
        return id
    }

    func removeLoginFailure(id: Int64) async throws {
        try await run("DELETE FROM login_failure WHERE id = \(id)")
    }

    func loginFailures(key: String, since: Date) async throws -> Int {
        Int(try await value("SELECT count(*) FROM login_failure WHERE key = \(key) AND at >= \(since)", as: Int64.self) ?? 0)
    }

    func clearLoginFailures(key: String) async throws {
        try await run("DELETE FROM login_failure WHERE key = \(key)")
    }

    func insertPasswordReset(tokenHash: String, staffID: StaffMember.ID, expiresAt: Date) async throws {
        try await run("INSERT INTO password_reset (token_hash, staff_id, expires_at) VALUES (\(tokenHash), \(staffID), \(expiresAt))")
    }

    func consumePasswordReset(tokenHash: String, now: Date) async throws -> StaffMember.ID? {
        // One statement: a token used by two requests at once is used once.
        try await value("""
            UPDATE password_reset SET used_at = \(now)
            WHERE token_hash = \(tokenHash) AND used_at IS NULL AND expires_at > \(now)
            RETURNING staff_id
            """, as: StaffMember.ID.self)
    }

    func recordRateEvent(key: String, at: Date) async throws {
        try await run("INSERT INTO rate_event (key, at) VALUES (\(key), \(at))")
        try await run("DELETE FROM rate_event WHERE at < \(at.addingTimeInterval(-86_400))")
    }

    func rateEvents(key: String, since: Date) async throws -> Int {
        Int(try await value("SELECT count(*) FROM rate_event WHERE key = \(key) AND at >= \(since)", as: Int64.self) ?? 0)
    }
}
