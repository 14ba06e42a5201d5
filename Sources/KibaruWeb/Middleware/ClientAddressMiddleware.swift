import Foundation
import HTTPTypes
import Hummingbird

/// Behind a reverse proxy the TCP peer is the proxy: when the operator names the header their proxy sets
/// (`X-Real-IP`, or `X-Forwarded-For` whose first address is taken), the client address comes from it. Never on
/// by default, since any client can send such a header.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = KibaruContext
    let header: HTTPField.Name

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let value = request.headers[header],
            let first = value.split(separator: ",").first?.trimmingCharacters(in: .whitespaces), !first.isEmpty
        {
            context.clientAddress = String(first.prefix(64))
        }
        return try await next(request, context)
    }
}
