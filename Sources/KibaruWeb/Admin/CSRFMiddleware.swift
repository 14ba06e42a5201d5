import HTTPTypes
import Hummingbird
import KibaruCore
import KibaruServices
import Logging

/// Refuses every state-changing admin request that does not carry the right token, before anything else reads
/// its body:
/// - with a session, only the session's own CSRF token is accepted (a `kibaru_csrf` cookie planted by someone
///   else cannot stand in for it);
/// - without one, only the forms used before logging in (login, new password) are read, with the double-submit
///   `kibaru_csrf` cookie's token; any other request is refused at once, its body unread, so that anonymous
///   clients cannot make the server read megabytes.
/// Requests a browser marks as cross-site are refused outright. The token comes in the form field `_csrf` or the
/// `X-CSRF-Token` header.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = KibaruContext
    let pages: AdminPages

    static let cookieName = "kibaru_csrf"
    static let headerName = HTTPField.Name("X-CSRF-Token")!
    static let fetchSiteHeader = HTTPField.Name("Sec-Fetch-Site")!
    /// The forms posted before logging in, which a session does not protect.
    static let preLoginPaths: Set<String> = ["/admin/connexion", "/admin/mot-de-passe"]

    struct TokenField: Decodable {
        var _csrf: String?
    }

    static func isPreLogin(_ path: String) -> Bool {
        preLoginPaths.contains(path.hasSuffix("/") ? String(path.dropLast()) : path)
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method != .get && request.method != .head else { return try await next(request, context) }
        let preLogin = Self.isPreLogin(request.uri.path)
        let expected: String?
        if let session = context.staff {
            expected = preLogin ? request.cookies[Self.cookieName]?.value ?? session.csrfToken : session.csrfToken
        } else if preLogin {
            expected = request.cookies[Self.cookieName]?.value
        } else {
            return .redirect(to: "/admin/connexion/", type: .normal)
        }
        guard request.headers[Self.fetchSiteHeader] != "cross-site", let expected, !expected.isEmpty else {
            return try refuse(request, context: context)
        }
        if let declared = request.headers[.contentLength].flatMap(Int.init),
            declared > FormBody.limit(for: request, context: context)
        {
            throw HTTPError(.contentTooLarge)
        }
        var request = request
        var sent = request.headers[Self.headerName]
        let contentType = request.headers[.contentType] ?? ""
        if sent == nil,
            contentType.hasPrefix("application/x-www-form-urlencoded") || contentType.hasPrefix("multipart/form-data")
        {
            sent = try await FormBody.decode(TokenField.self, from: &request, context: context)._csrf
        }
        guard let sent, SecureToken.constantTimeEquals(expected, sent) else {
            return try refuse(request, context: context)
        }
        return try await next(request, context)
    }

    private func refuse(_ request: Request, context: Context) throws -> Response {
        context.logger.warning("forged or expired form refused", metadata: ["kibaru.path": "\(request.uri.path)"])
        return try pages.message(
            status: .forbidden, heading: "csrf_title", message: "csrf_message", request: request, context: context)
    }
}
