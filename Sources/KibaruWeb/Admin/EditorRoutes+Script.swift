import Foundation
import Hummingbird
import KibaruCore
import KibaruMarkdown
import KibaruServices
import KibaruText

/// The endpoints the editor's script uses when JavaScript runs: live preview, article search for LIRE AUSSI
/// blocks, tag suggestions. Each has a plain-form equivalent for browsers without JavaScript.
extension EditorRoutes {
    struct PreviewForm: Decodable {
        var body: String
        /// The slug of the article's site, whose language the blocks' words follow (French without it).
        var site: String?
    }

    struct ArticleChoice: ResponseEncodable {
        var id: Article.ID
        var title: String
        var state: String
    }

    /// The body rendered as the public page of a site in `language` will show it, LIRE AUSSI blocks resolved to
    /// their current titles.
    func previewHTML(_ markdown: String, language: String) async throws -> String {
        let blocks = (try? ArticleSource.parse(markdown)) ?? [.markdown(markdown)]
        var targets: [Article.ID: ReadAlsoTarget] = [:]
        let sites = Dictionary(uniqueKeysWithValues: try await services.store.sites().map { ($0.id, $0) })
        for case .readAlso(let readAlso) in blocks {
            guard let id = readAlso.articleID, let article = try await services.store.article(id: id),
                article.state == .published, let date = article.publishedAt, let site = sites[article.siteID]
            else { continue }
            targets[id] = ReadAlsoTarget(
                title: article.title,
                url: Permalink.article(site: site.slug, slug: article.slug, publishedAt: date, timeZone: site.zone))
        }
        return ArticleRenderer().render(blocks, language: language) { targets[$0] }.html
    }

    @Sendable func livePreview(_ request: Request, context: StaffContext) async throws -> Response {
        var request = request
        let form = try await FormBody.decode(PreviewForm.self, from: &request, context: context)
        var language = "fr"
        if let slug = form.site.flatMap(Slug.init(rawValue:)), let site = try await services.store.site(slug: slug) {
            language = site.language
        }
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: try await previewHTML(form.body, language: language))))
    }

    /// The site named by the `site` query parameter, when the staff member works on it.
    private func querySite(_ request: Request, context: StaffContext) async throws -> Site.ID? {
        guard let slug = request.uri.queryParameters.get("site").flatMap(Slug.init(rawValue:)) else { return nil }
        return try await services.workspace.workedSite(slug: slug, actor: context.session)?.id
    }

    /// Published articles of a site whose title contains the query, for LIRE AUSSI blocks.
    @Sendable func searchArticles(_ request: Request, context: StaffContext) async throws -> [ArticleChoice] {
        guard let siteID = try await querySite(request, context: context) else { return [] }
        let query = request.uri.queryParameters
        let rows = try await services.store.articleRows(
            ArticleFilter(siteIDs: [siteID], state: .published, search: query.get("q") ?? ""), limit: 10)
        return rows.map { ArticleChoice(id: $0.id, title: $0.title, state: $0.state.rawValue) }
    }

    /// The site's tag names starting with (or containing) the query, accents ignored.
    @Sendable func suggestTags(_ request: Request, context: StaffContext) async throws -> [String] {
        guard let siteID = try await querySite(request, context: context) else { return [] }
        let needle = Folding.fold(request.uri.queryParameters.get("q") ?? "")
        let names = try await services.store.tagsWithCounts(siteID: siteID).map(\.tag.name)
        return Array(names.filter { Folding.fold($0).contains(needle) }
            .sorted { Folding.fold($0).hasPrefix(needle) && !Folding.fold($1).hasPrefix(needle) }.prefix(10))
    }
}
