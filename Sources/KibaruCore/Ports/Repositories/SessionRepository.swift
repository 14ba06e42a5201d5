import Foundation

/// Staff sessions, password resets, and the records rate limits count (login failures, comments).
///
/// Part of every ``ContentTransaction``: its requirements run isolated to the transaction (decision 0010).
public protocol SessionRepository: Actor {
    func insertSession(
        tokenHash: String, staffID: StaffMember.ID, csrfToken: String, createdAt: Date, expiresAt: Date
    ) async throws
    func deleteSession(tokenHash: String) async throws
    /// Ends every session of a staff member ("log out everywhere", password change).
    func deleteSessions(staffID: StaffMember.ID) async throws
    /// Records a failed login for a throttling key (`email:…`, `ip:…`); returns the record's id.
    @discardableResult
    func recordLoginFailure(key: String, at: Date) async throws -> Int64
    /// Withdraws one failure record (the attempt turned out to be a right password).
    func removeLoginFailure(id: Int64) async throws
    /// How many failures `key` has had since `since`.
    func loginFailures(key: String, since: Date) async throws -> Int
    func clearLoginFailures(key: String) async throws
    func insertPasswordReset(tokenHash: String, staffID: StaffMember.ID, expiresAt: Date) async throws
    /// The staff member of an unused, unexpired reset token, which is used up by this call.
    func consumePasswordReset(tokenHash: String, now: Date) async throws -> StaffMember.ID?
    func insertAPIToken(_ token: NewAPIToken) async throws -> APIToken
    func apiToken(id: APIToken.ID) async throws -> APIToken?
    /// How many tokens a staff member holds.
    func apiTokenCount(staffID: StaffMember.ID) async throws -> Int
    /// Deletes a token: it is refused from the next request on.
    func deleteAPIToken(id: APIToken.ID) async throws
    /// Records that a token was used at `date`.
    func touchAPIToken(id: APIToken.ID, at date: Date) async throws
    /// Records an event for a rate limit (`comment-ip:…`, `comment-article:…`).
    func recordRateEvent(key: String, at: Date) async throws
    func rateEvents(key: String, since: Date) async throws -> Int
}
