import HTTPTypes
import Hummingbird

/// Headers that keep pages inert even if something slipped through: no script at all is allowed on public pages,
/// styles only inline (the theme's), images from here and https. The admin may run its own script (the editor's
/// enhancements) and fetch from itself, nothing else, and is never framed. Admin answers are private: never kept
/// by a cache (`no-store`), the editor's script aside. A network served over https tells browsers to stay on
/// https (HSTS, one year).
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Whether to send `Strict-Transport-Security` (the network's base URL is https).
    let strictTransportSecurity: Bool

    static var strictTransportSecurityHeader: HTTPField.Name { HTTPField.Name("Strict-Transport-Security")! }

    static var contentSecurityPolicy: String {
        "default-src 'none'; img-src 'self' https: data:; style-src 'unsafe-inline'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'self'"
    }

    static var adminContentSecurityPolicy: String {
        "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' https: data:; "
            + "style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        let isAdmin = request.uri.path.hasPrefix("/admin/")
        response.headers[.contentSecurityPolicy] = isAdmin ? Self.adminContentSecurityPolicy : Self.contentSecurityPolicy
        if isAdmin, !request.uri.path.hasPrefix("/admin/static/") { response.headers[.cacheControl] = "no-store" }
        if strictTransportSecurity { response.headers[Self.strictTransportSecurityHeader] = "max-age=31536000" }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "strict-origin-when-cross-origin"
        return response
    }
}
