package import Foundation
import HTTPTypes
import OpenAPIRuntime

/// An error of the API as the client receives it: an RFC 9457 problem document with a stable `code`, in French
/// for people and in codes for programs.
package struct APIProblem: Error, Sendable, Equatable {
    /// The HTTP status: 4xx for the client's mistakes.
    package var status: Int
    /// A stable code: `not-found`, `invalid-parameter`, `invalid-cursor`…
    package var code: String
    /// The kind of error, in French.
    package var title: String
    /// What happened, in French.
    package var detail: String
    /// The fields at fault, one by one.
    package var errors: [(field: String, message: String)] = []

    package static func == (lhs: APIProblem, rhs: APIProblem) -> Bool {
        lhs.status == rhs.status && lhs.code == rhs.code && lhs.detail == rhs.detail
            && lhs.errors.map(\.field) == rhs.errors.map(\.field) && lhs.errors.map(\.message) == rhs.errors.map(\.message)
    }

    package init(status: Int, code: String, title: String, detail: String, errors: [(field: String, message: String)] = []) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.errors = errors
    }

    /// Nothing published answers to this address; `detail` says what is missing.
    package static func notFound(_ detail: String) -> APIProblem {
        APIProblem(status: 404, code: "not-found", title: "Introuvable", detail: detail)
    }

    /// A parameter the API cannot use.
    package static func invalidParameter(_ name: String, _ message: String) -> APIProblem {
        APIProblem(
            status: 400, code: "invalid-parameter", title: "Paramètre refusé", detail: "\(name) : \(message)",
            errors: [(name, message)])
    }

    /// The document's JSON.
    package var json: Data {
        var object: [String: Any] = [
            "type": "https://kibaru.org/problemes/\(code)", "title": title, "status": status, "detail": detail,
            "code": code,
        ]
        if !errors.isEmpty { object["errors"] = errors.map { ["field": $0.field, "message": $0.message] } }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }

    /// The problem for an error an operation threw: its own, or a request the generated code could not read (a
    /// parameter or header of the wrong form, a response type the client does not accept), with the status the
    /// OpenAPI runtime gives it; `nil` for a failure of ours.
    static func from(_ error: any Error) -> APIProblem? {
        if let problem = error as? APIProblem { return problem }
        guard let server = error as? ServerError else { return nil }
        if let problem = server.underlyingError as? APIProblem { return problem }
        var status = Int(server.httpStatus.code)
        if !(400..<500).contains(status) {
            // Failing before the operation had its input is failing to read the request.
            guard server.operationInput == nil else { return nil }
            status = 400
        }
        let code =
            switch status {
            case 406: "not-acceptable"
            case 415: "unsupported-media-type"
            default: "invalid-request"
            }
        return APIProblem(
            status: status, code: code, title: "Requête refusée",
            detail: "La requête ne suit pas la description de l’API (/api/v1/openapi.json) : \(server.underlyingError)")
    }
}

/// Turns what an operation throws into a problem document: the client's mistakes with their status, anything
/// else as a 500 whose detail says nothing of the inside (the error is logged by `log`).
struct ProblemMiddleware: ServerMiddleware {
    let log: @Sendable (any Error) -> Void

    init(log: @escaping @Sendable (any Error) -> Void) {
        self.log = log
    }

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        do {
            return try await next(request, body, metadata)
        } catch {
            let problem =
                APIProblem.from(error)
                ?? {
                    log(error)
                    return APIProblem(
                        status: 500, code: "internal-error", title: "Erreur du serveur",
                        detail: "Une erreur est survenue de notre côté. Réessayez dans un instant.")
                }()
            return Self.response(problem)
        }
    }

    /// `problem` as an HTTP answer.
    static func response(_ problem: APIProblem) -> (HTTPResponse, HTTPBody?) {
        var response = HTTPResponse(status: .init(code: problem.status))
        response.headerFields[.contentType] = "application/problem+json"
        response.headerFields[.cacheControl] = "no-store"
        return (response, HTTPBody(problem.json))
    }
}
