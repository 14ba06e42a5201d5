import Foundation
import HTTPTypes
import Hummingbird
import KibaruAPI
import KibaruCore
import KibaruServices
import NIOCore
import Synchronization

/// Opens each request of the Admin API (`/api/v1/admin/`) with its bearer token, before any of its body is read:
/// `401` without a valid token, `429` past the token's rate, `413` for a body over the operation's limit (read up
/// to the limit, never further). The operations then run as the token's owner (``APIActor``).
struct APITokenMiddleware: RouterMiddleware {
    let tokens: APITokenService
    let limiter: TokenRateLimiter

    static let prefix = "/api/v1/admin/"

    func handle(_ request: Request, context: KibaruContext, next: (Request, KibaruContext) async throws -> Response)
        async throws -> Response
    {
        guard request.uri.path.hasPrefix(Self.prefix) else { return try await next(request, context) }
        let header = request.headers[.authorization] ?? ""
        guard header.lowercased().hasPrefix("bearer "),
            let (token, session) = try await tokens.session(bearer: header.dropFirst(7).trimmingCharacters(in: .whitespaces))
        else {
            var response = APIRoutes.problem(.unauthorized)
            response.headers[.wwwAuthenticate] = "Bearer realm=\"kibaru\""
            return response
        }
        if let wait = limiter.admit(token.id, now: Date()) {
            var response = APIRoutes.problem(APIProblem(
                status: 429, code: "rate-limited", title: "Trop de requêtes",
                detail: "Ce jeton a fait \(limiter.limit) requêtes dans la minute : réessayez dans \(wait) s."))
            response.headers[.retryAfter] = "\(wait)"
            return response
        }
        let limit = request.uri.path == Self.prefix + "media" ? MediaService.maximumBytes : APIOperations.largestArticleBody
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            return APIRoutes.problem(Self.tooLarge(limit))
        }
        var request = request
        do {
            _ = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            return APIRoutes.problem(Self.tooLarge(limit))
        }
        var response = try await APIActor.$current.withValue(session) { try await next(request, context) }
        response.headers[.cacheControl] = "no-store"
        return response
    }

    static func tooLarge(_ limit: Int) -> APIProblem {
        APIProblem(
            status: 413, code: "too-large", title: "Envoi trop volumineux",
            detail: "Le corps de la requête dépasse \(limit >> 20) Mo.")
    }
}

/// How many requests each API token may make in a minute, on this node: checked and counted in one step, so that
/// requests sent at once are counted one after the other.
final class TokenRateLimiter: Sendable {
    /// Requests a token may make in a minute.
    let limit: Int
    private let windows = Mutex<[APIToken.ID: (start: Date, count: Int)]>([:])

    init(limit: Int = 600) {
        self.limit = limit
    }

    /// `nil` when the request may go on (and is counted); otherwise the seconds until the token's minute ends.
    func admit(_ token: APIToken.ID, now: Date) -> Int? {
        windows.withLock { windows in
            if windows.count > 10_000 { windows = windows.filter { now.timeIntervalSince($0.value.start) < 60 } }
            var window = windows[token] ?? (now, 0)
            if now.timeIntervalSince(window.start) >= 60 { window = (now, 0) }
            guard window.count < limit else { return max(1, Int((60 - now.timeIntervalSince(window.start)).rounded(.up))) }
            window.count += 1
            windows[token] = window
            return nil
        }
    }
}
