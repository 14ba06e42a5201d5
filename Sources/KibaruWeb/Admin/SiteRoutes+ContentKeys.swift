import Foundation
import Hummingbird
import KibaruCore
import KibaruServices
import KibaruText

/// « Clés de l’API de contenu » of a site, for its owners: a key made for a partner (shown this once), the list,
/// a key revoked. Once a site has a key, the Content API serves its content only with one.
extension SiteRoutes {
    struct ContentKeyForm: Decodable {
        var action: String
        var name: String?
        var key: Int64?
    }

    @Sendable func contentKeysPage(_ request: Request, context: StaffContext) async throws -> Response {
        try await renderContentKeys(request: request, context: context)
    }

    @Sendable func changeContentKeys(_ request: Request, context: StaffContext) async throws -> Response {
        var request = request
        let form = try await FormBody.decode(ContentKeyForm.self, from: &request, context: context)
        let slug = try Self.pathSlug(context)
        let keys = ContentKeyService(store: services.store)
        let strings = pages.strings(request)
        do {
            switch form.action {
            case "create":
                let created = try await keys.create(name: form.name ?? "", siteSlug: slug, actor: context.session)
                return try await renderContentKeys(request: request, context: context, text: created.text)
            case "revoke":
                guard let id = form.key else { throw HTTPError(.badRequest, message: "clé manquante") }
                try await keys.revoke(ContentKey.ID(id), siteSlug: slug, actor: context.session)
                return try await renderContentKeys(request: request, context: context, notice: strings["content_keys_revoked"])
            default:
                throw HTTPError(.badRequest, message: "action inconnue")
            }
        } catch let errors as ValidationErrors {
            return try await renderContentKeys(
                request: request, context: context, problem: pages.messages(errors, request),
                status: .unprocessableContent)
        }
    }

    static func pathSlug(_ context: StaffContext) throws -> Slug {
        guard let slug = Slug(rawValue: try context.parameters.require("slug")) else { throw HTTPError(.notFound) }
        return slug
    }

    private func renderContentKeys(
        request: Request, context: StaffContext, text: String? = nil, notice: String? = nil, problem: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let (site, keys): (Site, [ContentKey])
        do {
            (site, keys) = try await ContentKeyService(store: services.store).keys(
                siteSlug: try Self.pathSlug(context), actor: context.session)
        } catch ContentError.forbidden {
            throw ContentError.notFound(what: L("site"))
        }
        let view = ContentKeysView(
            siteSlug: site.slug.rawValue, siteTitle: site.title, text: text,
            keys: keys.map { key in
                ContentKeyRowView(
                    id: key.id.rawValue, name: key.name, prefix: key.prefix + "…",
                    created: FrenchDate.iso8601(key.createdAt, timeZone: site.zone))
            },
            hasKeys: !keys.isEmpty)
        return try pages.render(
            "content-keys", titleKey: "content_keys_title", body: view, request: request, context: context,
            notice: text == nil ? notice : pages.strings(request)["content_keys_created"], problem: problem,
            status: status)
    }
}

struct ContentKeysView: Sendable {
    var siteSlug: String
    var siteTitle: String
    /// The key just made, shown this once.
    var text: String?
    var keys: [ContentKeyRowView]
    var hasKeys: Bool
}

struct ContentKeyRowView: Sendable {
    var id: Int64
    var name: String
    var prefix: String
    var created: String
}
