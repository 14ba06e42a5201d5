import Foundation
import HTTPTypes
import Hummingbird
import KibaruAPI
import KibaruCore
import KibaruServices
import KibaruText
import KibaruTheme
import Logging
import OpenAPIHummingbird

/// The API under `/api/v1/`: the operations generated from `Resources/api/openapi.json` (served at
/// `/api/v1/openapi.json`). The Content API's answers are kept in the page cache like reader pages and dropped by
/// the same changes, each with an `ETag` (`304` for `If-None-Match`) and gzip or Brotli when asked; the Admin
/// API's (`/api/v1/admin/`) need a token (``APITokenMiddleware``) and are never kept. Errors, unknown addresses
/// included, are problem documents (RFC 9457).
struct APIRoutes: Sendable {
    let api: APIOperations
    let tokens: APITokenService
    let limiter: TokenRateLimiter
    /// Each path of the description (`/sites/{site}`) with its methods.
    let operations: [(path: String, methods: Set<HTTPRequest.Method>)]
    /// The description's bytes, served as they are in the repository.
    let description: CachedDocument
    let store: any ContentStore
    let cache: PageCache?
    let logger: Logger
    let now: @Sendable () -> Date

    /// Answers longer than this are not kept (a page of 100 articles is about 100 KB).
    static let largestKept = 4 << 20
    /// Readers' caches ask again each time (a `304` when nothing changed); shared caches keep an answer a minute.
    static let cacheControl = "public, max-age=0, s-maxage=60"
    /// The answers read with a content key: the reader's cache asks again each time, no shared cache keeps them.
    static let privateCacheControl = "private, no-cache"
    /// The header that carries a content key, for clients that keep it out of URLs (`?key=` works too).
    static let contentKeyHeader = HTTPField.Name("Kibaru-Content-Key")!

    init(
        store: any ContentStore & StaffStore, admin: AdminServices, cache: PageCache?, configuration: WebConfiguration,
        resourcesDirectory: String, logger: Logger, now: @escaping @Sendable () -> Date
    ) throws {
        let baseURL = configuration.baseURL
        let path = (resourcesDirectory as NSString).appendingPathComponent("api/openapi.json")
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw ThemeError(directory: resourcesDirectory, problem: L("api/openapi.json manque"))
        }
        self.operations = try Self.operations(in: bytes, path: path)
        self.limiter = TokenRateLimiter(limit: configuration.apiRequestsPerMinute)
        self.description = CachedDocument(
            text: String(decoding: bytes, as: UTF8.self), contentType: "application/json; charset=utf-8",
            cacheControl: "public, max-age=3600")
        self.api = APIOperations(
            store: store, baseURL: baseURL, editorial: admin.editorial, media: admin.media, moderation: admin.moderation,
            now: now)
        self.tokens = APITokenService(store: store, now: now)
        self.store = store
        self.cache = cache
        self.logger = logger
        self.now = now
    }

    func register(on router: Router<KibaruContext>) throws {
        let group = router.group("api/v1")
            .add(middleware: APITokenMiddleware(tokens: tokens, limiter: limiter))
            .add(middleware: EmptyParameterMiddleware())
            .add(middleware: APICacheMiddleware(routes: self))
        group.get("openapi.json") { request, _ in
            description.response(to: request, formToken: nil, now: now(), cacheStatus: "Kibaru; hit")
                ?? Response(status: .internalServerError)
        }
        let logger = logger
        try api.register(on: group) { error in
            logger.error("api: answer failed", metadata: ["kibaru.error": "\(String(reflecting: error))"])
        }
        group.on("**", method: .get) { _, _ in Self.problem(Self.unknownAddress) }
    }

    /// The methods a path may be asked with, in the order an `Allow` header names them.
    static let methodOrder: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete]

    /// The `405` for a method that a path of the description does not take (any method: `OPTIONS`, `TRACE`,
    /// `QUERY`…), naming those it takes (RFC 9110); `nil` when the path is not the description's or takes it.
    func methodNotAllowed(_ request: Request) -> Response? {
        // Every request of the site passes here: only the API's are split and matched.
        guard request.uri.path.hasPrefix("/api/v1/") else { return nil }
        let segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst(3)
        guard let (_, methods) = operations.first(where: { Self.matches($0.path, segments) }) else { return nil }
        let allowed = methods.union(methods.contains(.get) ? [.head] : [])
        guard !allowed.contains(request.method) else { return nil }
        let allow = Self.methodOrder.filter(allowed.contains).map(\.rawValue).joined(separator: ", ")
        var response = Self.problem(APIProblem(
            status: 405, code: "method-not-allowed", title: "Méthode refusée",
            detail: "Cette adresse de l’API répond à \(allow)."))
        response.headers[.allow] = allow
        return response
    }

    /// Whether the segments of a request's path (after `/api/v1`) fit a path of the description, whose
    /// `{parameters}` take any one segment.
    static func matches(_ template: String, _ segments: ArraySlice<Substring>) -> Bool {
        let parts = template.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        return parts.count == segments.count
            && zip(parts, segments).allSatisfy { part, segment in
                (part.hasPrefix("{") && part.hasSuffix("}") && !segment.isEmpty) || part == segment
            }
    }

    /// The paths and methods of the description's JSON; throws ``ThemeError`` naming the file when it has none.
    static func operations(in description: Data, path file: String) throws -> [(path: String, methods: Set<HTTPRequest.Method>)] {
        guard let json = try? JSONSerialization.jsonObject(with: description) as? [String: Any],
            let paths = json["paths"] as? [String: [String: Any]]
        else { throw ThemeError(directory: file, problem: L("description OpenAPI illisible (pas de « paths »)")) }
        return paths.map { path, methods in
            (path, Set(methods.keys.compactMap { HTTPRequest.Method($0.uppercased()) }))
        }
    }

    /// A `404` for an address the description does not name.
    static let unknownAddress = APIProblem.notFound("Cette adresse n’existe pas dans l’API : voyez /api/v1/openapi.json.")

    /// The problem for an error status the router or a middleware gave an API address (`ErrorPageMiddleware`
    /// answers API addresses with problems, not HTML pages).
    static func problem(status: Int) -> Response {
        if status == 404 { return problem(unknownAddress) }
        let title = status < 500 ? "Requête refusée" : "Erreur du serveur"
        let detail = status < 500 ? "La demande n’a pas pu être traitée." : "Une erreur est survenue de notre côté. Réessayez dans un instant."
        return problem(APIProblem(status: status, code: status < 500 ? "refused" : "internal-error", title: title, detail: detail))
    }

    /// `problem` as a Hummingbird response.
    static func problem(_ problem: APIProblem) -> Response {
        Response(
            status: .init(code: problem.status),
            headers: [.contentType: "application/problem+json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: problem.json)))
    }
}

/// Answers a method a path of the API does not take with its `405`, before routing (the router would answer
/// any method it has no route for with a `404`).
struct APIMethodMiddleware: RouterMiddleware {
    let routes: APIRoutes

    func handle(_ request: Request, context: KibaruContext, next: (Request, KibaruContext) async throws -> Response)
        async throws -> Response
    {
        if let refusal = routes.methodNotAllowed(request) { return refusal }
        return try await next(request, context)
    }
}

/// Refuses a query parameter given with no value (`?site=`): no parameter of the description may be empty, and
/// the generated code would read it as absent (`?site=` would list the whole network).
struct EmptyParameterMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: KibaruContext, next: (Request, KibaruContext) async throws -> Response)
        async throws -> Response
    {
        if let empty = request.uri.queryParameters.first(where: { $0.value.isEmpty }) {
            return APIRoutes.problem(.invalidParameter(String(empty.key), "ne peut pas être vide"))
        }
        return try await next(request, context)
    }
}

