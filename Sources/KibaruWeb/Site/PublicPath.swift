/// A public URL path understood: which listing or article of a site it asks for. Parsing is pure, so each URL
/// form is tested without a server.
enum SitePath: Equatable {
    case home(page: Int)
    case article(year: Int, month: Int, day: Int, slug: String)
    case tag(slug: String, page: Int)
    case author(slug: String, page: Int)
    /// `/{site}/comments/feed/`: the site's latest comments.
    case commentsFeed
    /// `/{site}/{yyyy}/{mm}/{dd}/{slug}/feed/`: one article's comments, as WordPress has it.
    case articleCommentsFeed(year: Int, month: Int, day: Int, slug: String)

    /// Reads the segments that follow the site (`["2024", "02", "29", "titre"]`); `nil` for anything else.
    static func parse(_ segments: [Substring]) -> SitePath? {
        switch segments.count {
        case 0:
            return .home(page: 1)
        case 2 where segments[0] == "comments" && segments[1] == "feed":
            return .commentsFeed
        case 5 where segments[4] == "feed":
            guard case .article(let year, let month, let day, let slug)? = parse(Array(segments.prefix(4))) else {
                return nil
            }
            return .articleCommentsFeed(year: year, month: month, day: day, slug: slug)
        case 2 where segments[0] == "page":
            return pageNumber(segments[1]).map { .home(page: $0) }
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
        default: return nil
        }
    }
}
