import KibaruTheme

/// A public URL path understood: which listing or article of a site it asks for. Parsing is pure, so each URL
/// form is tested without a server.
enum SitePath: Equatable {
    case home(page: Int)
    case article(year: Int, month: Int, day: Int, slug: String)
    case tag(slug: String, page: Int)
    /// `/{site}/tag/`: every tag the site's published articles carry.
    case tagIndex
    case author(slug: String, page: Int)
    /// `/{site}/comments/feed/`: the site's latest comments.
    case commentsFeed
    /// `/{site}/{yyyy}/{mm}/{dd}/{slug}/feed/`: one article's comments, as WordPress has it.
    case articleCommentsFeed(year: Int, month: Int, day: Int, slug: String)
    /// `/{site}/recherche/?q=…`
    case search
    /// `/{site}/feed/`, `feed/atom/`, `feed/json/`: the latest articles.
    case feed(FeedFormat)
    /// `/{site}/tag/{slug}/feed/` (and `atom/`, `json/`).
    case tagFeed(slug: String, FeedFormat)
    /// `/{site}/author/{slug}/feed/` (and `atom/`, `json/`).
    case authorFeed(slug: String, FeedFormat)
    /// `/{site}/sujet/{slug}/`: the articles that mention a person, place or organisation.
    case entity(slug: String, page: Int)
    /// `sitemap.xml`: the index of the sitemap files.
    case sitemapIndex
    /// `sitemap-pages.xml`: home, tags, authors.
    case sitemapPages
    /// `sitemap-articles-N.xml`, from 1.
    case sitemapArticles(Int)
    /// `sitemap-news.xml`: the last two days' articles.
    case newsSitemap
    /// `robots.txt`
    case robots

    /// Reads the segments that follow the site (`["2024", "02", "29", "titre"]`); `nil` for anything else.
    static func parse(_ segments: [Substring]) -> SitePath? {
        if let file = segments.first, segments.count == 1, file.contains(".") { return parseFile(file) }
        if let feed = parseFeed(segments) { return feed }
        switch segments.count {
        case 0:
            return .home(page: 1)
        case 1 where segments[0] == "recherche":
            return .search
        case 2 where segments[0] == "sujet":
            return .entity(slug: String(segments[1]), page: 1)
        case 4 where segments[0] == "sujet" && segments[2] == "page":
            return pageNumber(segments[3]).map { .entity(slug: String(segments[1]), page: $0) }
        case 2 where segments[0] == "comments" && segments[1] == "feed":
            return .commentsFeed
        case 5 where segments[4] == "feed":
            guard case .article(let year, let month, let day, let slug)? = parse(Array(segments.prefix(4))) else {
                return nil
            }
            return .articleCommentsFeed(year: year, month: month, day: day, slug: slug)
        case 2 where segments[0] == "page":
            return pageNumber(segments[1]).map { .home(page: $0) }
        case 1 where segments[0] == "tag":
            return .tagIndex
        case 2 where segments[0] == "tag":
            return .tag(slug: String(segments[1]), page: 1)
        case 2 where segments[0] == "author" || segments[0] == "auteur":
            return .author(slug: String(segments[1]), page: 1)
        case 4 where segments[0] == "tag" && segments[2] == "page":
            return pageNumber(segments[3]).map { .tag(slug: String(segments[1]), page: $0) }
        case 4 where (segments[0] == "author" || segments[0] == "auteur") && segments[2] == "page":
            return pageNumber(segments[3]).map { .author(slug: String(segments[1]), page: $0) }
        case 4:
            guard segments[0].count == 4, let year = Int(segments[0]), segments[1].count == 2,
                let month = Int(segments[1]), (1...12).contains(month), segments[2].count == 2,
                let day = Int(segments[2]), (1...31).contains(day)
            else { return nil }
            return .article(year: year, month: month, day: day, slug: String(segments[3]))
        default:
            return nil
        }
    }

    /// `feed/`, `feed/atom/`, `feed/json/` after nothing, a tag or an author.
    private static func parseFeed(_ segments: [Substring]) -> SitePath? {
        guard let feedIndex = segments.lastIndex(of: "feed"), feedIndex == 0 || feedIndex == 2 else { return nil }
        let format: FeedFormat
        switch segments[(feedIndex + 1)...].first {
        case nil: format = .rss
        case "atom"?: format = .atom
        case "json"?: format = .json
        default: return nil
        }
        guard segments.count <= feedIndex + 2 else { return nil }
        if feedIndex == 0 { return .feed(format) }
        switch segments[0] {
        case "tag": return .tagFeed(slug: String(segments[1]), format)
        case "author", "auteur": return .authorFeed(slug: String(segments[1]), format)
        default: return nil
        }
    }

    /// `sitemap.xml`, `sitemap-pages.xml`, `sitemap-articles-N.xml`, `sitemap-news.xml`, `robots.txt`.
    private static func parseFile(_ name: Substring) -> SitePath? {
        switch name {
        case "sitemap.xml": return .sitemapIndex
        case "sitemap-pages.xml": return .sitemapPages
        case "sitemap-news.xml": return .newsSitemap
        case "robots.txt": return .robots
        default:
            guard name.hasPrefix("sitemap-articles-"), name.hasSuffix(".xml"),
                let number = Int(name.dropFirst("sitemap-articles-".count).dropLast(4)), number >= 1, number <= 10_000
            else { return nil }
            return .sitemapArticles(number)
        }
    }

    /// Page numbers start at 2 in URLs: the first page has no `/page/1/`.
    private static func pageNumber(_ segment: Substring) -> Int? {
        guard segment.allSatisfy(\.isASCII), let number = Int(segment), number >= 2, number <= 100_000 else {
            return nil
        }
        return number
    }
}

/// A whole public path: the network's own pages, or a site's.
enum PublicPath: Equatable {
    case networkHome(page: Int)
    /// `/recherche/`, `/feed/…`, `/sitemap.xml`, `/robots.txt`: the network's own.
    case network(SitePath)
    /// `siteSlug` is the first segment when the path names a site; `nil` when the site comes from the Host header.
    case site(siteSlug: String?, SitePath)

    /// - Parameters:
    ///   - segments: the path's non-empty segments.
    ///   - isSiteSegment: whether a first segment names a site of the network.
    ///   - hostHasSite: whether the Host header named a site.
    static func parse(_ segments: [Substring], isSiteSegment: (Substring) -> Bool, hostHasSite: Bool) -> PublicPath? {
        if let first = segments.first, isSiteSegment(first) {
            return SitePath.parse(Array(segments.dropFirst())).map { .site(siteSlug: String(first), $0) }
        }
        if hostHasSite {
            return SitePath.parse(segments).map { .site(siteSlug: nil, $0) }
        }
        switch SitePath.parse(segments) {
        case .home(let page): return .networkHome(page: page)
        case let path? where [.search, .sitemapIndex, .robots].contains(path): return .network(path)
        case .feed(let format)?: return .network(.feed(format))
        default: return nil
        }
    }
}
