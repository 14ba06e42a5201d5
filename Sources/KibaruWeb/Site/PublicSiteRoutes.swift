import Foundation
import HTTPTypes
import Hummingbird
import KibaruCore
import KibaruServices
import KibaruText
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
    /// Pages served again until a change touches them; `nil` renders every page.
    let cache: PageCache?
    /// The network and its sites, in memory.
    let directory: SiteDirectory
    /// The search pages' choices of tags, authors and years, in memory.
    let searchFilters: SearchFilters
    /// The clock (news sitemaps list the last two days).
    let now: @Sendable () -> Date

    init(
        store: any ContentStore, staffStore: any StaffStore, theme: Theme, baseURL: String, networkHost: String?,
        pageSize: Int, comments: CommentRoutes, cache: PageCache?, directory: SiteDirectory,
        now: @escaping @Sendable () -> Date
    ) {
        self.store = store
        self.staffStore = staffStore
        self.theme = theme
        self.baseURL = baseURL
        self.networkHost = networkHost
        self.pageSize = pageSize
        self.comments = comments
        self.cache = cache
        self.directory = directory
        self.searchFilters = SearchFilters(store: store)
        self.now = now
    }

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
            return try await cachedPage(request, context: context)
        } catch let error as PublicError where error.status == 404 {
            if let target = try await legacyTarget(request, onlyQuery: nil) { return .redirect(to: target, type: .permanent) }
            throw error
        }
    }

    /// Where an old address of an imported site leads: its path relative to the site (by host or first segment),
    /// with its query, or only the query parameter `onlyQuery` (`/?p=12`).
    private func legacyTarget(_ request: Request, onlyQuery: String?) async throws -> String? {
        var segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        let sites = try await directory.snapshot()
        var site = siteForHost(request, in: sites)
        if site == nil, let first = segments.first {
            site = sites.sitesBySlug[String(first)]
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

    /// The answer to a GET whose page the cache holds, or `nil`: ``PageCacheMiddleware`` serves it before the router
    /// looks for a route (a tenth of a hit's time), with the route's name for the metrics.
    func cachedAnswer(to request: Request, context: KibaruContext) async throws -> Response? {
        guard let cache, request.method == .get, let key = cacheKey(request), let hit = cache.page(for: key, now: now(), counting: false)
        else { return nil }
        cache.countHit()
        context.coreContext.endpointPath.value = request.uri.path == "/" ? "/" : "/**"
        return try await respond(hit.document, to: request, cacheStatus: "Kibaru; hit")
    }

    /// The page from the cache, or rendered and kept there when it may be.
    private func cachedPage(_ request: Request, context: KibaruContext) async throws -> Response {
        guard let cache, let key = cacheKey(request) else {
            var record = PageRecord()
            return try await publicPage(request, context: context, record: &record)
        }
        if let hit = cache.page(for: key, now: now()) {
            return try await respond(hit.document, to: request, cacheStatus: "Kibaru; hit")
        }
        // Read before the page's reads: a change after it that the cache applies meanwhile keeps the page out.
        let changeID = try await store.latestChangeID()
        var record = PageRecord()
        let response = try await publicPage(request, context: context, record: &record)
        if let document = record.document {
            cache.store(
                PageCache.Page(document: document, dependencies: record.dependencies, expires: record.expires),
                for: key, renderedAfter: changeID)
        }
        return response
    }

    /// The cache's key for a request it may answer: a GET (or HEAD) without a query string.
    private func cacheKey(_ request: Request) -> PageCache.Key? {
        guard request.method == .get || request.method == .head, request.uri.query?.isEmpty ?? true else { return nil }
        let authority = request.headers[PublicSiteRoutes.hostField] ?? request.head.authority ?? ""
        return PageCache.Key(host: PageCache.Key.host(ofAuthority: authority), path: request.uri.path)
    }

    /// Serves `document`, with a fresh comment form token when it has a form.
    func respond(_ document: CachedDocument, to request: Request, cacheStatus: String) async throws -> Response {
        let now = now()
        if let response = document.response(to: request, formToken: nil, now: now, cacheStatus: cacheStatus) {
            return response
        }
        // A page with a comment form whose body of this second is not made yet: made now, with a token.
        let token = try await comments.posting.formToken(articleID: document.formArticleID ?? 0, at: now)
        guard let response = document.response(to: request, formToken: token, now: now, cacheStatus: cacheStatus)
        else { throw HTTPError(.internalServerError) }  // a document answers whenever it is given a token
        return response
    }

    /// Serves a reader document and records it, so that the cache may keep it.
    func serve(
        _ text: String, contentType: String = "text/html; charset=utf-8",
        cacheControl: String = "public, max-age=0, s-maxage=60", formArticleID: Article.ID? = nil,
        request: Request, record: inout PageRecord
    ) async throws -> Response {
        let document = CachedDocument(
            text: text, contentType: contentType, cacheControl: cacheControl, formArticleID: formArticleID)
        record.document = document
        return try await respond(document, to: request, cacheStatus: cache == nil ? "Kibaru; fwd=bypass" : "Kibaru; fwd=miss")
    }

    private func publicPage(_ request: Request, context: KibaruContext, record: inout PageRecord) async throws
        -> Response
    {
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
        let directory = try await directory.snapshot()
        let hostSite = siteForHost(request, in: directory)
        let sitesBySlug = directory.sitesBySlug
        guard let publicPath = PublicPath.parse(
            segments, isSiteSegment: { sitesBySlug[String($0)] != nil }, hostHasSite: hostSite != nil)
        else {
            // A page a site does not have is that site's error page, in its language.
            throw PublicError.notFound(hostSite ?? segments.first.flatMap { sitesBySlug[String($0)] })
        }
        let network = directory.network
        let views = ViewBuilder(network: network, theme: theme, baseURL: baseURL)
        switch publicPath {
        case .networkHome(let number):
            let listing = try await store.publishedArticles(.network, page: PageRequest(number: number, size: pageSize))
            guard number == 1 || number <= listing.pageCount else { throw PublicError.notFound(nil) }
            let view = views.listing(
                site: nil, heading: views.strings(nil)["latest_articles"] ?? "",
                intro: network.tagline.isEmpty ? nil : network.tagline,
                documentTitle: nil, page: listing, basePath: "/", front: true, sites: Array(sitesBySlug.values))
            record.addChrome(site: nil)
            record.add(.networkListing)
            record.add(.sites)
            record.add(cards: listing.items)
            return try await serve(theme.render("listing", view), request: request, record: &record)
        case .network(let networkPath):
            return try await networkPage(
                networkPath, network: network, sites: Array(sitesBySlug.values), views: views, request: request,
                context: context, record: &record)
        case .site(let slug, let sitePath):
            guard let site = slug.flatMap({ sitesBySlug[$0] }) ?? hostSite else { throw PublicError.notFound(nil) }
            return try await sitePage(
                sitePath, site: site, views: views, request: request, context: context, record: &record)
        }
    }

    private func sitePage(
        _ path: SitePath, site: Site, views: ViewBuilder, request: Request, context: KibaruContext,
        record: inout PageRecord
    ) async throws -> Response {
        let siteID = site.id
        let html: String
        var formArticleID: Article.ID?
        let t = views.strings(site)
        record.addChrome(site: site)
        switch path {
        case .home(let number):
            let listing = try await listingPage(.site(siteID), number: number, site: site)
            record.add(.siteListing(siteID))
            if number == 1 { record.add(.siteContent(siteID)) }  // its sections: the tags in use
            record.add(cards: listing.items)
            let sections = number == 1 ? try await store.read { tx in try await tx.tagsInUse(siteID: siteID) }.map(\.tag) : []
            html = try theme.render(
                "listing",
                views.listing(
                    site: site, heading: site.title, intro: site.tagline.isEmpty ? nil : site.tagline,
                    documentTitle: nil, page: listing, basePath: Permalink.site(site.slug), front: true,
                    sections: sections))
        case .tagIndex:
            let tags = try await store.read { tx in try await tx.tagsInUse(siteID: siteID) }
            record.add(.siteContent(siteID))
            html = try theme.render("listing", views.tagIndex(site: site, tags: tags))
        case .tag(let slug, let number):
            guard let tagSlug = Slug(rawValue: slug), let tag = try await store.tag(siteID: siteID, slug: tagSlug)
            else { throw PublicError.notFound(site) }
            let tagID = tag.id
            let listing = try await listingPage(.tag(tagID), number: number, site: site)
            record.add(.tag(tagID))
            record.add(.tagListing(tagID))
            record.add(cards: listing.items)
            let heading = tag.kind.map { kind in
                Catalogue.fill(t["kind_heading"], ["kind": t["kind_\(kind.rawValue)"] ?? kind.label, "name": tag.name])
            } ?? Catalogue.fill(t["tag_heading"], ["name": tag.name])
            html = try theme.render(
                "listing",
                views.listing(
                    site: site, heading: heading, intro: nil, documentTitle: tag.name, page: listing,
                    basePath: Permalink.tag(site: site.slug, tag: tag.slug), hasOwnFeed: true))
        case .author(let slug, let number):
            guard let personSlug = Slug(rawValue: slug), let person = try await store.person(slug: personSlug)
            else { throw PublicError.notFound(site) }
            let personID = person.id
            let listing = try await listingPage(.author(siteID: siteID, personID: personID), number: number, site: site)
            guard listing.total > 0 else { throw PublicError.notFound(site) }
            record.add(.person(personID))
            record.add(.authorListing(personID))
            record.add(cards: listing.items)
            html = try theme.render(
                "listing",
                views.listing(
                    site: site,
                    heading: Catalogue.fill(t["author_heading"], ["name": person.name, "of_name": FrenchGrammar.of(person.name)]),
                    intro: person.bio.isEmpty ? nil : person.bio,
                    documentTitle: person.name, page: listing,
                    basePath: Permalink.author(site: site.slug, person: person.slug), hasOwnFeed: true))
        case .entity(let slug, let number):
            guard let entitySlug = Slug(rawValue: slug), let entity = try await store.entity(siteID: siteID, slug: entitySlug)
            else { throw PublicError.notFound(site) }
            let listing = try await listingPage(.entity(siteID: siteID, slug: entitySlug), number: number, site: site)
            record.add(.entityListing(siteID: siteID, slug: entitySlug))
            record.add(cards: listing.items)
            html = try theme.render(
                "listing",
                views.listing(
                    site: site,
                    heading: Catalogue.fill(
                        t["kind_heading"], ["kind": t["kind_\(entity.kind.rawValue)"] ?? entity.kind.label, "name": entity.name]),
                    intro: Catalogue.fill(t["entity_intro"], ["site": site.title, "name": entity.name]),
                    documentTitle: entity.name,
                    page: listing, basePath: Permalink.entity(site: site.slug, entity: entity.slug)))
        case .search:
            return try await searchPage(site: site, views: views, request: request, context: context)
        case .feed(let format):
            record.add(.siteListing(siteID))
            return try await feed(
                .site(siteID), format: format, title: site.title, description: site.tagline,
                homePath: Permalink.site(site.slug), language: site.language, views: views, request: request,
                record: &record)
        case .tagFeed(let slug, let format):
            guard let tagSlug = Slug(rawValue: slug), let tag = try await store.tag(siteID: siteID, slug: tagSlug)
            else { throw PublicError.notFound(site) }
            let tagID = tag.id
            record.add(.tag(tagID))
            record.add(.tagListing(tagID))
            return try await feed(
                .tag(tagID), format: format, title: "\(tag.name) – \(site.title)", description: site.tagline,
                homePath: Permalink.tag(site: site.slug, tag: tag.slug), language: site.language, views: views,
                request: request, record: &record)
        case .authorFeed(let slug, let format):
            guard let personSlug = Slug(rawValue: slug), let person = try await store.person(slug: personSlug)
            else { throw PublicError.notFound(site) }
            let personID = person.id
            record.add(.person(personID))
            record.add(.authorListing(personID))
            return try await feed(
                .author(siteID: siteID, personID: personID), format: format, title: "\(person.name) – \(site.title)",
                description: person.bio, homePath: Permalink.author(site: site.slug, person: person.slug),
                language: site.language, views: views, request: request, record: &record)
        case .sitemapIndex, .sitemapPages, .sitemapArticles, .newsSitemap, .robots:
            return try await siteFile(path, site: site, views: views, request: request, record: &record)
        case .commentsFeed:
            return try await commentsFeed(site: site, article: nil, request: request, record: &record)
        case .articleCommentsFeed(_, _, _, let slug):
            guard let articleSlug = Slug(rawValue: slug),
                let article = try await store.publishedArticle(siteID: siteID, slug: articleSlug)
            else { throw PublicError.notFound(site) }
            return try await commentsFeed(site: site, article: article, request: request, record: &record)
        case .article(let year, let month, let day, let slug):
            guard let articleSlug = Slug(rawValue: slug),
                let content = try await store.articlePage(siteID: siteID, slug: articleSlug),
                let publishedAt = content.article.publishedAt
            else { throw PublicError.notFound(site) }
            let article = content.article
            let canonical = Permalink.article(
                site: site.slug, slug: article.slug, publishedAt: publishedAt, timeZone: site.zone)
            let requested = Permalink.datePath(year: year, month: month, day: day)
            guard canonical.contains(requested) else {  // a wrong date in the URL: send to the real one
                return .redirect(to: canonical, type: .permanent)
            }
            let form = comments.emptyForm(
                article: article, site: site, path: canonical, comments: content.comments,
                token: CachedDocument.tokenPlaceholder, request: request)
            formArticleID = form?.articleID
            record.add(article: article)
            record.add(cards: content.related)
            if let closing = CommentPosting.closingDate(article, site: site) { record.expire(at: closing) }
            html = try theme.render(
                "article",
                views.article(
                    article, site: site, comments: content.comments, form: form,
                    commentNotice: CommentRoutes.notice(request, t), related: content.related, entities: content.entities))
        }
        return try await serve(html, formArticleID: formArticleID, request: request, record: &record)
    }

    /// The RSS feed of the latest 50 approved comments of a site, or of one article.
    private func commentsFeed(site: Site, article: Article?, request: Request, record: inout PageRecord) async throws
        -> Response
    {
        record.add(.comments(siteID: site.id))
        if let id = article?.id { record.add(.articlePage(id)) }
        var comments: [(comment: Comment, articleTitle: String, articleURL: String)] = []
        var articles: [Article.ID: Article] = [:]
        if let article {
            let id = article.id
            articles[id] = article
            for comment in try await store.approvedComments(articleID: id).reversed().prefix(50) {
                comments.append((comment, article.title, ""))
            }
        } else {
            for (comment, title) in try await staffStore.comments(siteIDs: [site.id], status: .approved, limit: 50) {
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
        let t = theme.strings(site.language)
        let view = CommentsFeedView(
            title: article.map { Catalogue.fill(t["comments_feed_article"], ["title": $0.title]) }
                ?? Catalogue.fill(t["comments_feed_site"], ["site": site.title]),
            link: link, selfURL: baseURL + request.uri.path,
            description: site.tagline.isEmpty ? site.title : site.tagline, language: site.language,
            itemTitle: t["comments_feed_item"] ?? "", comments: comments)
        for (comment, _, _) in comments { record.add(.article(comment.articleID)) }  // titles and addresses
        return try await serve(
            theme.render("comments-feed", view), contentType: "application/rss+xml; charset=utf-8",
            cacheControl: "public, max-age=300", request: request, record: &record)
    }

    /// A page of a listing; pages past the last are not found (the first page always exists).
    private func listingPage(_ listing: ArticleListing, number: Int, site: Site) async throws -> Page<ArticleSummary> {
        let page = try await store.publishedArticles(listing, page: PageRequest(number: number, size: pageSize))
        guard number <= page.pageCount else { throw PublicError.notFound(site) }
        return page
    }

    private static let hostField = HTTPField.Name("Host")!

    /// The site a request was for, when it failed before a handler could say (a media file missing, a body too
    /// large): the site of its Host, else of its first path segment; `nil` for the network's own pages.
    func site(of request: Request) async -> Site? {
        guard let directory = try? await directory.snapshot() else { return nil }
        if let site = siteForHost(request, in: directory) { return site }
        return request.uri.path.split(separator: "/").first.flatMap { directory.sitesBySlug[String($0)] }
    }

    /// The site whose host name is the request's Host (without port), if any.
    private func siteForHost(_ request: Request, in directory: SiteDirectory.Snapshot) -> Site? {
        // The HTTP/1 server moves Host into the authority; an in-process request carries it as a field.
        guard let authority = request.headers[PublicSiteRoutes.hostField] ?? request.head.authority else { return nil }
        let host = PageCache.Key.host(ofAuthority: authority)  // as the cache's key reads it
        // The network's own host always serves the network, whatever a site's settings say.
        guard !host.isEmpty, host != networkHost else { return nil }
        return directory.sitesByHost[host]
    }
}
