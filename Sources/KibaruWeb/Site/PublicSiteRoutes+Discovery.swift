import Foundation
import Hummingbird
import KibaruCore
import KibaruText
import KibaruTheme

/// Search, feeds, sitemaps and robots.txt, for a site and for the network.
extension PublicSiteRoutes {
    /// How many articles a feed carries.
    static let feedLength = 20
    /// A news sitemap lists the articles of the last two days.
    static let newsWindow: TimeInterval = 2 * 24 * 3600

    func networkPage(
        _ path: SitePath, network: Network, sites: [Site], views: ViewBuilder, request: Request, context: KibaruContext,
        record: inout PageRecord
    ) async throws -> Response {
        record.addChrome(site: nil)
        switch path {
        case .search:
            return try await searchPage(site: nil, sites: sites, views: views, request: request, context: context)
        case .feed(let format):
            record.add(.networkListing)
            return try await feed(
                .network, format: format, title: network.title, description: network.tagline, homePath: "/",
                language: "fr", views: views, request: request, record: &record)
        case .sitemapIndex:
            // Every site's sitemap files themselves: search engines refuse an index that lists other indexes. Their
            // number comes from a count on each site's index, without their dates (the sites' own indexes give
            // them): reading every article of the network on each publication grew with the network.
            var entries: [Sitemap.Entry] = []
            for site in sites.sorted(by: { $0.slug.rawValue < $1.slug.rawValue }) {
                record.add(.siteContent(site.id))
                let count = try await store.articleStampCount(siteID: site.id)
                entries += sitemapFiles(of: site, articleFiles: Sitemap.files(for: count), views: views) { _ in nil }
            }
            return try await serve(
                Sitemap.index(entries), contentType: Self.xml, cacheControl: Self.documentCaching, request: request,
                record: &record)
        case .robots:
            let sitemaps = [views.absolute("/sitemap.xml")]
                + sites.sorted { $0.slug.rawValue < $1.slug.rawValue }
                .map { views.absolute(Permalink.site($0.slug) + "sitemap.xml") }
            return try await serve(
                Sitemap.robots(sitemapURLs: sitemaps), contentType: Self.plainText, cacheControl: Self.documentCaching,
                request: request, record: &record)
        default:
            throw PublicError.notFound(nil)
        }
    }

