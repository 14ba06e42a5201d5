import Foundation
import HTTPTypes
import Hummingbird
import KibaruCore
import KibaruServices
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
    /// The header a trusted reverse proxy puts the client's address in (`X-Real-IP`); `nil` uses the TCP peer.
    public var clientAddressHeader: String?
    /// The metrics in Prometheus's text format, served at `/metrics`; `nil` serves none.
    public var metrics: (@Sendable () -> String)?
    /// Who may read `/metrics` (by the client's address, as the rate limits see it): loopback by default.
    public var metricsFrom: [AddressRange]
    /// Whether every request is logged at `info` (at `debug` otherwise: behind nginx, its access log has them).
    public var accessLog: Bool = false
    /// The requests each API token may make in a minute, on this node.
    public var apiRequestsPerMinute: Int

    /// The host name of ``baseURL``, lowercase: it serves the network, never a site.
    public var networkHost: String? { Self.host(of: baseURL) }

    /// The lowercase host name of a base URL (`https://Blogs.example.org` → `blogs.example.org`).
    static func host(of baseURL: String) -> String? { URLComponents(string: baseURL)?.host?.lowercased() }

    public init(
        baseURL: String, mediaDirectory: String, pageSize: Int = 10, clientAddressHeader: String? = nil,
        metrics: (@Sendable () -> String)? = nil, metricsFrom: [AddressRange] = AddressRange.loopback,
        accessLog: Bool = false, apiRequestsPerMinute: Int = 600
    ) {
        self.accessLog = accessLog
        self.apiRequestsPerMinute = apiRequestsPerMinute
        self.baseURL = baseURL
        self.mediaDirectory = mediaDirectory
        self.pageSize = pageSize
        self.clientAddressHeader = clientAddressHeader
        self.metrics = metrics
        self.metricsFrom = metricsFrom
    }
}

/// Builds the router: metrics and request ids, security headers, error pages, pages from the page cache, media files, health and readiness
/// checks, metrics, the Content API under `/api/v1/`, the admin under `/admin/`, and the public pages. Loads the admin's templates and strings from `resourcesDirectory/admin`, failing on a
/// missing one.
public func makeRouter(
    store: any ContentStore & StaffStore, theme: Theme, admin: AdminServices, comments: CommentPosting,
    notifier: CommentNotifier?, mailer: (any MailSender)?, mailWording: MailWording, pageCache: PageCache? = nil,
    resourcesDirectory: String, configuration: WebConfiguration, logger: Logger, now: @escaping @Sendable () -> Date
) async throws -> Router<KibaruContext> {
    let adminPages = try await AdminPages.load(
        resourcesDirectory: resourcesDirectory, secureCookies: configuration.baseURL.hasPrefix("https://"))
    let router = Router(context: KibaruContext.self, options: .autoGenerateHeadEndpoints)
    if let header = configuration.clientAddressHeader.flatMap({ HTTPField.Name($0) }) {
        router.addMiddleware { ClientAddressMiddleware(header: header) }
    }
    theme.forgetComments(whenTheyChangeIn: store)
    let commentRoutes = CommentRoutes(
        store: store, theme: theme, baseURL: configuration.baseURL, posting: comments, notifier: notifier, now: now)
    let publicRoutes = PublicSiteRoutes(
        store: store, staffStore: store, theme: theme, baseURL: configuration.baseURL,
        networkHost: configuration.networkHost, pageSize: configuration.pageSize, comments: commentRoutes,
        cache: pageCache, directory: SiteDirectory(store: store), now: now)
    let apiRoutes = try APIRoutes(
        store: store, admin: admin, cache: pageCache, configuration: configuration, resourcesDirectory: resourcesDirectory,
        logger: logger, now: now)
    router.addMiddleware {
        MetricsMiddleware()
        RequestIDMiddleware()
        LogRequestsMiddleware(configuration.accessLog ? .info : .debug, redactHeaders: [.cookie, .authorization])
        SecurityHeadersMiddleware(strictTransportSecurity: configuration.baseURL.hasPrefix("https://"))
        ErrorPageMiddleware(
            store: store, theme: theme, baseURL: configuration.baseURL, siteOf: { await publicRoutes.site(of: $0) })
        APIMethodMiddleware(routes: apiRoutes)
        PageCacheMiddleware(routes: publicRoutes)
        FileMiddleware(
            fileProvider: MediaFileSystem(rootFolder: configuration.mediaDirectory, logger: logger), urlBasePath: "/media",
            cacheControl: .init([(MediaType(type: .any), [.public, .maxAge(86_400)])]), searchForIndexHtml: false)
    }
    if let favicon = theme.favicon {
        router.get("/favicon.svg") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "image/svg+xml", .cacheControl: "public, max-age=86400"],
                body: .init(byteBuffer: ByteBuffer(string: favicon)))
        }
        // Browsers ask for /favicon.ico on their own: it leads to the theme's icon rather than to a 404.
        router.get("/favicon.ico") { _, _ in Response.redirect(to: "/favicon.svg", type: .permanent) }
    }
    router.get("/health") { _, _ in "ok" }
    router.get("/ready") { _, _ -> Response in
        // Ready when the database answers and holds a network (migrations ran when the store was opened).
        guard (try? await store.network()) != nil else {
            return Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "not ready")))
        }
        return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ready")))
    }
    if let metrics = configuration.metrics {
        let allowed = configuration.metricsFrom
        router.get("/metrics") { _, context -> Response in
            // Not for the public: the same 404 as any unknown page to others.
            guard allowed.contains(where: { $0.contains(context.clientAddress) }) else { throw PublicError.notFound(nil) }
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: metrics())))
        }
    }
    try apiRoutes.register(on: router)
    AdminRoutes(services: admin, pages: adminPages).register(on: router)
    commentRoutes.register(on: router)
    ReaderRightsRoutes(
        store: store, theme: theme, baseURL: configuration.baseURL, rights: CommenterRights(store: store, now: now),
        mailer: mailer, wording: mailWording
    ).register(on: router)
    publicRoutes.register(on: router)
    return router
}
