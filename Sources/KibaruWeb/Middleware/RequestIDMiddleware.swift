import HTTPTypes
import Hummingbird
import Logging

/// Gives every answer the id its request has in the logs (`X-Request-Id`), so that a reader's report of an error
/// page leads to the log lines of that request.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    static var header: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        // The server gives every request an id; requests made in-process (the static build) have none.
        if let id = context.logger[metadataKey: "hb.request.id"] { response.headers[Self.header] = "\(id)" }
        return response
    }
}
