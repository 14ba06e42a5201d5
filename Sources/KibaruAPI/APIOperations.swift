package import Foundation
package import KibaruCore
package import KibaruServices
package import OpenAPIRuntime

/// The API under `/api/v1/`: its routes and types are generated from `Resources/api/openapi.json`
/// (`scripts/generate-api`); the Content API's operations are in `ContentAPI.swift`, the Admin API's in
/// `AdminAPI.swift`. The Admin API acts as the token's owner (``APIActor``) through the same services, and so
/// the same permission matrix, as the web admin.
package struct APIOperations: APIProtocol {
    let store: any ContentStore & StaffStore
    /// The network's public URL without a trailing slash, for the absolute URLs of answers.
    let baseURL: String
    let editorial: EditorialService
    let media: MediaService
    let moderation: CommentModeration
    let sites: SiteAdministration
    let now: @Sendable () -> Date

    package init(
        store: any ContentStore & StaffStore, baseURL: String, editorial: EditorialService, media: MediaService,
        moderation: CommentModeration, now: @escaping @Sendable () -> Date
    ) {
        self.store = store
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.editorial = editorial
        self.media = media
        self.moderation = moderation
        self.sites = SiteAdministration(store: store, now: now)
        self.now = now
    }

    /// Registers the operations on `transport` (the router's `/api/v1` group), each behind a
    /// ``ProblemMiddleware`` that hands the errors it does not expect to `log`, and ``PlainHeadersMiddleware``.
    package func register(on transport: any ServerTransport, log: @escaping @Sendable (any Error) -> Void) throws {
        try registerHandlers(
            on: transport, serverURL: URL(string: "/")!,
            // Compact JSON (readers of partner apps pay for every byte), keys sorted so that the same content
            // gives the same bytes and the same ETag.
            configuration: Configuration(
                dateTranscoder: RFC3339DateTranscoder(), jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes]),
            middlewares: [ProblemMiddleware(log: log), PlainHeadersMiddleware()])
    }
}
