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
    let wording: MailWording

    struct RequestForm: Decodable {
        var courriel: String
        var site: String?
    }

    struct SignedForm: Decodable {
        var courriel: String
        var expire: Int
        var signature: String
        var site: String?
    }

    func register(on router: Router<KibaruContext>) {
        router.get("commentaires/mes-donnees", use: page)
        router.post("commentaires/mes-donnees", use: requestLink)
        router.post("commentaires/mes-donnees/effacer", use: erase)
    }

    @Sendable func page(_ request: Request, context: KibaruContext) async throws -> Response {
        let query = request.uri.queryParameters
        let site = query.get("site")
        guard let email = query.get("courriel"), let expires = query.get("expire", as: Int.self),
            let signature = query.get("signature")
        else { return try await render(showRequest: true, site: site, request: request, context: context) }
        guard try await rights.verify(email: email, expires: expires, signature: signature) else {
            return try await render(
                showRequest: true, problem: .key("rights_link_expired"), status: .forbidden, site: site,
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
                signature: signature), site: site, request: request, context: context)
    }

    @Sendable func requestLink(_ request: Request, context: KibaruContext) async throws -> Response {
        var request = request
        let form = try await FormBody.decode(RequestForm.self, from: &request, context: context)
        guard let mailer else {
            return try await render(
                showRequest: false, problem: .key("rights_no_mail"), status: .serviceUnavailable, site: form.site,
                request: request, context: context)
        }
        var site: Site?
        if let slug = form.site.flatMap(Slug.init(rawValue:)) { site = try await store.site(slug: slug) }
        do {
            try await rights.sendLink(
                email: form.courriel, site: site, baseURL: baseURL, clientAddress: context.clientAddress, mailer: mailer,
                wording: wording)
        } catch let errors as ValidationErrors {
            return try await render(
                showRequest: true,
                problem: .text(CommentRoutes.translated(errors.errors, theme.strings(site?.language ?? "fr")).map(\.message)
                    .joined(separator: " ")),
                status: .unprocessableContent, site: form.site, request: request, context: context)
        } catch let throttled as CommentThrottled {
            return try await render(
                showRequest: false, problem: .key("comment_error_throttled", ["minutes": "\(throttled.minutes)"]),
                status: .tooManyRequests, site: form.site, request: request, context: context)
        }
        return try await render(
            showRequest: false, notice: .key("rights_link_sent"), site: form.site, request: request, context: context)
    }

    @Sendable func erase(_ request: Request, context: KibaruContext) async throws -> Response {
        var request = request
        let form = try await FormBody.decode(SignedForm.self, from: &request, context: context)
        guard try await rights.verify(email: form.courriel, expires: form.expire, signature: form.signature) else {
            return try await render(
                showRequest: true, problem: .key("rights_link_expired"), status: .forbidden, site: form.site,
                request: request, context: context)
        }
        let count = try await rights.erase(email: form.courriel)
        return try await render(
            showRequest: false,
            notice: count == 1 ? .key("rights_erased_one") : .key("rights_erased_many", ["count": "\(count)"]),
            site: form.site, request: request, context: context)
    }

    /// A message of the page: a key of the theme's strings (with its values), or a text as the domain wrote it.
    enum Message {
        case key(String, [String: String] = [:])
        case text(String)

        func text(_ t: [String: String]) -> String {
            switch self {
            case .key(let key, let values): Catalogue.fill(t[key], values)
            case .text(let text): text
            }
        }
    }

    /// The page, in the language (and with the look) of the site the reader came from, `site` (a slug), if any.
    private func render(
        showRequest: Bool, manage: ManageCommentsView? = nil, notice: Message? = nil, problem: Message? = nil,
        status: HTTPResponse.Status = .ok, site slug: String?, request: Request, context: KibaruContext
    ) async throws -> Response {
        let views = ViewBuilder(network: try await store.network(), theme: theme, baseURL: baseURL)
        var site: Site?
        if let slug = slug.flatMap(Slug.init(rawValue:)) { site = try await store.site(slug: slug) }
        let t = views.strings(site)
        var view = RightsPageView(
            chrome: views.chrome(site: site, title: t["rights_title"], description: nil, canonicalPath: nil),
            showRequest: showRequest, manage: manage, notice: notice?.text(t), problem: problem?.text(t))
        view.siteSlug = site?.slug.rawValue ?? ""
        return try HTMLPage(status: status, html: theme.render("rights", view), cacheControl: "no-store")
            .response(from: request, context: context)
    }
}
