package import Foundation
import HTTPTypes
package import KibaruCore
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

    /// No token, or one that is unknown or revoked.
    package static let unauthorized = APIProblem(
        status: 401, code: "unauthorized", title: "Jeton manquant ou refusé",
        detail: "Cette opération demande un jeton d’API valable : « Authorization: Bearer kib_… ».")

    /// The site asks for a content key and the request carries none of its keys.
    static func contentKeyRequired(_ site: Site) -> APIProblem {
        APIProblem(
            status: 401, code: "content-key-required", title: "Clé de contenu manquante ou refusée",
            detail: "Le site « \(site.slug) » ne sert son contenu qu’avec une de ses clés : « ?key=kck_… » ou l’en-tête « Kibaru-Content-Key ».")
    }

    /// The article changed since the version the client read (`current`: its version now).
    static func preconditionFailed(current: Int?) -> APIProblem {
        APIProblem(
            status: 412, code: "version-conflict", title: "Version dépassée",
            detail: "L’article a été modifié depuis la version lue"
                + (current.map { " (il en est à la version \($0))" } ?? "") + " : relisez-le avant de le modifier.")
    }

    /// The problem of a domain error (the HTML error pages use the same statuses); `nil` for a failure of the
    /// server (the store unavailable, no network).
    package init?(_ error: ContentError) {
        switch error {
        case .notFound(let what):
            self.init(status: 404, code: "not-found", title: "Introuvable", detail: "Introuvable : \(what).")
        case .forbidden(let action):
            self.init(
                status: 403, code: "forbidden", title: "Action refusée",
                detail: "Le compte de ce jeton, ou le jeton lui-même (ses portées), ne permet pas ceci : \(action).")
        case .slugTaken(let slug):
            self.init(
                status: 409, code: "slug-taken", title: "Identifiant déjà pris",
                detail: "L’identifiant « \(slug) » est déjà pris sur ce site.", errors: [("slug", "déjà pris")])
        case .editConflict(let current):
            self.init(
                status: 409, code: "edit-conflict", title: "Modifié entre-temps",
                detail: "L’article a été modifié pendant la demande (il en est à la version \(current)) : relisez-le et réessayez.")
        case .networkMissing, .storeUnavailable:
            return nil
        }
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
        if let error = error as? ContentError { return APIProblem(error) }
        if let errors = error as? ValidationErrors {
            return APIProblem(
                status: 422, code: "invalid-content", title: "Contenu refusé",
                detail: errors.errors.map { "\($0.field) : \($0.message)" }.joined(separator: " ; "),
                errors: errors.errors.map { ($0.field, $0.message) })
        }
        guard let server = error as? ServerError else { return nil }
        if server.underlyingError is APIProblem || server.underlyingError is ContentError
            || server.underlyingError is ValidationErrors
        {
            return from(server.underlyingError)
        }
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

/// Writes the response headers the description declares (`ETag`, `Location`) as they are: the OpenAPI runtime
/// percent-encodes header values (`"12"` becomes `%2212%22`), which HTTP clients then cannot compare
/// (apple/swift-openapi-generator#857; its maintainers suggest a middleware until the runtime changes).
struct PlainHeadersMiddleware: ServerMiddleware {
    static let fields: [HTTPField.Name] = [.eTag, .location]

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var (response, body) = try await next(request, body, metadata)
        for field in Self.fields {
            if let value = response.headerFields[field], let plain = value.removingPercentEncoding {
                response.headerFields[field] = plain
            }
        }
        return (response, body)
    }
}
