import HTTPTypes
import Hummingbird
import KibaruCore
import KibaruServices
import Logging

/// Refuses every state-changing admin request that does not carry the right token: the session's CSRF token
/// when logged in, the `kibaru_csrf` cookie's value before (login and password forms). Requests a browser marks
/// as cross-site are refused outright. The token comes in the form field `_csrf` or the `X-CSRF-Token` header.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = KibaruContext
    let pages: AdminPages

    static let cookieName = "kibaru_csrf"
    static let headerName = HTTPField.Name("X-CSRF-Token")!
    static let fetchSiteHeader = HTTPField.Name("Sec-Fetch-Site")!

    struct TokenField: Decodable {
        var _csrf: String?
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method != .get && request.method != .head else { return try await next(request, context) }
        var request = request
        // The session's token; before login (or when logging in again) the double-submit cookie's.
        let expected = [context.staff?.csrfToken, request.cookies[Self.cookieName]?.value].compactMap { $0 }
        var sent = request.headers[Self.headerName]
        let contentType = request.headers[.contentType] ?? ""
        if sent == nil,
            contentType.hasPrefix("application/x-www-form-urlencoded") || contentType.hasPrefix("multipart/form-data")
        {
            sent = try await FormBody.decode(TokenField.self, from: &request, context: context)._csrf
        }
        let crossSite = request.headers[Self.fetchSiteHeader] == "cross-site"
        guard !crossSite, let sent, expected.contains(where: { SecureToken.constantTimeEquals($0, sent) }) else {
            context.logger.warning("forged or expired form refused", metadata: ["kibaru.path": "\(request.uri.path)"])
            return try pages.message(
                status: .forbidden, heading: "csrf_title", message: "csrf_message", request: request, context: context)
        }
        return try await next(request, context)
    }
}
