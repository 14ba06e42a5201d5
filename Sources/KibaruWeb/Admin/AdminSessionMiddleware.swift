import Foundation
import Hummingbird
import KibaruCore
import KibaruServices
import KibaruText

/// Finds the staff session of the request's `kibaru_session` cookie and puts it in the context.
struct AdminSessionMiddleware: RouterMiddleware {
    typealias Context = KibaruContext
    let auth: AuthService

    static let cookieName = "kibaru_session"

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let token = request.cookies[Self.cookieName]?.value, !token.isEmpty,
            let session = try await auth.session(token: token)
        {
            context.staff = session
            context.sessionToken = token
        }
        return try await next(request, context)
    }
}

/// Sends visitors without a session to the login page.
struct RequireStaffMiddleware: RouterMiddleware {
    typealias Context = KibaruContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard context.staff != nil else {
            let next = request.method == .get ? request.uri.path : "/admin/"
            return .redirect(to: "/admin/connexion/?suite=\(QueryEncoding.encode(next, keeping: [UInt8(ascii: "/")]))", type: .normal)
        }
        return try await next(request, context)
    }
}
