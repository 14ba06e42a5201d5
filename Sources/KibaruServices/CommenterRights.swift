import Foundation
import KibaruCore
import KibaruText

/// One comment as its author receives it in an export.
public struct ExportedComment: Codable, Equatable, Sendable {
    public var id: Comment.ID
    public var article: String
    public var url: String?
    public var date: Date
    public var name: String
    public var website: String?
    public var text: String
    public var status: String
}

/// Readers' rights over what they wrote: a copy of every comment given under their e-mail, or their erasure.
/// Readers prove the address is theirs by following a signed link mailed to it (valid 24 hours); the site never
/// says whether an address has comments.
public struct CommenterRights: Sendable {
    let store: any ContentStore
    let now: @Sendable () -> Date
    let secret = SecretCache(name: "commenter-rights")

    /// How long a mailed link works.
    public static let linkLifetime: TimeInterval = 24 * 3600

    public init(store: any ContentStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    /// The query of a link that lets the owner of `email` manage their comments: `courriel`, `expire`,
    /// `signature`.
    public func signedQuery(email: String) async throws -> (expires: Int, signature: String) {
        let expires = Int(now().addingTimeInterval(CommenterRights.linkLifetime).timeIntervalSince1970)
        return (expires, try await signature(email: email.lowercased(), expires: expires))
    }

    /// Whether a link's signature is right and its time not past.
    public func verify(email: String, expires: Int, signature: String) async throws -> Bool {
        guard Double(expires) > now().timeIntervalSince1970 else { return false }
        let expected = try await self.signature(email: email.lowercased(), expires: expires)
        return SecureToken.constantTimeEquals(expected, signature)
    }

    /// Mails the link to manage the comments of `email`, if there are any (the answer never tells), in the language
    /// of `site` (the site the reader came from, which the link leads back to; French without one). Limited to 5
    /// requests an hour from one address.
    public func sendLink(
        email: String, site: Site?, baseURL: String, clientAddress: String, mailer: any MailSender, wording: MailWording
    ) async throws {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        guard StaffMember.isEmail(email) else {
            throw ValidationErrors([FieldError(
                field: "email", message: "« \(email) » n’est pas une adresse e-mail", code: "email-invalid", values: ["value": email])])
        }
        let timestamp = now()
        let (allowed, count) = try await store.write { tx in
            let key = "rights-ip:\(clientAddress)"
            let recent = try await tx.rateEvents(key: key, since: timestamp.addingTimeInterval(-3_600))
            try await tx.recordRateEvent(key: key, at: timestamp)
            return (recent < 5, try await tx.comments(email: email).count)
        }
        guard allowed else { throw CommentThrottled(minutes: 60) }
        guard count > 0 else { return }
        let (expires, signature) = try await signedQuery(email: email)
        var query = "courriel=\(QueryEncoding.encode(email))&expire=\(expires)&signature=\(signature)"
        if let site { query += "&site=\(site.slug.rawValue)" }
        let language = site?.language ?? "fr"
        let number = count == 1 ? "one" : "many"
        let siteTitle = if let site { site.title } else { try await store.network().title }
        try await mailer.send(wording.message(
            "rights", language: language, to: email,
            values: [
                "site": siteTitle,
                "comments": wording.text("rights_comments_\(number)", language: language, values: ["count": "\(count)"]),
                "erase": wording.text("rights_erase_\(number)", language: language),
                "link": "\(baseURL)/commentaires/mes-donnees/?\(query)",
            ]))
    }

    private func signature(email: String, expires: Int) async throws -> String {
        SecureToken.hmac("\(email).\(expires)", secret: try await secret.value(from: store))
    }

    /// Every comment given under `email`, with its article.
    public func export(email: String) async throws -> [ExportedComment] {
        try await store.write { tx in
            try await tx.comments(email: email).asyncMap { comment in
                let article = try await tx.article(id: comment.articleID)
                let site: Site? = if let article { try await tx.site(id: article.siteID) } else { nil }
                var url: String?
                if let article, let site, article.state == .published, let date = article.publishedAt {
                    url = Permalink.article(site: site.slug, slug: article.slug, publishedAt: date, timeZone: site.zone)
                }
                return ExportedComment(
                    id: comment.id, article: article?.title ?? "", url: url, date: comment.createdAt,
                    name: comment.authorName, website: comment.website, text: comment.body,
                    status: comment.status.rawValue)
            }
        }
    }

    /// The export as indented JSON (dates in ISO 8601).
    public func exportJSON(email: String) async throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(try await export(email: email))
    }

    /// Deletes every comment given under `email`; returns how many.
    @discardableResult
    public func erase(email: String) async throws -> Int {
        guard StaffMember.isEmail(email) else {
            throw ValidationErrors([FieldError(
                field: "email", message: "« \(email) » n’est pas une adresse e-mail", code: "email-invalid", values: ["value": email])])
        }
        return try await store.write { tx in try await tx.deleteComments(email: email) }
    }
}
