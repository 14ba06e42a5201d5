import Foundation
import KibaruCore
import KibaruText

/// API tokens: made for a staff member with scopes (the secret is shown once and only its SHA-256 kept), listed,
/// revoked; and the session the token of a request opens. Making and revoking are written to the audit log.
///
/// A token is looked up on every request, so a revoked one is refused at once, on every node. A token acts as its
/// owner with their roles of the moment (a role taken away is taken from their tokens too), limited to its
/// scopes: ``StaffSession/may(_:onSite:)`` asks both, in every service.
public struct APITokenService: Sendable {
    let store: any ContentStore & StaffStore
    let now: @Sendable () -> Date

    /// A token's use is written at most this often: a write on every request would hold the store's writer.
    public static let useRecordInterval: TimeInterval = 3600
    /// The most tokens one person may hold.
    public static let tokensPerPerson = 20

    public init(store: any ContentStore & StaffStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    /// A token just made, with its secret: the only time the secret is known.
    public struct Created: Sendable {
        public var token: APIToken
        public var secret: String
    }

    /// Makes a token for `staffID`. `actor` is who asks: the person themselves or a network administrator (`nil`:
    /// the command line). Throws ``ValidationErrors`` for a missing name or scope, ``ContentError/forbidden(action:)``
    /// for someone else's token.
    public func create(name: String, scopes: Set<TokenScope>, for staffID: StaffMember.ID, actor: StaffMember?)
        async throws -> Created
    {
        if let actor, actor.id != staffID, !actor.isNetworkAdmin { throw ContentError.forbidden(action: "createToken") }
        let secret = SecureToken.secret(prefix: APIToken.secretPrefix)
        let timestamp = now()
        let token = try await store.write { tx in
            guard let owner = try await tx.staff(id: staffID) else { throw ContentError.notFound(what: L("compte {staffID}", ["staffID": "\(staffID)"])) }
            // Counted in the transaction that adds: tokens made at the same instant are counted one after the other.
            guard try await tx.apiTokenCount(staffID: staffID) < Self.tokensPerPerson else {
                throw ValidationErrors([FieldError(
                    field: "name", message: "\(Self.tokensPerPerson) jetons au plus par personne : révoquez-en un d’abord",
                    code: "tokens-limit", values: ["max": "\(Self.tokensPerPerson)"])])
            }
            let token = try await tx.insertAPIToken(NewAPIToken(
                staffID: staffID, name: name.trimmed, scopes: scopes, tokenHash: secret.hash, prefix: secret.shownStart,
                createdAt: timestamp))
            try await tx.insertAudit(NewAuditEntry(
                at: timestamp, actorID: actor?.id, actorName: actor?.name ?? "ligne de commande", action: "token.create",
                siteID: nil,
                subject: "jeton \(token.id) « \(token.name) » de \(owner.email) : \(token.scopes.sorted().map(\.rawValue).joined(separator: ", "))"))
            return token
        }
        return Created(token: token, secret: secret.text)
    }

    /// The tokens of `staffID`, or everyone's with `nil`, newest first.
    public func tokens(of staffID: StaffMember.ID?) async throws -> [APIToken] {
        try await store.apiTokens(staffID: staffID)
    }

    /// Revokes a token: refused from the next request on. `actor` as for ``create(name:scopes:for:actor:)``.
    @discardableResult
    public func revoke(_ id: APIToken.ID, actor: StaffMember?) async throws -> APIToken {
        let timestamp = now()
        return try await store.write { tx in
            guard let token = try await tx.apiToken(id: id), actor.map({ $0.id == token.staffID || $0.isNetworkAdmin }) ?? true
            else { throw ContentError.notFound(what: L("jeton {id}", ["id": "\(id)"])) }
            try await tx.deleteAPIToken(id: id)
            try await tx.insertAudit(NewAuditEntry(
                at: timestamp, actorID: actor?.id, actorName: actor?.name ?? "ligne de commande", action: "token.revoke",
                siteID: nil, subject: "jeton \(token.id) « \(token.name) »"))
            return token
        }
    }

    /// The token of the secret of an `Authorization: Bearer` header and the session it opens, or `nil` for an
    /// unknown or revoked token.
    public func session(bearer secret: String) async throws -> (token: APIToken, session: StaffSession)? {
        guard secret.hasPrefix(APIToken.secretPrefix), secret.utf8.count <= 100 else { return nil }
        let timestamp = now()
        guard let (token, session) = try await store.apiSession(tokenHash: SecureToken.hash(secret), now: timestamp) else {
            return nil
        }
        if token.lastUsedAt.map({ timestamp.timeIntervalSince($0) >= Self.useRecordInterval }) ?? true {
            try await store.write { tx in try await tx.touchAPIToken(id: token.id, at: timestamp) }
        }
        return (token, session)
    }
}
