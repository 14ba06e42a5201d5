import Foundation
import KibaruCore
import Metrics

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
    /// The device token to keep in the browser (see ``AuthService``): this browser is now known for this account.
    public var deviceToken: String
}

/// Logging in and out, with throttling per account and per address, kept in the store so that every node
/// counts the same failures.
///
/// The throttle cannot be raced: checking the counts and recording the attempt as a failure happen in one write
/// transaction, before the password is checked, and a right password then withdraws that record. Thirty guesses
/// sent at once are counted one after the other, and only the first ``accountFailureLimit`` reach bcrypt.
///
/// Guesses must not lock the account's owner out either: a browser that has logged in to an account keeps a
/// signed device token (a cookie), and its attempts are counted under that device, not under the account that
/// strangers' failures have throttled (OWASP's "device cookies").
public struct AuthService: Sendable {
    let store: any ContentStore & StaffStore
    let hasher: any PasswordHasher
    let now: @Sendable () -> Date
    private let deviceSecret = SecretCache(name: "device-token")

    /// Failures allowed per account (or per known device of the account) in ``throttleWindow`` before logins to
    /// it are refused.
    public static let accountFailureLimit = 5
    /// Failures allowed per client address in ``throttleWindow``.
    public static let addressFailureLimit = 20
    public static let throttleWindow: TimeInterval = 15 * 60
    /// How long a session lasts.
    public static let sessionLifetime: TimeInterval = 14 * 24 * 3600
    /// How long a browser stays known to an account after its last login.
    public static let deviceLifetime: TimeInterval = 365 * 24 * 3600

    public init(
        store: any ContentStore & StaffStore, hasher: any PasswordHasher, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.hasher = hasher
        self.now = now
    }

    /// Checks the password and opens a new session (a new token every login: no session fixation).
    /// - Parameters:
    ///   - device: the browser's device token, from an earlier login (any value is accepted: a token not signed
    ///     for this account is ignored).
    /// Throws ``LoginRefusal``.
    public func login(email: String, password: String, clientAddress: String, device: String? = nil) async throws
        -> OpenedSession
    {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        let secret = try await deviceSecret.value(from: store)
        let knownDevice = device.flatMap { Self.deviceNonce($0, email: email, secret: secret) }
        let accountKey = knownDevice.map { "device:\($0)" } ?? "email:\(email)"
        let addressKey = "ip:\(clientAddress)"
        let start = now()
        let since = start.addingTimeInterval(-AuthService.throttleWindow)
        // Check and record as one step: a failure until the password proves otherwise.
        let attempt = try await store.write { tx -> [Int64]? in
            guard try await tx.loginFailures(key: accountKey, since: since) < AuthService.accountFailureLimit,
                try await tx.loginFailures(key: addressKey, since: since) < AuthService.addressFailureLimit
            else { return nil }
            return [try await tx.recordLoginFailure(key: accountKey, at: start), try await tx.recordLoginFailure(key: addressKey, at: start)]
        }
        guard let attempt else {
            Self.count("throttled")
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
        guard let staff, matches else {
            Self.count("wrong")
            throw LoginRefusal.wrongCredentials
        }
        let staffID = staff.id
        Self.count("opened")
        let token = SecureToken.make(), csrf = SecureToken.make()
        let expires = start.addingTimeInterval(AuthService.sessionLifetime)
        let memberships = try await store.write { tx in
            for id in attempt { try await tx.removeLoginFailure(id: id) }
            try await tx.clearLoginFailures(key: accountKey)
            try await tx.insertSession(
                tokenHash: SecureToken.hash(token), staffID: staffID, csrfToken: csrf, createdAt: start, expiresAt: expires)
            return try await tx.memberships(staffID: staffID)
        }
        let nonce = knownDevice ?? SecureToken.make()
        return OpenedSession(
            token: token, session: StaffSession(staff: staff, memberships: memberships, csrfToken: csrf, expiresAt: expires),
            deviceToken: "\(nonce).\(SecureToken.hmac("device|\(email)|\(nonce)", secret: secret))")
    }

    /// Counts what became of a login attempt (`kibaru_logins_total{result}`).
    private static func count(_ result: String) {
        Counter(label: "kibaru_logins_total", dimensions: [("result", result)]).increment()
    }

    /// The nonce of a device token signed for `email`, or `nil`.
    private static func deviceNonce(_ token: String, email: String, secret: String) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, (20...64).contains(parts[0].count) else { return nil }
        let nonce = String(parts[0])
        let expected = SecureToken.hmac("device|\(email)|\(nonce)", secret: secret)
        return SecureToken.constantTimeEquals(expected, String(parts[1])) ? nonce : nil
    }

    /// The session of a cookie's token, if it is still valid.
    public func session(token: String) async throws -> StaffSession? {
        try await store.session(tokenHash: SecureToken.hash(token), now: now())
    }

    /// Ends one session.
    public func logout(token: String) async throws {
        try await store.write { tx in try await tx.deleteSession(tokenHash: SecureToken.hash(token)) }
    }

    /// Ends every session of a staff member, on every device.
    public func logoutEverywhere(staffID: StaffMember.ID) async throws {
        try await store.write { tx in try await tx.deleteSessions(staffID: staffID) }
    }
}
