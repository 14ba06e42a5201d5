import Foundation
import KibaruCore

/// Why a login was refused, in words for the login page.
public enum LoginRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// Wrong e-mail or password (never says which).
    case wrongCredentials
    /// Too many failures for this account or address: try again after `minutes`.
    case throttled(minutes: Int)

    public var description: String {
        switch self {
        case .wrongCredentials: "Adresse e-mail ou mot de passe incorrect."
        case .throttled(let minutes):
            "Trop de tentatives de connexion. Réessayez dans \(minutes) minute\(minutes > 1 ? "s" : "")."
        }
    }
}

/// A session just opened: the token goes in the cookie, never in the database.
public struct OpenedSession: Sendable {
    public var token: String
    public var session: StaffSession
}

/// Logging in and out, with throttling per account and per address, kept in the store so that every node
/// counts the same failures.
public struct AuthService: Sendable {
    let store: any ContentStore & StaffStore
    let hasher: any PasswordHasher
    let now: @Sendable () -> Date

    /// Failures allowed per account in ``throttleWindow`` before logins to it are refused.
    public static let accountFailureLimit = 5
    /// Failures allowed per client address in ``throttleWindow``.
    public static let addressFailureLimit = 20
    public static let throttleWindow: TimeInterval = 15 * 60
    /// How long a session lasts.
    public static let sessionLifetime: TimeInterval = 14 * 24 * 3600

    public init(
        store: any ContentStore & StaffStore, hasher: any PasswordHasher, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.hasher = hasher
        self.now = now
    }

    /// Checks the password and opens a new session (a new token every login: no session fixation).
    /// Throws ``LoginRefusal``.
    public func login(email: String, password: String, clientAddress: String) async throws -> OpenedSession {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        let accountKey = "email:\(email)", addressKey = "ip:\(clientAddress)"
        let start = now()
        let since = start.addingTimeInterval(-AuthService.throttleWindow)
        let (accountFailures, addressFailures) = try await store.write { tx in
            (try tx.loginFailures(key: accountKey, since: since), try tx.loginFailures(key: addressKey, since: since))
        }
        if accountFailures >= AuthService.accountFailureLimit || addressFailures >= AuthService.addressFailureLimit {
            throw LoginRefusal.throttled(minutes: Int(AuthService.throttleWindow / 60))
        }
        let staff = try await store.staff(email: email)
        let matches: Bool
        if let staff {
            matches = await hasher.verify(password, hash: staff.passwordHash)
        } else {
            _ = try await hasher.hash(password)  // as slow as a check, so the answer does not tell who has an account
            matches = false
        }
        guard let staff, let staffID = staff.id, matches else {
            try await store.write { tx in
                try tx.recordLoginFailure(key: accountKey, at: start)
                try tx.recordLoginFailure(key: addressKey, at: start)
            }
            throw LoginRefusal.wrongCredentials
        }
        let token = SecureToken.make(), csrf = SecureToken.make()
        let expires = start.addingTimeInterval(AuthService.sessionLifetime)
        let memberships = try await store.write { tx in
            try tx.clearLoginFailures(key: accountKey)
            try tx.insertSession(
                tokenHash: SecureToken.hash(token), staffID: staffID, csrfToken: csrf, createdAt: start, expiresAt: expires)
            return try tx.memberships(staffID: staffID)
        }
        return OpenedSession(
            token: token, session: StaffSession(staff: staff, memberships: memberships, csrfToken: csrf, expiresAt: expires))
    }

    /// The session of a cookie's token, if it is still valid.
    public func session(token: String) async throws -> StaffSession? {
        try await store.session(tokenHash: SecureToken.hash(token), now: now())
    }

    /// Ends one session.
    public func logout(token: String) async throws {
        try await store.write { tx in try tx.deleteSession(tokenHash: SecureToken.hash(token)) }
    }

    /// Ends every session of a staff member, on every device.
    public func logoutEverywhere(staffID: Int64) async throws {
        try await store.write { tx in try tx.deleteSessions(staffID: staffID) }
    }
}