    /// The search page of a site (`site`) or of the network: the form, then the hits of `?q=` with its filters.
    /// A query that cannot be read is a 400 page saying why; an empty one shows the form.
    func searchPage(site: Site?, sites: [Site] = [], views: ViewBuilder, request: Request, context: KibaruContext)
        async throws -> Response
    {
        let parameters = request.uri.queryParameters
        let text = parameters.get("q") ?? ""
        // The filters, checked first; the words are read last, when the query runs.
        var siteID = site?.id, tagID: Tag.ID?, personID: Person.ID?, yearOfPublication: Int?
        let pageNumber = parameters.get("page").flatMap(Int.init) ?? 1
        var problem: String?
        var filters: [SearchFilterView] = []
        var chosen: [(name: String, value: String)] = []
        func choose(_ name: String) -> String {
            let value = parameters.get(name) ?? ""
            if !value.isEmpty { chosen.append((name, value)) }
            return value
        }

        let t = views.strings(site)
        let choices = try await searchFilters.choices(siteID: site?.id)
        if let site {
            let siteID = site.id
            let tag = choose("etiquette")
            let tags = choices.tags
            filters.append(SearchFilterView(name: "etiquette", label: t["filter_tag"] ?? "", options: options(
                all: t["filter_all_tags"] ?? "", tags.map { ($0.slug.rawValue, $0.name) }, selected: tag)))
            if !tag.isEmpty {
                guard let slug = Slug(rawValue: tag), let found = try await store.tag(siteID: siteID, slug: slug) else {
                    problem = t["search_unknown_tag"]
                    return try searchResponse(site: site, views: views, text: text, filters: filters, results: nil,
                                              problem: problem, chosen: chosen, request: request, context: context)
                }
                tagID = found.id
            }
            let author = choose("auteur")
            let people = choices.people
            filters.append(SearchFilterView(name: "auteur", label: t["filter_author"] ?? "", options: options(
                all: t["filter_all_authors"] ?? "", people.map { ($0.slug.rawValue, $0.name) }, selected: author)))
            if !author.isEmpty {
                guard let slug = Slug(rawValue: author), let person = try await store.person(slug: slug) else {
                    problem = t["search_unknown_author"]
                    return try searchResponse(site: site, views: views, text: text, filters: filters, results: nil,
                                              problem: problem, chosen: chosen, request: request, context: context)
                }
                personID = person.id
            }
        } else {
            let siteSlug = choose("site")
            filters.append(SearchFilterView(name: "site", label: t["filter_site"] ?? "", options: options(
                all: t["filter_all_sites"] ?? "", sites.sorted { ($0.title, $0.slug.rawValue) < ($1.title, $1.slug.rawValue) }.map { ($0.slug.rawValue, $0.title) },
                selected: siteSlug)))
            if !siteSlug.isEmpty {
                guard let found = sites.first(where: { $0.slug.rawValue == siteSlug }) else {
                    problem = t["search_unknown_site"]
                    return try searchResponse(site: site, views: views, text: text, filters: filters, results: nil,
                                              problem: problem, chosen: chosen, request: request, context: context)
                }
                siteID = found.id
            }
        }
        let year = choose("annee")
        let years = choices.years
        filters.append(SearchFilterView(name: "annee", label: t["filter_year"] ?? "", options: options(
            all: t["filter_all_years"] ?? "", years.map { (String($0), String($0)) }, selected: year)))
        if !year.isEmpty {
            guard let number = Int(year), (1900...2200).contains(number) else {
                return try searchResponse(site: site, views: views, text: text, filters: filters, results: nil,
                                          problem: t["search_bad_year"], chosen: chosen,
                                          request: request, context: context)
            }
            yearOfPublication = number
        }

        guard parameters.get("q") != nil else {  // the form alone
            return try searchResponse(site: site, views: views, text: text, filters: filters, results: nil,
                                      problem: nil, chosen: chosen, request: request, context: context)
        }
        do {
            let query = try SearchQuery(
                text: text, siteID: siteID, tagID: tagID, personID: personID, year: yearOfPublication,
                page: PageRequest(number: min(max(pageNumber, 1), 1_000), size: pageSize))
            let results = try await store.search(query)
            return try searchResponse(site: site, views: views, text: text, filters: filters, results: results,
                                      problem: nil, chosen: chosen, request: request, context: context)
        } catch let error as SearchError {
            return try searchResponse(site: site, views: views, text: text, filters: filters, results: nil,
                                      problem: Catalogue.fill(t[error.messageKey], ["count": error.limit.map(String.init) ?? ""]),
                                      chosen: chosen, request: request, context: context,
                                      status: error == .empty ? .ok : .badRequest)
        }
    }

    private func options(all: String, _ values: [(value: String, label: String)], selected: String) -> [ChoiceView] {
        [ChoiceView(value: "", label: all, selected: selected.isEmpty)]
            + values.map { ChoiceView(value: $0.value, label: $0.label, selected: $0.value == selected) }
    }

    private func searchResponse(
        site: Site?, views: ViewBuilder, text: String, filters: [SearchFilterView], results: Page<SearchHit>?,
        problem: String?, chosen: [(name: String, value: String)], request: Request, context: KibaruContext,
        status: HTTPResponse.Status? = nil
    ) throws -> Response {
        let base = Permalink.search(site: site?.slug)
        let fixed = ([("q", text)] + chosen).map { "\($0.0)=\(QueryEncoding.encode($0.1))" }.joined(separator: "&")
        let view = views.search(
            site: site, query: text, filters: filters, results: results, problem: problem,
            pageURL: { number in number <= 1 ? "\(base)?\(fixed)" : "\(base)?\(fixed)&page=\(number)" })
        let html = try theme.render("search", view)
        let status = status ?? (problem == nil ? .ok : .badRequest)
        return try HTMLPage(status: status, html: html).response(from: request, context: context)
    }

    /// The newest articles of a listing as RSS 2.0, Atom 1.0 or JSON Feed 1.1.
    func feed(
        _ listing: ArticleListing, format: FeedFormat, title: String, description: String, homePath: String,
        language: String, views: ViewBuilder, request: Request, record: inout PageRecord
    ) async throws -> Response {
        let entries = try await store.feedEntries(listing, limit: Self.feedLength)
        record.add(cards: entries.map(\.summary))
        for entry in entries { for tag in entry.tags { record.add(.tag(tag.id)) } }
        let feed = views.feed(
            entries, title: title, description: description, homePath: homePath,
            feedPath: homePath + format.relativePath, language: language)
        return try await serve(
            feed.render(format), contentType: format.contentType, cacheControl: Self.documentCaching, request: request,
            record: &record)
    }

