import Foundation
import KibaruCore
import KibaruMarkdown
import KibaruText

/// Turns domain values into the view models the templates render: French dates, permalinks, escaped text.
public struct ViewBuilder: Sendable {
    let network: Network
    let theme: Theme
    /// The public URL of the network without a trailing slash (`https://kibaru.example.org`), for canonical and
    /// share links.
    let baseURL: String
    let renderer = ArticleRenderer()

    public init(network: Network, theme: Theme, baseURL: String) {
        self.network = network
        self.theme = theme
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// The absolute URL of a path of this network.
    public func absolute(_ path: String) -> String { baseURL + path }

    /// The layout's data for a page of `site`, or of the network when `site` is `nil`: title, description,
    /// canonical link, link-preview tags (Open Graph and Twitter, `og:type` `website`; article pages add
    /// theirs), the feeds of the site (and of `listingFeedPath`, a tag's or an author's listing).
    public func chrome(
        site: Site?, title: String?, description: String?, canonicalPath: String?, listingFeedPath: String? = nil,
        listingFeedTitle: String? = nil
    ) -> PageChrome {
        let brand = typography(site?.title ?? network.title, site: site)
        let documentTitle = title.map { "\(typography($0, site: site)) – \(brand)" } ?? brand
        let summary = description.flatMap { $0.isEmpty ? nil : Excerpt.make($0, maximumLength: 200) }
        var chrome = PageChrome(
            lang: site?.language ?? "fr", documentTitle: documentTitle,
            description: summary.map { typography($0, site: site) },
            canonicalURL: canonicalPath.map(absolute), brandTitle: brand,
            brandURL: site.map { Permalink.site($0.slug) } ?? "/",
            brandTagline: (site?.tagline ?? network.tagline).nilIfEmpty.map { typography($0, site: site) },
            networkTitle: typography(network.title, site: site), networkURL: "/", showNetworkLink: site != nil,
            styleHTML: theme.styleSheet)
        chrome.searchURL = Permalink.search(site: site?.slug)
        if let logo = site?.logo {
            chrome.logoURL = logo
            chrome.iconURL = logo
            chrome.iconType = nil
        }
        if let accent = site?.accentColor, NewSite.isColor(accent) {  // checked again: it goes into CSS as is
            // Light colours only: the theme's dark colours keep their own accent, which reads on dark paper.
            chrome.styleHTML += "@media (prefers-color-scheme:light){:root{--accent:\(accent)}}"
        }
        let homePath = site.map { Permalink.site($0.slug) } ?? "/"
        chrome.feeds = [
            FeedLinkView(title: "\(brand) (RSS)", type: "application/rss+xml", url: homePath + FeedFormat.rss.relativePath),
            FeedLinkView(title: "\(brand) (Atom)", type: "application/atom+xml", url: homePath + FeedFormat.atom.relativePath),
            FeedLinkView(title: "\(brand) (JSON Feed)", type: "application/feed+json", url: homePath + FeedFormat.json.relativePath),
        ]
        if let listingFeedPath {
            chrome.feeds.insert(
                FeedLinkView(
                    title: "\(typography(listingFeedTitle ?? "", site: site)) – \(brand) (RSS)",
                    type: "application/rss+xml", url: listingFeedPath + FeedFormat.rss.relativePath), at: 0)
        }
        chrome.meta = LinkPreview.website(
            title: title.map { typography($0, site: site) } ?? brand, description: chrome.description,
            url: chrome.canonicalURL, siteName: brand, language: site?.language ?? "fr")
        return chrome
    }

    /// The theme's strings for the pages of `site` (the network's pages are French).
    public func strings(_ site: Site?) -> [String: String] { theme.strings(site?.language ?? "fr") }

    /// The page label of a pagination: « Page 2 sur 5 ».
    func paginationLabel(_ number: Int, of count: Int, _ t: [String: String]) -> String {
        Catalogue.fill(t["page_of"], ["number": "\(number)", "count": "\(count)"])
    }

    /// French typography for a plain string of `site` (network pages use it too), when the site wants it.
    func typography(_ text: String, site: Site?) -> String {
        (site?.frenchTypography ?? true) ? Self.typeset(text) : text
    }

    /// Titles, summaries and names as typeset once: every listing and page that shows them shows the same.
    static let typeset = TextMemo(byteLimit: 16 << 20) { FrenchTypography.text($0) }
    /// Comments as HTML, with and without French typography.
    static let commentHTML = TextMemo(byteLimit: 16 << 20) { CommentText.html($0) }
    static let typesetCommentHTML = TextMemo(byteLimit: 16 << 20) { FrenchTypography.html(CommentText.html($0)) }
    /// Figures as HTML, typeset once.
    static let typesetHTML = TextMemo(byteLimit: 4 << 20) { FrenchTypography.html($0) }

    /// A listing page: network front page (`site == nil`), site home, tag or author page.
    /// - Parameters:
    ///   - basePath: the path of the listing's first page, ending with `/`.
    ///   - front: a home (the network's or a site's): its first page shows the newest article as the lead story,
    ///     with `sections` (a site's tags of kind « rubrique ») or `sites` (the network's) around it.
    public func listing(
        site: Site?, heading: String, intro: String?, documentTitle: String?, page: Page<ArticleSummary>,
        basePath: String, hasOwnFeed: Bool = false, front: Bool = false, sections: [Tag] = [], sites: [Site] = []
    ) -> ListingPageView {
        let t = strings(site)
        let pagePath = Permalink.page(page.request.number, of: basePath)
        let title = page.request.number > 1
            ? Catalogue.fill(t["page_number"], ["title": documentTitle ?? heading, "number": "\(page.request.number)"])
            : documentTitle
        let pagination =
            page.pageCount > 1
            ? PaginationView(
                number: page.request.number, count: page.pageCount,
                label: paginationLabel(page.request.number, of: page.pageCount, t),
                previousURL: page.hasPrevious ? Permalink.page(page.request.number - 1, of: basePath) : nil,
                nextURL: page.hasNext ? Permalink.page(page.request.number + 1, of: basePath) : nil)
            : nil
        let language = site?.language ?? "fr"
        var cards = page.items
        var lead: CardView?
        if front, page.request.number == 1, !cards.isEmpty {
            lead = card(cards.removeFirst(), showSite: site == nil, language: language, lead: true)
        }
        var view = ListingPageView(
            chrome: chrome(
                site: site, title: title, description: intro ?? site?.tagline ?? network.tagline,
                canonicalPath: pagePath, listingFeedPath: hasOwnFeed ? basePath : nil,
                listingFeedTitle: documentTitle ?? heading),
            heading: typography(heading, site: site), intro: intro.map { typography($0, site: site) }, lead: lead,
            cards: cards.map { card($0, showSite: site == nil, language: language) },
            pagination: pagination)
        if front, page.request.number == 1, let site {
            view.tagIndexURL = Permalink.tagIndex(site: site.slug)
            view.sections = sections.filter { $0.kind == .section }.map {
                LinkView(name: typography($0.name, site: site), url: Permalink.tag(site: site.slug, tag: $0.slug))
            }
        }
        if front, page.request.number == 1, site == nil {
            view.sites = sites.sorted { ($0.title, $0.slug.rawValue) < ($1.title, $1.slug.rawValue) }.map {
                SiteLinkView(
                    title: typography($0.title, site: $0), tagline: $0.tagline.nilIfEmpty.map { typography($0, site: nil) },
                    url: Permalink.site($0.slug))
            }
        }
        return view
    }

    /// A site's tag index (`/{site}/tag/`): every tag its published articles carry, with how many.
    public func tagIndex(site: Site, tags: [TagUse]) -> ListingPageView {
        let t = strings(site)
        let heading = t["tag_index_heading"] ?? ""
        var view = ListingPageView(
            chrome: chrome(site: site, title: heading, description: nil, canonicalPath: Permalink.tagIndex(site: site.slug)),
            heading: heading, intro: nil, lead: nil, cards: [], pagination: nil)
        view.tagIndex = tags.map { use in
            TagLinkView(
                name: typography(use.tag.name, site: site), url: Permalink.tag(site: site.slug, tag: use.tag.slug),
                countLabel: use.articles == 1 ? t["article_count_one"] ?? ""
                    : Catalogue.fill(t["article_count_many"], ["count": "\(use.articles)"]))
        }
        return view
    }

    /// A card of `summary` in a page in `language`; with `rendered`, its `html` as the theme's `partials/card`
    /// renders it (listings and related articles insert it; search hits are written by the search template
    /// itself).
    func card(_ summary: ArticleSummary, showSite: Bool, language: String, lead: Bool = false, rendered: Bool = true)
        -> CardView
    {
        let t = theme.strings(language)
        var card = CardView(
            commentCountLabel: summary.commentCount > 0 ? Self.commentCount(summary.commentCount, t) : nil,
            title: typography(summary.title, site: summary.site), url: Permalink.article(summary),
            summary: typography(summary.standfirst ?? summary.excerpt, site: summary.site),
            publishedLabel: DateLabel.format(summary.publishedAt, timeZone: summary.site.zone, language: language),
            publishedISO: FrenchDate.iso8601(summary.publishedAt, timeZone: summary.site.zone),
            authors: LinkView.listed(summary.authors.map {
                LinkView(name: $0.name, url: Permalink.author(site: summary.site.slug, person: $0.slug))
            }, and: t["and"] ?? "et"),
            showSite: showSite, siteTitle: typography(summary.site.title, site: summary.site),
            siteURL: Permalink.site(summary.site.slug), language: language,
            imageURL: summary.featuredImage.flatMap { URLCheck.isSafeLink($0) ? $0 : nil }, isLead: lead)
        if rendered { card.html = theme.card(card) }
        return card
    }

    /// The article page of a published article, with its approved comments and, when comments are open, the form;
    /// its related articles and the people, places and organisations it mentions.
    public func article(
        _ article: Article, site: Site, comments: [Comment], form: CommentFormView? = nil, commentNotice: String? = nil,
        related: [ArticleSummary] = [], entities: [ArticleEntity] = []
    ) -> ArticlePageView {
        let publishedAt = article.publishedAt ?? article.updatedAt
        let path = Permalink.article(site: site.slug, slug: article.slug, publishedAt: publishedAt, timeZone: site.zone)
        let tags = article.tags.map { LinkView(name: $0.name, url: Permalink.tag(site: site.slug, tag: $0.slug)) }
        let threads = CommentThread.threads(from: comments)
        let title = typography(article.title, site: site)
        let t = strings(site)
        var chrome = chrome(
            site: site, title: article.title, description: article.standfirst ?? article.excerpt ?? article.bodyText, canonicalPath: path)
        let imageURL = article.featuredFigure?.image.flatMap { URLCheck.isSafeLink($0) ? absoluteURL($0) : nil }
        let authors = LinkView.listed(
            article.authors.map { LinkView(name: $0.name, url: Permalink.author(site: site.slug, person: $0.slug)) },
            and: t["and"] ?? "et")
        chrome.meta = LinkPreview.article(
            title: title, description: chrome.description, url: absolute(path), siteName: chrome.brandTitle,
            language: site.language, imageURL: imageURL, imageAlt: article.featuredFigure?.alt,
            published: publishedAt, modified: article.updatedAt, authorURLs: authors.map { absolute($0.url) },
            tags: article.tags.map(\.name))
        chrome.jsonLDHTML = JSONLD.newsArticle(
            headline: article.title, description: chrome.description, url: absolute(path), imageURL: imageURL,
            published: publishedAt, modified: article.updatedAt,
            authors: authors.map { (name: $0.name, url: absolute($0.url)) }, publisher: site.title,
            publisherURL: absolute(Permalink.site(site.slug)), language: site.language)
        // The featured figure leads the page: its image loads first.
        let featuredHTML = article.featuredFigure.map {
            renderer.figureHTML($0, language: site.language, lead: true)
        }
        return ArticlePageView(
            chrome: chrome, title: title, standfirst: article.standfirst.map { typography($0, site: site) },
            authors: authors, publishedLabel: DateLabel.format(publishedAt, timeZone: site.zone, language: site.language),
            publishedISO: FrenchDate.iso8601(publishedAt, timeZone: site.zone),
            featuredHTML: site.frenchTypography ? featuredHTML.map { Self.typesetHTML($0) } : featuredHTML,
            bodyHTML: article.bodyHTML, tags: tags, hasTags: !tags.isEmpty,
            shareLinks: ShareLinks.make(title: title, url: absolute(path), emailLabel: t["share_email"] ?? "E-mail"),
            comments: threads.map { thread in
                var view = commentView(thread, site: site, articlePath: form == nil ? nil : path)
                view.html = theme.comment(view)
                return view
            },
            hasComments: !comments.isEmpty, commentCountLabel: Self.commentCount(comments.count, t), commentForm: form,
            commentFormHTML: theme.commentForm(form, language: site.language),
            commentNotice: commentNotice,
            related: related.map { card($0, showSite: $0.site.id != site.id, language: site.language) },
            hasRelated: !related.isEmpty,
            entities: entities.prefix(12).map { entity in
                EntityLinkView(
                    name: entity.name, kindLabel: t["kind_\(entity.kind.rawValue)"] ?? entity.kind.label,
                    url: Permalink.entity(site: site.slug, entity: entity.slug))
            },
            hasEntities: !entities.isEmpty)
    }

    /// An absolute URL for a link of the site's own (`/media/…`) or already absolute.
    func absoluteURL(_ link: String) -> String { link.hasPrefix("/") ? absolute(link) : link }

    /// The search page: the form with the reader's query and filters, then the hits or what went wrong.
    public func search(
        site: Site?, query: String, filters: [SearchFilterView], results: Page<SearchHit>?, problem: String?,
        pageURL: (Int) -> String
    ) -> SearchPageView {
        let t = strings(site)
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        let heading = trimmed.isEmpty ? t["search_heading"] ?? "" : Catalogue.fill(t["search_heading_query"], ["query": trimmed])
        var chrome = chrome(site: site, title: heading, description: nil, canonicalPath: nil)
        chrome.meta.append(MetaTagView(property: nil, name: "robots", content: "noindex, follow"))
        let pagination = results.flatMap { page -> PaginationView? in
            page.pageCount > 1
                ? PaginationView(
                    number: page.request.number, count: page.pageCount,
                    label: paginationLabel(page.request.number, of: page.pageCount, t),
                    previousURL: page.hasPrevious ? pageURL(page.request.number - 1) : nil,
                    nextURL: page.hasNext ? pageURL(page.request.number + 1) : nil)
                : nil
        }
        let hits = results?.items.map { hit in
            SearchHitView(
                card: card(hit.article, showSite: site == nil, language: site?.language ?? "fr", rendered: false),
                snippetHTML: Self.highlighted(hit.snippet))
        } ?? []
        let countLabel = results.map { page in
            page.total == 0 ? t["search_none"] ?? "" : page.total == 1 ? t["search_one"] ?? ""
                : Catalogue.fill(t["search_many"], ["count": "\(page.total)"])
        }
        return SearchPageView(
            chrome: chrome, heading: heading, query: query, action: Permalink.search(site: site?.slug),
            filters: filters.map { filter in
                var filter = filter
                filter.html = theme.searchFilter(filter)
                return filter
            },
            problem: problem, countLabel: countLabel, hits: hits, pagination: pagination)
    }

    /// A search snippet as HTML: escaped, with `<mark>` around the matched words.
    static func highlighted(_ snippet: String) -> String {
        let start = SearchHit.highlightStart.unicodeScalars.first, end = SearchHit.highlightEnd.unicodeScalars.first
        var html = ""
        html.reserveCapacity(snippet.utf8.count + 64)
        for scalar in HTMLEscaping.escape(snippet).unicodeScalars {
            switch scalar {
            case start: html += "<mark>"
            case end: html += "</mark>"
            default: html.unicodeScalars.append(scalar)
            }
        }
        return html
    }

    /// A feed of articles: `homePath` is the listing's page, `feedPath` the feed's own path.
    public func feed(
        _ entries: [FeedEntry], title: String, description: String, homePath: String, feedPath: String,
        language: String
    ) -> Feed {
        let items = entries.map { entry in
            let summary = entry.summary
            let url = absolute(Permalink.article(summary))
            return Feed.Item(
                id: url, url: url, title: typography(summary.title, site: summary.site),
                summary: typography(summary.standfirst ?? summary.excerpt, site: summary.site),
                contentHTML: entry.bodyHTML, published: summary.publishedAt,
                updated: max(entry.updatedAt, summary.publishedAt), authors: summary.authors.map(\.name),
                categories: entry.tags.map(\.name),
                imageURL: summary.featuredImage.flatMap { URLCheck.isSafeLink($0) ? absoluteURL($0) : nil })
        }
        var feed = Feed(
            title: title, description: description.isEmpty ? title : description, homeURL: absolute(homePath),
            selfURL: absolute(feedPath), language: language,
            updated: items.map(\.updated).max() ?? Date(timeIntervalSince1970: 0), items: items, linkBase: baseURL)
        feed.writtenItems = theme.feedItems
        return feed
    }

    /// Makes the root-relative links of rendered HTML (`href="/…"`, `src="/…"`) absolute, as feed readers need.
    /// One pass over the bytes (Foundation's `replacingOccurrences` compares as Unicode, and took a tenth of a
    /// static build).
    static func absoluteLinks(_ html: String, baseURL: String) -> String {
        let markers = [Array(#"href="/"#.utf8), Array(#"src="/"#.utf8)]
        let base = Array(baseURL.utf8)
        var output: [UInt8] = []
        let utf8 = Array(html.utf8)
        output.reserveCapacity(utf8.count + 256)
        var index = 0
        utf8.withUnsafeBufferPointer { bytes in
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "h") || byte == UInt8(ascii: "s"),
                    let marker = markers.first(where: { marker in
                        index + marker.count <= bytes.count && marker.indices.allSatisfy { bytes[index + $0] == marker[$0] }
                    })
                {
                    output.append(contentsOf: marker.dropLast())  // up to the quote; the slash comes after the base
                    output.append(contentsOf: base)
                    output.append(UInt8(ascii: "/"))
                    index += marker.count
                } else {
                    output.append(byte)
                    index += 1
                }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// "1 commentaire", "3 commentaires" (in the language of `t`).
    static func commentCount(_ count: Int, _ t: [String: String]) -> String {
        count == 1 ? t["comment_count_one"] ?? "" : Catalogue.fill(t["comment_count_many"], ["count": "\(count)"])
    }

    func commentView(_ thread: CommentThread, site: Site, articlePath: String?) -> CommentView {
        let comment = thread.comment
        let zone = site.zone
        let replies = thread.replies.map { commentView($0, site: site, articlePath: articlePath) }
        return CommentView(
            id: comment.id.rawValue, authorName: comment.authorName,
            websiteURL: comment.website.flatMap { URLCheck.isSafeLink($0) && $0.lowercased().hasPrefix("http") ? $0 : nil },
            createdLabel: DateLabel.format(comment.createdAt, timeZone: zone, language: site.language),
            createdISO: FrenchDate.iso8601(comment.createdAt, timeZone: zone),
            bodyHTML: site.frenchTypography ? Self.typesetCommentHTML(comment.body) : Self.commentHTML(comment.body),
            replyURL: articlePath.map { "\($0)?repondre=\(comment.id)#commenter" }, replies: replies,
            hasReplies: !replies.isEmpty, language: site.language)
    }

    /// The error page for `status` (404, 500…) in the site's language.
    public func errorPage(status: Int, site: Site?) -> ErrorPageView {
        let key =
            switch status {
            case 404, 413, 403, 409, 415: "error_\(status)"
            case 400..<500: "error_4xx"
            default: "error_5xx"
            }
        let t = strings(site)
        let heading = t[key] ?? "", message = t[key + "_message"] ?? ""
        return ErrorPageView(
            chrome: chrome(site: site, title: heading, description: nil, canonicalPath: nil), heading: heading,
            message: message, homeURL: site.map { Permalink.site($0.slug) } ?? "/")
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
