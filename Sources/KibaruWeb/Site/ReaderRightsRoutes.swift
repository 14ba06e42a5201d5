import Foundation
import Hummingbird
import KibaruCore
import KibaruServices
import KibaruText
import KibaruTheme

/// `/commentaires/mes-donnees/`: a commenter asks, by the e-mail they gave, for a copy of their comments or
/// their erasure. The link mailed to the address is the proof that it is theirs.
struct ReaderRightsRoutes: Sendable {
    let store: any ContentStore
    let theme: Theme
    let baseURL: String
    let rights: CommenterRights
    let mailer: (any MailSender)?

    struct RequestForm: Decodable {
        var courriel: String
    }

    struct SignedForm: Decodable {
        var courriel: String
        var expire: Int
        var signature: String
    }

    func register(on router: Router<KibaruContext>) {
        router.get("commentaires/mes-donnees", use: page)
        router.post("commentaires/mes-donnees", use: requestLink)
        router.post("commentaires/mes-donnees/effacer", use: erase)
    }

    @Sendable func page(_ request: Request, context: KibaruContext) async throws -> Response {
        let query = request.uri.queryParameters
        guard let email = query.get("courriel"), let expires = query.get("expire", as: Int.self),
            let signature = query.get("signature")
        else { return try await render(showRequest: true, request: request, context: context) }
        guard try await rights.verify(email: email, expires: expires, signature: signature) else {
            return try await render(
                showRequest: true, problem: "Ce lien n’est plus valable : demandez-en un autre.", status: .forbidden,
                request: request, context: context)
        }
        if query.get("format") == "json" {
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/json; charset=utf-8", .cacheControl: "no-store",
                    .contentDisposition: "attachment; filename=\"commentaires.json\"",
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: try await rights.exportJSON(email: email))))
        }
        let count = try await rights.export(email: email).count
        let link = "courriel=\(QueryEncoding.encode(email))&expire=\(expires)&signature=\(signature)"
        return try await render(
            showRequest: false,
            manage: ManageCommentsView(
                email: email, count: count, exportURL: "/commentaires/mes-donnees/?\(link)&format=json", expires: expires,
                signature: signature), request: request, context: context)
    }

    @Sendable func requestLink(_ request: Request, context: KibaruContext) async throws -> Response {
        var request = request
        let form = try await FormBody.decode(RequestForm.self, from: &request, context: context)
        guard let mailer else {
            return try await render(
                showRequest: false,
                problem: "Ce site n’envoie pas de courriel : écrivez à la rédaction, qui peut exporter ou effacer vos commentaires.",
                status: .serviceUnavailable, request: request, context: context)
        }
        do {
            try await rights.sendLink(
                email: form.courriel, baseURL: baseURL, clientAddress: context.clientAddress, mailer: mailer)
        } catch let errors as ValidationErrors {
            return try await render(
                showRequest: true, problem: errors.errors.map(\.message).joined(separator: " "),
                status: .unprocessableContent, request: request, context: context)
        } catch let throttled as CommentThrottled {
            return try await render(
                showRequest: false, problem: throttled.description, status: .tooManyRequests, request: request,
                context: context)
        }
        return try await render(
            showRequest: false,
            notice: "Si des commentaires ont été donnés sous cette adresse, un lien vient d’y être envoyé.",
            request: request, context: context)
    }

    @Sendable func erase(_ request: Request, context: KibaruContext) async throws -> Response {
        var request = request
        let form = try await FormBody.decode(SignedForm.self, from: &request, context: context)
        guard try await rights.verify(email: form.courriel, expires: form.expire, signature: form.signature) else {
            return try await render(
                showRequest: true, problem: "Ce lien n’est plus valable : demandez-en un autre.", status: .forbidden,
                request: request, context: context)
        }
        let count = try await rights.erase(email: form.courriel)
        return try await render(
            showRequest: false, notice: "\(count) commentaire\(count > 1 ? "s" : "") effacé\(count > 1 ? "s" : "").",
            request: request, context: context)
    }

    private func render(
        showRequest: Bool, manage: ManageCommentsView? = nil, notice: String? = nil, problem: String? = nil,
        status: HTTPResponse.Status = .ok, request: Request, context: KibaruContext
    ) async throws -> Response {
        let views = ViewBuilder(network: try await store.network(), theme: theme, baseURL: baseURL)
        let view = RightsPageView(
            chrome: views.chrome(site: nil, title: "Vos commentaires", description: nil, canonicalPath: nil),
            showRequest: showRequest, manage: manage, notice: notice, problem: problem)
        return try HTMLPage(status: status, html: theme.render("rights", view), cacheControl: "no-store")
            .response(from: request, context: context)
    }
}
