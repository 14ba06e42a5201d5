import Hummingbird
import KibaruAPI
import KibaruCore
import KibaruTheme
import Logging

/// Turns errors into French HTML error pages with the right status: 404 for what does not exist, 403 for what the
/// person may not do, 409 for a conflict, 500 (logged, without details for the reader) for the rest. Domain errors
/// (``ContentError``) are mapped here, once, rather than in each handler. Addresses of the API (`/api/`) get a
/// problem document (RFC 9457) instead of a page.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = KibaruContext
    let store: any ContentStore
    let theme: Theme
    let baseURL: String
    /// Which site a failed request was for, so that its error page is that site's, in its language
    /// (``PublicSiteRoutes/site(of:)``); `nil` for the network's.
    var siteOf: @Sendable (Request) async -> Site? = { _ in nil }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            let response = try await next(request, context)
            if response.status == .notFound, response.headers[.contentType] == nil {
                return try await errorPage(status: 404, site: nil, request: request, context: context)
            }
            return response
        } catch let error as PublicError {
            return try await errorPage(status: error.status, site: error.site, request: request, context: context)
        } catch let error as ContentError where Self.status(of: error) != nil {
            context.logger.notice("request refused", metadata: ["kibaru.error": "\(error)", "kibaru.path": "\(request.uri.path)"])
            return try await errorPage(status: Self.status(of: error) ?? 500, site: nil, request: request, context: context)
        } catch let error as any HTTPResponseError where error.status.code < 500 {
            return try await errorPage(status: error.status.code, site: nil, request: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["kibaru.error": "\(error)", "kibaru.path": "\(request.uri.path)"])
            return try await errorPage(status: 500, site: nil, request: request, context: context)
        }
    }

    /// The status of a domain error caused by the request, as the API gives it too; `nil` for a failure of the
    /// server.
    static func status(of error: ContentError) -> Int? { APIProblem(error)?.status }

    private func errorPage(status: Int, site: Site?, request: Request, context: Context) async throws -> Response {
        if request.uri.path.hasPrefix("/api/") { return APIRoutes.problem(status: status) }
        // A page of a site (its host name, or a path under `/sahel-news/`) is that site's, whatever failed.
        var site = site
        if site == nil { site = await siteOf(request) }
        let network = (try? await store.network()) ?? Network(title: "Kibaru")
        let views = ViewBuilder(network: network, theme: theme, baseURL: baseURL)
        let html = (try? theme.render("error", views.errorPage(status: status, site: site)))
            ?? "<!doctype html><title>Erreur</title><p>Erreur \(status)</p>"
        return try HTMLPage(status: .init(code: status), html: html).response(from: request, context: context)
    }
}
