import Foundation
import HTTPTypes
import Hummingbird
import KibaruCore
import KibaruServices
import KibaruTheme

/// The reader-facing pages: network front page, site homes, articles, tag, author and entity pages, with
/// pagination; search, feeds and sitemaps (in `PublicSiteRoutes+Discovery.swift`).
/// Sites are reached by their first path segment (`/{site}/…`) or by their own host name.
struct PublicSiteRoutes: Sendable {
    let store: any ContentStore
    let staffStore: any StaffStore
    let theme: Theme
    let baseURL: String
    /// The host of ``baseURL`` (lowercase), which always serves the network; read once, not per request.
    let networkHost: String?
    let pageSize: Int
    let comments: CommentRoutes
    /// The clock (news sitemaps list the last two days).
    let now: @Sendable () -> Date

    func register(on router: Router<KibaruContext>) {
        router.get("/", use: page)
        router.get("**", use: page)
    }

    /// A page, or the 301 an imported site's old address (`/?p=12`, `/category/sport/`) now leads to.
    @Sendable func page(_ request: Request, context: KibaruContext) async throws -> Response {
        let legacyQuery = ["p", "page_id", "attachment_id", "cat"].first { request.uri.queryParameters.get($0) != nil }
        if legacyQuery != nil, let target = try await legacyTarget(request, onlyQuery: legacyQuery) {
            return .redirect(to: target, type: .permanent)
        }
        do {
            return try await publicPage(request, context: context)
        } catch let error as PublicError where error.status == 404 {
            if let target = try await legacyTarget(request, onlyQuery: nil) { return .redirect(to: target, type: .permanent) }
            throw error
        }
    }

    /// Where an old address of an imported site leads: its path relative to the site (by host or first segment),
    /// with its query, or only the query parameter `onlyQuery` (`/?p=12`).
    private func legacyTarget(_ request: Request, onlyQuery: String?) async throws -> String? {
        var segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        var site = try await siteForHost(request)
        if site == nil, let first = segments.first, let slug = Slug(rawValue: String(first)) {
            site = try await store.site(slug: slug)
            segments = segments.dropFirst()
        }
        guard let siteID = site?.id else { return nil }
        var path = "/" + segments.joined(separator: "/")
        if let onlyQuery {
            guard let value = request.uri.queryParameters.get(onlyQuery) else { return nil }
            path = "/?\(onlyQuery)=\(value)"
        } else if let query = request.uri.query, !query.isEmpty {
            path += "?" + query
        }
        // Targets are the site's own paths; anything else is not followed (never an open redirect).
        guard let target = try await store.legacyRedirect(siteID: siteID, path: path), target.hasPrefix("/"),
            !target.hasPrefix("//")
        else { return nil }
        return target
    }

    private func publicPage(_ request: Request, context: KibaruContext) async throws -> Response {
        let path = request.uri.path
        if path.hasPrefix("/media/") { throw HTTPError(.notFound) }  // left to the media files middleware
        let segments = path.split(separator: "/")
        // WordPress-style URLs end with a slash: send other forms to the canonical one.
        // "//host/" would redirect off the site, and so would "/\host/": browsers read a backslash as a slash.
        if path.hasPrefix("//") || path.contains("\\") || path.lowercased().contains("%5c") {
            throw PublicError.notFound(nil)
        }
        if !path.hasSuffix("/"), let last = segments.last, !last.contains(".") {
            let query = request.uri.query.map { "?\($0)" } ?? ""
            return .redirect(to: path + "/" + query, type: .permanent)
        }
        let hostSite = try await siteForHost(request)
        let sitesBySlug = Dictionary(uniqueKeysWithValues: try await store.sites().map { ($0.slug.rawValue, $0) })
        guard let publicPath = PublicPath.parse(
            segments, isSiteSegment: { sitesBySlug[String($0)] != nil }, hostHasSite: hostSite != nil)
        else { throw PublicError.notFound(hostSite) }
        let network = try await store.network()
        let views = ViewBuilder(network: network, theme: theme, baseURL: baseURL)
        switch publicPath {
        case .networkHome(let number):
            let listing = try await store.publishedArticles(.network, page: PageRequest(number: number, size: pageSize))
            guard number == 1 || number <= listing.pageCount else { throw PublicError.notFound(nil) }
            let view = views.listing(
                site: nil, heading: "Derniers articles", intro: network.tagline.isEmpty ? nil : network.tagline,
                documentTitle: nil, page: listing, basePath: "/")
            return try HTMLPage(html: theme.render("listing", view)).response(from: request, context: context)
        case .network(let networkPath):
            return try await networkPage(
                networkPath, network: network, sites: Array(sitesBySlug.values), views: views, request: request,
                context: context)
        case .site(let slug, let sitePath):
            guard let site = slug.flatMap({ sitesBySlug[$0] }) ?? hostSite else { throw PublicError.notFound(nil) }
            return try await sitePage(sitePath, site: site, views: views, request: request, context: context)
        }
    }

