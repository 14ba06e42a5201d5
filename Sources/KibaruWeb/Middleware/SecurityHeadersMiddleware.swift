import HTTPTypes
import Hummingbird

/// Headers that keep pages inert even if something slipped through: no script at all is allowed on public pages,
/// styles only inline (the theme's), images from here and https. The admin may run its own script (the editor's
/// enhancements) and fetch from itself, nothing else, and is never framed.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
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
        response.headers[.contentSecurityPolicy] =
            request.uri.path.hasPrefix("/admin/") ? Self.adminContentSecurityPolicy : Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "strict-origin-when-cross-origin"
        return response
    }
}
