import Foundation
import Hummingbird
import KibaruCore
import KibaruServices
import KibaruText

/// « Jetons d’API »: the signed-in person's API tokens, made (the secret shown once), listed and revoked.
extension StaffRoutes {
    struct TokenForm: Decodable {
        var action: String
        var name: String?
        var scopes: [String]?
        var token: Int64?
    }

    @Sendable func tokensPage(_ request: Request, context: StaffContext) async throws -> Response {
        try await renderTokens(request: request, context: context)
    }

    @Sendable func changeTokens(_ request: Request, context: StaffContext) async throws -> Response {
        let session = context.session
        var request = request
        let form = try await FormBody.decode(TokenForm.self, from: &request, context: context)
        let tokens = APITokenService(store: services.store)
        let strings = pages.strings(request)
        do {
            switch form.action {
            case "create":
                let scopes = try TokenScope.parse((form.scopes ?? []).joined(separator: ","))
                let created = try await tokens.create(
                    name: form.name ?? "", scopes: scopes, for: session.staff.id, actor: session.staff)
                return try await renderTokens(request: request, context: context, secret: created.secret)
            case "revoke":
                guard let id = form.token else { throw HTTPError(.badRequest, message: "jeton manquant") }
                try await tokens.revoke(APIToken.ID(id), actor: session.staff)
                return try await renderTokens(request: request, context: context, notice: strings["tokens_revoked"])
            default:
                throw HTTPError(.badRequest, message: "action inconnue")
            }
        } catch let errors as ValidationErrors {
            return try await renderTokens(
                request: request, context: context, problem: pages.describe(errors, request),
                status: .unprocessableContent)
        }
    }

    private func renderTokens(
        request: Request, context: StaffContext, secret: String? = nil, notice: String? = nil, problem: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let session = context.session
        let utc = TimeZone(secondsFromGMT: 0)!
        let tokens = try await APITokenService(store: services.store).tokens(of: session.staff.id)
        let view = TokensView(
            secret: secret,
            tokens: tokens.map { token in
                TokenRowView(
                    id: token.id.rawValue, name: token.name, prefix: token.prefix + "…",
                    scopes: token.scopes.sorted().map(\.rawValue).joined(separator: ", "),
                    created: FrenchDate.iso8601(token.createdAt, timeZone: utc),
                    lastUsed: token.lastUsedAt.map { FrenchDate.iso8601($0, timeZone: utc) })
            },
            hasTokens: !tokens.isEmpty,
            scopes: TokenScope.allCases.map {
                ScopeChoiceView(value: $0.rawValue, label: pages.strings(request).label("scope", $0.rawValue, otherwise: $0.label))
            })
        return try pages.render(
            "tokens", titleKey: "tokens_title", body: view, request: request, context: context,
            notice: secret == nil ? notice : pages.strings(request)["tokens_created"], problem: problem, status: status)
    }
}

struct TokensView: Sendable {
    /// The secret of the token just made, shown this once.
    var secret: String?
    var tokens: [TokenRowView]
    var hasTokens: Bool
    var scopes: [ScopeChoiceView]
}

struct TokenRowView: Sendable {
    var id: Int64
    var name: String
    var prefix: String
    var scopes: String
    var created: String
    var lastUsed: String?
}

struct ScopeChoiceView: Sendable {
    var value: String
    var label: String
}