    private func sitePage(
        _ path: SitePath, site: Site, views: ViewBuilder, request: Request, context: KibaruContext
    ) async throws -> Response {
        guard let siteID = site.id else { throw PublicError.notFound(site) }
        let html: String
        switch path {
        case .home(let number):
            let listing = try await listingPage(.site(siteID), number: number, site: site)
            html = try theme.render(
                "listing",
                views.listing(
                    site: site, heading: site.title, intro: site.tagline.isEmpty ? nil : site.tagline,
                    documentTitle: nil, page: listing, basePath: Permalink.site(site.slug)))
        case .tag(let slug, let number):
            guard let tagSlug = Slug(rawValue: slug), let tag = try await store.tag(siteID: siteID, slug: tagSlug),
                let tagID = tag.id
            else { throw PublicError.notFound(site) }
            let listing = try await listingPage(.tag(tagID), number: number, site: site)
            let heading = tag.kind.map { "\($0.label) : \(tag.name)" } ?? "Étiquette : \(tag.name)"
            html = try theme.render(
                "listing",
                views.listing(
                    site: site, heading: heading, intro: nil, documentTitle: tag.name, page: listing,
                    basePath: Permalink.tag(site: site.slug, tag: tag.slug), hasOwnFeed: true))
        case .author(let slug, let number):
            guard let personSlug = Slug(rawValue: slug), let person = try await store.person(slug: personSlug),
                let personID = person.id
            else { throw PublicError.notFound(site) }
            let listing = try await listingPage(.author(siteID: siteID, personID: personID), number: number, site: site)
            guard listing.total > 0 else { throw PublicError.notFound(site) }
            html = try theme.render(
                "listing",
                views.listing(
                    site: site, heading: "Articles de \(person.name)", intro: person.bio.isEmpty ? nil : person.bio,
                    documentTitle: person.name, page: listing,
                    basePath: Permalink.author(site: site.slug, person: person.slug), hasOwnFeed: true))
        case .entity(let slug, let number):
            guard let entitySlug = Slug(rawValue: slug), let entity = try await store.entity(siteID: siteID, slug: entitySlug)
            else { throw PublicError.notFound(site) }
            let listing = try await listingPage(.entity(siteID: siteID, slug: entitySlug), number: number, site: site)
            html = try theme.render(
                "listing",
                views.listing(
                    site: site, heading: "\(entity.kind.label) : \(entity.name)",
                    intro: "Les articles de \(site.title) qui mentionnent \(entity.name).", documentTitle: entity.name,
                    page: listing, basePath: Permalink.entity(site: site.slug, entity: entity.slug)))
        case .search:
            return try await searchPage(site: site, views: views, request: request, context: context)
        case .feed(let format):
            return try await feed(
                .site(siteID), format: format, title: site.title, description: site.tagline,
                homePath: Permalink.site(site.slug), language: site.language, views: views)
        case .tagFeed(let slug, let format):
            guard let tagSlug = Slug(rawValue: slug), let tag = try await store.tag(siteID: siteID, slug: tagSlug),
                let tagID = tag.id
            else { throw PublicError.notFound(site) }
            return try await feed(
                .tag(tagID), format: format, title: "\(tag.name) – \(site.title)", description: site.tagline,
                homePath: Permalink.tag(site: site.slug, tag: tag.slug), language: site.language, views: views)
        case .authorFeed(let slug, let format):
            guard let personSlug = Slug(rawValue: slug), let person = try await store.person(slug: personSlug),
                let personID = person.id
            else { throw PublicError.notFound(site) }
            return try await feed(
                .author(siteID: siteID, personID: personID), format: format, title: "\(person.name) – \(site.title)",
                description: person.bio, homePath: Permalink.author(site: site.slug, person: person.slug),
                language: site.language, views: views)
        case .sitemapIndex, .sitemapPages, .sitemapArticles, .newsSitemap, .robots:
            return try await siteFile(path, site: site, views: views, request: request, context: context)
        case .commentsFeed:
            return try await commentsFeed(site: site, article: nil, request: request, context: context)
        case .articleCommentsFeed(_, _, _, let slug):
            guard let articleSlug = Slug(rawValue: slug),
                let article = try await store.publishedArticle(siteID: siteID, slug: articleSlug)
            else { throw PublicError.notFound(site) }
            return try await commentsFeed(site: site, article: article, request: request, context: context)
        case .article(let year, let month, let day, let slug):
            guard let articleSlug = Slug(rawValue: slug),
                let article = try await store.publishedArticle(siteID: siteID, slug: articleSlug),
                let articleID = article.id, let publishedAt = article.publishedAt
            else { throw PublicError.notFound(site) }
            let canonical = Permalink.article(
                site: site.slug, slug: article.slug, publishedAt: publishedAt, timeZone: site.zone)
            let requested = String(format: "/%04d/%02d/%02d/", year, month, day)
            guard canonical.contains(requested) else {  // a wrong date in the URL: send to the real one
                return .redirect(to: canonical, type: .permanent)
            }
            let approved = try await store.approvedComments(articleID: articleID)
            let form = try await comments.emptyForm(
                article: article, site: site, path: canonical, comments: approved, request: request)
            let related = try await store.relatedArticles(articleID: articleID)
            let entities = try await store.entities(articleID: articleID)
            html = try theme.render(
                "article",
                views.article(
                    article, site: site, comments: approved, form: form, commentNotice: CommentRoutes.notice(request),
                    related: related, entities: entities))
        }
        return try HTMLPage(html: html).response(from: request, context: context)
    }