/// Serves the API's answers from the page cache, or makes them with a record of what they show and keeps them;
/// gives every answer its `ETag` and compression. A search (`q`) is made each time, as the site's search is.
struct APICacheMiddleware: RouterMiddleware {
    let routes: APIRoutes

    func handle(_ request: Request, context: KibaruContext, next: (Request, KibaruContext) async throws -> Response)
        async throws -> Response
    {
        guard request.method == .get || request.method == .head, request.uri.path != "/api/v1/openapi.json",
            !request.uri.path.hasPrefix(APITokenMiddleware.prefix)
        else {
            return try await next(request, context)
        }
        let now = routes.now()
        let query = request.uri.query ?? ""
        let cache = request.uri.queryParameters.get("q") == nil ? routes.cache : nil
        let authority = request.headers[.init("Host")!] ?? request.head.authority ?? ""
        let key = PageCache.Key(
            host: PageCache.Key.host(ofAuthority: authority), path: request.uri.path + (query.isEmpty ? "" : "?" + query))
        if let cache, let hit = cache.page(for: key, now: now),
            let answer = hit.document.response(to: request, formToken: nil, now: now, cacheStatus: "Kibaru; hit")
        {
            return answer
        }
        // Read before the answer's reads: a change after it that the cache applies meanwhile keeps it out.
        let changeID = cache == nil ? nil : try await routes.store.latestChangeID()
        let record = APIRecord()
        let contentKey = request.uri.queryParameters.get("key") ?? request.headers[APIRoutes.contentKeyHeader]
        let response = try await APIContentKey.$current.withValue(contentKey) {
            try await APIRecord.$current.withValue(record) { try await next(request, context) }
        }
        guard response.status == .ok else { return response }
        let collector = ResponseBodyCollector(limit: APIRoutes.largestKept)
        do {
            try await response.body.write(collector)
        } catch is ResponseBodyCollector.TooLong {
            return APIRoutes.problem(APIProblem(
                status: 500, code: "answer-too-large", title: "Réponse trop grande", detail: "Demandez moins d’articles."))
        }
        // Content read with a content key stays between the server and its reader: no cache in between keeps it.
        let document = CachedDocument(
            text: String(buffer: collector.buffer), contentType: response.headers[.contentType] ?? "application/json",
            cacheControl: record.isPrivate ? APIRoutes.privateCacheControl : APIRoutes.cacheControl)
        if let cache, let changeID, !record.isPrivate {
            cache.store(
                PageCache.Page(document: document, dependencies: record.dependencies, expires: record.expires),
                for: key, renderedAfter: changeID)
        }
        return document.response(
            to: request, formToken: nil, now: now,
            cacheStatus: cache == nil || record.isPrivate ? "Kibaru; fwd=bypass" : "Kibaru; fwd=miss")
            ?? Response(status: .internalServerError)
    }
}
