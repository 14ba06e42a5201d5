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

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        SecurityHeaders.add(to: &response.headers, path: request.uri.path, strictTransportSecurity: strictTransportSecurity)
        return response
    }
}

/// The security headers of every answer, for ``SecurityHeadersMiddleware`` and for the cached pages that
/// ``CachedPageChannelHandler`` serves without the router.
enum SecurityHeaders {
    static let strictTransportSecurityField = HTTPField.Name("Strict-Transport-Security")!
    static let referrerPolicyField = HTTPField.Name("Referrer-Policy")!

    static let contentSecurityPolicy =
        "default-src 'none'; img-src 'self' https: data:; style-src 'unsafe-inline'; base-uri 'none'; "
        + "form-action 'self'; frame-ancestors 'self'"

    static let adminContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' https: data:; "
        + "style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    /// Adds to `headers` those of an answer for `path`.
    static func add(to headers: inout HTTPFields, path: String, strictTransportSecurity: Bool) {
        let isAdmin = path.hasPrefix("/admin/")
        headers[.contentSecurityPolicy] = isAdmin ? adminContentSecurityPolicy : contentSecurityPolicy
        if isAdmin, !path.hasPrefix("/admin/static/") { headers[.cacheControl] = "no-store" }
        if strictTransportSecurity { headers[strictTransportSecurityField] = "max-age=31536000" }
        headers[.xContentTypeOptions] = "nosniff"
        headers[referrerPolicyField] = "strict-origin-when-cross-origin"
    }
}
