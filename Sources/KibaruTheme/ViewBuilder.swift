import Foundation
import KibaruCore
import KibaruMarkdown
import KibaruText

/// Turns domain values into the view models the templates render: French dates, permalinks, escaped text.
public struct ViewBuilder: Sendable {
    let network: Network
    let styleSheet: String
    /// The public URL of the network without a trailing slash (`https://kibaru.example.org`), for canonical and
    /// share links.
    let baseURL: String
    let renderer = ArticleRenderer()

    public init(network: Network, theme: Theme, baseURL: String) {
        self.network = network
        self.styleSheet = theme.styleSheet
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// The absolute URL of a path of this network.
    public func absolute(_ path: String) -> String { baseURL + path }

    /// The layout's data for a page of `site`, or of the network when `site` is `nil`.
    public func chrome(site: Site?, title: String?, description: String?, canonicalPath: String?) -> PageChrome {
        let brand = site?.title ?? network.title
        let documentTitle = title.map { "\($0) – \(brand)" } ?? brand
        return PageChrome(
            lang: site?.language ?? "fr", documentTitle: documentTitle,
            description: description.flatMap { $0.isEmpty ? nil : Excerpt.make($0, maximumLength: 200) },
            canonicalURL: canonicalPath.map(absolute), brandTitle: brand,
            brandURL: site.map { Permalink.site($0.slug) } ?? "/",
            brandTagline: (site?.tagline ?? network.tagline).nilIfEmpty, networkTitle: network.title, networkURL: "/",
            showNetworkLink: site != nil, styleHTML: styleSheet)
    }

    /// A listing page: network front page (`site == nil`), site home, tag or author page.
    /// - Parameters:
    ///   - basePath: the path of the listing's first page, ending with `/`.
    public func listing(
        site: Site?, heading: String, intro: String?, documentTitle: String?, page: Page<ArticleSummary>,
        basePath: String
    ) -> ListingPageView {
        let pagePath = Permalink.page(page.request.number, of: basePath)
        let title = page.request.number > 1 ? "\(documentTitle ?? heading) – page \(page.request.number)" : documentTitle
        let pagination =
            page.pageCount > 1
            ? PaginationView(
                number: page.request.number, count: page.pageCount,
                previousURL: page.hasPrevious ? Permalink.page(page.request.number - 1, of: basePath) : nil,
                nextURL: page.hasNext ? Permalink.page(page.request.number + 1, of: basePath) : nil)
            : nil
        return ListingPageView(
            chrome: chrome(site: site, title: title, description: intro ?? site?.tagline ?? network.tagline,
                canonicalPath: pagePath),
            heading: heading, intro: intro, cards: page.items.map { card($0, showSite: site == nil) },
            pagination: pagination)
    }

    func card(_ summary: ArticleSummary, showSite: Bool) -> CardView {
        CardView(
            commentCountLabel: summary.commentCount > 0 ? Self.commentCount(summary.commentCount) : nil,
            title: summary.title, url: Permalink.article(summary), summary: summary.standfirst ?? summary.excerpt,
            publishedLabel: FrenchDate.format(summary.publishedAt, timeZone: summary.site.zone),
            publishedISO: FrenchDate.iso8601(summary.publishedAt, timeZone: summary.site.zone),
            authors: summary.authors.map { LinkView(name: $0.name, url: Permalink.author(site: summary.site.slug, person: $0.slug)) },
            showSite: showSite, siteTitle: summary.site.title, siteURL: Permalink.site(summary.site.slug))
    }

    /// The article page of a published article, with its approved comments and, when comments are open, the form.
    public func article(
        _ article: Article, site: Site, comments: [Comment], form: CommentFormView? = nil, commentNotice: String? = nil
    ) -> ArticlePageView {
        let publishedAt = article.publishedAt ?? article.updatedAt
        let path = Permalink.article(site: site.slug, slug: article.slug, publishedAt: publishedAt, timeZone: site.zone)
        let tags = article.tags.map { LinkView(name: $0.name, url: Permalink.tag(site: site.slug, tag: $0.slug)) }
        let threads = CommentThread.threads(from: comments)
        return ArticlePageView(
            chrome: chrome(
                site: site, title: article.title, description: article.standfirst ?? article.bodyText,
                canonicalPath: path),
            title: article.title, standfirst: article.standfirst,
            authors: article.authors.map { LinkView(name: $0.name, url: Permalink.author(site: site.slug, person: $0.slug)) },
            publishedLabel: FrenchDate.format(publishedAt, timeZone: site.zone),
            publishedISO: FrenchDate.iso8601(publishedAt, timeZone: site.zone),
            featuredHTML: article.featuredFigure.map(renderer.figureHTML), bodyHTML: article.bodyHTML, tags: tags,
            hasTags: !tags.isEmpty, shareLinks: ShareLinks.make(title: article.title, url: absolute(path)),
            comments: threads.map { commentView($0, zone: site.zone, articlePath: form == nil ? nil : path) },
            hasComments: !comments.isEmpty, commentCountLabel: Self.commentCount(comments.count), commentForm: form,
            commentNotice: commentNotice)
    }

    /// "1 commentaire", "3 commentaires".
    static func commentCount(_ count: Int) -> String { count == 1 ? "1 commentaire" : "\(count) commentaires" }

    func commentView(_ thread: CommentThread, zone: TimeZone, articlePath: String?) -> CommentView {
        let comment = thread.comment
        let replies = thread.replies.map { commentView($0, zone: zone, articlePath: articlePath) }
        return CommentView(
            id: comment.id ?? 0, authorName: comment.authorName,
            websiteURL: comment.website.flatMap { URLCheck.isSafeLink($0) && $0.lowercased().hasPrefix("http") ? $0 : nil },
            createdLabel: FrenchDate.format(comment.createdAt, timeZone: zone),
            createdISO: FrenchDate.iso8601(comment.createdAt, timeZone: zone), bodyHTML: CommentText.html(comment.body),
            replyURL: articlePath.map { "\($0)?repondre=\(comment.id ?? 0)#commenter" }, replies: replies,
            hasReplies: !replies.isEmpty)
    }

    /// A French error page for `status` (404, 500…).
    public func errorPage(status: Int, site: Site?) -> ErrorPageView {
        let (heading, message) =
            switch status {
            case 404: ("Page introuvable", "La page demandée n’existe pas ou n’existe plus.")
            case 413:
                ("Envoi trop volumineux", "Le fichier ou le formulaire envoyé dépasse la taille permise (8 Mo pour une image).")
            case 415: ("Format refusé", "Ce type de contenu n’est pas accepté ici.")
            case 400..<500: ("Requête refusée", "La demande n’a pas pu être traitée.")
            default: ("Erreur du serveur", "Une erreur est survenue de notre côté. Réessayez dans un instant.")
            }
        return ErrorPageView(
            chrome: chrome(site: site, title: heading, description: nil, canonicalPath: nil), heading: heading,
            message: message, homeURL: site.map { Permalink.site($0.slug) } ?? "/")
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
