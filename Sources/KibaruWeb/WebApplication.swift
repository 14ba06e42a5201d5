import Hummingbird
import KibaruCore
import KibaruTheme
import Logging

/// What the public site needs to run.
public struct WebConfiguration: Sendable {
    /// The network's public URL (`https://kibaru.example.org`), for canonical and share links.
    public var baseURL: String
    /// The folder served at `/media/`.
    public var mediaDirectory: String
    /// Articles per listing page.
    public var pageSize: Int

    public init(baseURL: String, mediaDirectory: String, pageSize: Int = 10) {
        self.baseURL = baseURL
        self.mediaDirectory = mediaDirectory
        self.pageSize = pageSize
    }
}

/// Builds the router: security headers, error pages, media files, health check, the admin under `/admin/`, and
/// the public pages. Loads the admin's templates and strings from `resourcesDirectory/admin`, failing on a
/// missing one.
public func makeRouter(
    store: any ContentStore, theme: Theme, admin: AdminServices, resourcesDirectory: String,
    configuration: WebConfiguration, logger: Logger
) async throws -> Router<KibaruContext> {
    let adminPages = try await AdminPages.load(
        resourcesDirectory: resourcesDirectory, secureCookies: configuration.baseURL.hasPrefix("https://"))
    let router = Router(context: KibaruContext.self, options: .autoGenerateHeadEndpoints)
    router.addMiddleware {
        LogRequestsMiddleware(.info, redactHeaders: [.cookie, .authorization])
        SecurityHeadersMiddleware()
        ErrorPageMiddleware(store: store, theme: theme, baseURL: configuration.baseURL)
        FileMiddleware(
            configuration.mediaDirectory, urlBasePath: "/media", cacheControl: .init([(MediaType(type: .any), [.public, .maxAge(86_400)])]),
            searchForIndexHtml: false, logger: logger)
    }
    router.get("/health") { _, _ in "ok" }
    AdminRoutes(services: admin, pages: adminPages).register(on: router)
    PublicSiteRoutes(store: store, theme: theme, baseURL: configuration.baseURL, pageSize: configuration.pageSize)
        .register(on: router)
    return router
}
