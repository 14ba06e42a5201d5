import Foundation
import Hummingbird
import KibaruCore
import KibaruMarkdown
import KibaruServices

/// An image of the library with the figure block that inserts it in an article.
struct MediaItemView: Sendable {
    var id: Int64
    var url: String
    var alt: String
    var caption: String
    var width: Int
    var height: Int
    var snippet: String

    init(_ item: MediaItem) {
        id = item.id.rawValue
        url = item.url
        alt = item.alt
        caption = item.caption
        width = item.width
        height = item.height
        snippet = ArticleSource.serialize([.figure(item.figure)])
    }
}

struct MediaListView: Sendable {
    var items: [MediaItemView]
    var hasItems: Bool
}

struct MediaPageView: Sendable {
    var sites: [OptionView]
    var alt: String
    var caption: String
    var creditAuthor: String
    var creditSource: String
    var creditLicence: String
    var creditURL: String
    var errors: [FieldError]
    var hasErrors: Bool
    var items: [MediaItemView]
    var hasItems: Bool
}

/// The media library: images uploaded with their alt text, caption and structured credit, on the sites where one
/// may write.
struct MediaRoutes: AdminArea {
    let services: AdminServices
    let pages: AdminPages

    func register(on staff: RouterGroup<StaffContext>) {
        staff.get("medias", use: mediaPage).post("medias", use: uploadMedia)
    }

    struct UploadForm: Decodable {
        var site: String
        var file: Data
        var alt: String?
        var caption: String?
        var creditAuthor: String?
        var creditSource: String?
        var creditLicence: String?
        var creditURL: String?
    }

    @Sendable func mediaPage(_ request: Request, context: StaffContext) async throws -> Response {
        let session = context.session
        return try await renderMedia(UploadForm(site: "", file: Data()), session: session, request: request,
                                     context: context)
    }

    @Sendable func uploadMedia(_ request: Request, context: StaffContext) async throws -> Response {
        let session = context.session
        var request = request
        let form = try await FormBody.decode(UploadForm.self, from: &request, context: context)
        guard let slug = Slug(rawValue: form.site) else { throw HTTPError(.badRequest, message: "site inconnu") }
        func text(_ value: String?) -> String? {
            let trimmed = (value ?? "").trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        }
        do {
            _ = try await services.media.upload(
                MediaUpload(
                    bytes: Array(form.file), siteSlug: slug, alt: text(form.alt) ?? "", caption: text(form.caption) ?? "",
                    credit: Credit(author: text(form.creditAuthor), source: text(form.creditSource),
                                   licence: text(form.creditLicence), sourceURL: text(form.creditURL))),
                actor: session)
            return try await renderMedia(
                UploadForm(site: form.site, file: Data()), session: session, request: request, context: context,
                notice: pages.strings(request)["media_saved"])
        } catch let errors as ValidationErrors {
            return try await renderMedia(form, session: session, request: request, context: context,
                                         errors: pages.translated(errors, request), status: .unprocessableContent)
        } catch ContentError.forbidden {
            return try pages.message(
                status: .forbidden, heading: "forbidden_title", message: "forbidden_message", request: request,
                context: context)
        }
    }

    private func renderMedia(
        _ form: UploadForm, session: StaffSession, request: Request, context: StaffContext,
        errors: [FieldError] = [], notice: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let items = try await services.libraryItems(session)
        let sites = try await services.workspace.sites(where: .writeDraft, actor: session).map {
            OptionView(value: $0.slug.rawValue, label: $0.title, selected: $0.slug.rawValue == form.site)
        }
        let view = MediaPageView(
            sites: sites, alt: form.alt ?? "", caption: form.caption ?? "", creditAuthor: form.creditAuthor ?? "",
            creditSource: form.creditSource ?? "", creditLicence: form.creditLicence ?? "",
            creditURL: form.creditURL ?? "", errors: errors, hasErrors: !errors.isEmpty, items: items,
            hasItems: !items.isEmpty)
        return try pages.render(
            "media", titleKey: "media_title", body: view, request: request, context: context, notice: notice,
            status: status)
    }
}

extension AdminServices {
    /// The library's newest images on the sites where the staff member may write.
    func libraryItems(_ session: StaffSession) async throws -> [MediaItemView] {
        let siteIDs = try await workspace.sites(where: .writeDraft, actor: session).map(\.id)
        return try await store.media(siteIDs: siteIDs, limit: 30).map(MediaItemView.init)
    }
}