    /// Feeds, sitemaps and robots.txt: readers and crawlers may keep them five minutes.
    static let documentCaching = "public, max-age=300"
    static let xml = "application/xml; charset=utf-8"
    static let plainText = "text/plain; charset=utf-8"

    /// A site's sitemap files, as its index and the network's list them: its pages, its `articleFiles` files of
    /// articles (``Sitemap/files(for:)``) and its news of the last two days; `lastModified` dates the articles'
    /// file of each number (`0` for the pages and the news).
    func sitemapFiles(
        of site: Site, articleFiles: Int, views: ViewBuilder, lastModified: (Int) -> Date?
    ) -> [Sitemap.Entry] {
        let home = Permalink.site(site.slug)
        return [Sitemap.Entry(url: views.absolute(home + "sitemap-pages.xml"), lastModified: lastModified(0))]
            + (1...articleFiles).map { number in
                Sitemap.Entry(url: views.absolute(home + "sitemap-articles-\(number).xml"), lastModified: lastModified(number))
            }
            + [Sitemap.Entry(url: views.absolute(home + "sitemap-news.xml"), lastModified: lastModified(0))]
    }

    /// A site's sitemaps and robots.txt.
    func siteFile(_ path: SitePath, site: Site, views: ViewBuilder, request: Request, record: inout PageRecord)
        async throws -> Response
    {
        let siteID = site.id
        let home = Permalink.site(site.slug)
        record.add(.siteContent(siteID))
        func document(_ text: String, type: String = Self.xml, record: inout PageRecord) async throws -> Response {
            try await serve(text, contentType: type, cacheControl: Self.documentCaching, request: request, record: &record)
        }
        switch path {
        case .robots:
            return try await document(
                Sitemap.robots(sitemapURLs: [views.absolute(home + "sitemap.xml")]), type: Self.plainText,
                record: &record)
        case .sitemapIndex:
            let stamps = try await store.articleStamps(siteID: siteID)
            let files = sitemapFiles(of: site, articleFiles: Sitemap.files(for: stamps.count), views: views) { number in
                guard number > 0 else { return stamps.first?.publishedAt }
                return stamps.dropFirst((number - 1) * Sitemap.urlsPerFile).prefix(Sitemap.urlsPerFile)
                    .map { max($0.updatedAt, $0.publishedAt) }.max()
            }
            return try await document(Sitemap.index(files), record: &record)
        case .sitemapPages:
            var entries = [Sitemap.Entry(url: views.absolute(home), lastModified: nil)]
            entries += try await store.tagsInUse(siteID: siteID, limit: nil).map { tag, date in
                Sitemap.Entry(url: views.absolute(Permalink.tag(site: site.slug, tag: tag.slug)), lastModified: date)
            }
            entries += try await store.authorsInUse(siteID: siteID, limit: nil).map { person, date in
                Sitemap.Entry(url: views.absolute(Permalink.author(site: site.slug, person: person.slug)), lastModified: date)
            }
            return try await document(Sitemap.urls(entries), record: &record)
        case .sitemapArticles(let number):
            let stamps = try await store.articleStamps(siteID: siteID)
            let slice = stamps.dropFirst((number - 1) * Sitemap.urlsPerFile).prefix(Sitemap.urlsPerFile)
            guard number == 1 || !slice.isEmpty else { throw PublicError.notFound(site) }
            let entries = slice.map { stamp in
                Sitemap.Entry(
                    url: views.absolute(Permalink.article(
                        site: site.slug, slug: stamp.slug, publishedAt: stamp.publishedAt, timeZone: site.zone)),
                    lastModified: max(stamp.updatedAt, stamp.publishedAt))
            }
            return try await document(Sitemap.urls(entries), record: &record)
        case .newsSitemap:
            let since = now().addingTimeInterval(-Self.newsWindow)
            let entries = try await store.articleStamps(siteID: siteID).prefix { $0.publishedAt >= since }.map { stamp in
                Sitemap.NewsEntry(
                    url: views.absolute(Permalink.article(
                        site: site.slug, slug: stamp.slug, publishedAt: stamp.publishedAt, timeZone: site.zone)),
                    title: stamp.title, published: stamp.publishedAt)
            }
            // Articles leave it two days after publication: kept five minutes at most.
            record.expire(at: now().addingTimeInterval(300))
            return try await document(
                Sitemap.news(Array(entries), publication: site.title, language: site.language), record: &record)
        default:
            throw PublicError.notFound(site)
        }
    }

}
