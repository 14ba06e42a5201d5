import Foundation
import KibaruCore

/// One comment as its author receives it in an export.
public struct ExportedComment: Codable, Equatable, Sendable {
    public var id: Int64
    public var article: String
    public var url: String?
    public var date: Date
    public var name: String
    public var website: String?
    public var text: String
    public var status: String
}

/// Readers' rights over what they wrote: a copy of every comment given under their e-mail, or their erasure.
public struct CommenterRights: Sendable {
    let store: any ContentStore

    public init(store: any ContentStore) {
        self.store = store
    }

    /// Every comment given under `email`, with its article.
    public func export(email: String) async throws -> [ExportedComment] {
        try await store.write { tx in
            try tx.comments(email: email).map { comment in
                let article = try tx.article(id: comment.articleID)
                let site = try article.flatMap { try tx.site(id: $0.siteID) }
                var url: String?
                if let article, let site, article.state == .published, let date = article.publishedAt {
                    url = Permalink.article(site: site.slug, slug: article.slug, publishedAt: date, timeZone: site.zone)
                }
                return ExportedComment(
                    id: comment.id ?? 0, article: article?.title ?? "", url: url, date: comment.createdAt,
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
            throw ValidationErrors([FieldError(field: "email", message: "« \(email) » n’est pas une adresse e-mail")])
        }
        return try await store.write { tx in try tx.deleteComments(email: email) }
    }
}