    /// The RSS feed of the latest 50 approved comments of a site, or of one article.
    private func commentsFeed(site: Site, article: Article?, request: Request, context: KibaruContext) async throws
        -> Response
    {
        var comments: [(comment: Comment, articleTitle: String, articleURL: String)] = []
        var articles: [Int64: Article] = [:]
        if let article, let id = article.id {
            articles[id] = article
            for comment in try await store.approvedComments(articleID: id).reversed().prefix(50) {
                comments.append((comment, article.title, ""))
            }
        } else {
            for (comment, title) in try await staffStore.comments(siteIDs: [site.id!], status: .approved, limit: 50) {
                if articles[comment.articleID] == nil { articles[comment.articleID] = try await staffStore.article(id: comment.articleID) }
                comments.append((comment, title, ""))
            }
        }
        comments = comments.compactMap { item in
            guard let article = articles[item.comment.articleID], article.state == .published,
                let date = article.publishedAt
            else { return nil }
            let path = Permalink.article(site: site.slug, slug: article.slug, publishedAt: date, timeZone: site.zone)
            return (item.comment, item.articleTitle, baseURL + path)
        }
        let link = baseURL + (article.map { Permalink.article(site: site.slug, slug: $0.slug, publishedAt: $0.publishedAt!, timeZone: site.zone) } ?? Permalink.site(site.slug))
        let view = CommentsFeedView(
            title: article.map { "Commentaires sur « \($0.title) »" } ?? "Commentaires – \(site.title)", link: link,
            selfURL: baseURL + request.uri.path, description: site.tagline.isEmpty ? site.title : site.tagline,
            language: site.language, comments: comments)
        let xml = try theme.render("comments-feed", view)
        return Response(
            status: .ok,
            headers: [.contentType: "application/rss+xml; charset=utf-8", .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: ByteBuffer(string: xml)))
    }

    /// A page of a listing; pages past the last are not found (the first page always exists).
    private func listingPage(_ listing: ArticleListing, number: Int, site: Site) async throws -> Page<ArticleSummary> {
        let page = try await store.publishedArticles(listing, page: PageRequest(number: number, size: pageSize))
        guard number <= page.pageCount else { throw PublicError.notFound(site) }
        return page
    }

    private static let hostField = HTTPField.Name("Host")!

    /// The site whose host name is the request's Host (without port), if any.
    private func siteForHost(_ request: Request) async throws -> Site? {
        // The HTTP/1 server moves Host into the authority; an in-process request carries it as a field.
        guard let authority = request.headers[PublicSiteRoutes.hostField] ?? request.head.authority else { return nil }
        let host = authority.split(separator: ":").first.map { String($0).lowercased() } ?? ""
        // The network's own host always serves the network, whatever a site's settings say.
        guard !host.isEmpty, host != networkHost else { return nil }
        return try await store.site(host: host)
    }
}
