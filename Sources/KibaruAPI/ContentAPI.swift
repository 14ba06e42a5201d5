import Foundation
import KibaruCore
import KibaruMarkdown
import KibaruServices
import KibaruText

/// The Content API's operations (`/api/v1/`, read-only): the published content of the network as JSON, from the
/// same store queries as the reader pages. Each operation records what it showed in ``APIRecord/current`` for the
/// page cache. A site that asks for content keys (``ContentKeyService``) serves its content only to requests that
/// carry one of its keys (``APIContentKey``), never from the shared cache, and the network's listing leaves it out.
extension APIOperations {
    func listSites(_ input: Operations.ListSites.Input) async throws -> Operations.ListSites.Output {
        APIRecord.add([.sites])
        let sites = try await store.sites().sorted { $0.slug.rawValue < $1.slug.rawValue }
        return .ok(.init(body: .json(.init(sites: sites.map(site)))))
    }

    func getSite(_ input: Operations.GetSite.Input) async throws -> Operations.GetSite.Output {
        .ok(.init(body: .json(site(try await site(slug: input.path.site)))))
    }

    func listTags(_ input: Operations.ListTags.Input) async throws -> Operations.ListTags.Output {
        let site = try await contentSite(slug: input.path.site)
        APIRecord.add([.siteListing(site.id)])
        let tags = try await store.tagsInUse(siteID: site.id, limit: nil).sorted { $0.lastPublished > $1.lastPublished }
        APIRecord.add(tags.map { .tag($0.tag.id) })
        return .ok(.init(body: .json(.init(tags: tags.map { tag($0.tag, site: site, lastPublished: $0.lastPublished) }))))
    }

    func listAuthors(_ input: Operations.ListAuthors.Input) async throws -> Operations.ListAuthors.Output {
        let site = try await contentSite(slug: input.path.site)
        APIRecord.add([.siteListing(site.id)])
        let people = try await store.authorsInUse(siteID: site.id, limit: nil).sorted { $0.lastPublished > $1.lastPublished }
        APIRecord.add(people.map { .person($0.person.id) })
        return .ok(.init(body: .json(.init(authors: people.map { person, lastPublished in
            .init(
                slug: person.slug.rawValue, name: person.name, bio: person.bio,
                url: absolute(Permalink.author(site: site.slug, person: person.slug)), lastPublished: lastPublished)
        }))))
    }

    func getArticleBySlug(_ input: Operations.GetArticleBySlug.Input) async throws
        -> Operations.GetArticleBySlug.Output
    {
        let site = try await site(slug: input.path.site)
        let access = try await requireAccess(to: site)
        guard let slug = Slug(rawValue: input.path.slug) else { throw APIProblem.notFound("Aucun article publié « \(input.path.slug) » sur ce site.") }
        return .ok(.init(body: .json(try await article(site: site, slug: slug, access: access))))
    }

    func getArticle(_ input: Operations.GetArticle.Input) async throws -> Operations.GetArticle.Output {
        let (site, slug, access) = try await publishedArticleAddress(id: input.path.id)
        return .ok(.init(body: .json(try await article(site: site, slug: slug, access: access))))
    }

    func listComments(_ input: Operations.ListComments.Input) async throws -> Operations.ListComments.Output {
        let (site, _, _) = try await publishedArticleAddress(id: input.path.id)
        APIRecord.add([.comments(siteID: site.id)])
        let comments = try await store.approvedComments(articleID: Article.ID(input.path.id))
        return .ok(.init(body: .json(.init(comments: comments.map { comment in
            .init(
                id: comment.id.rawValue, parentId: comment.parentID?.rawValue, authorName: comment.authorName,
                website: comment.website.flatMap { URLCheck.isSafeLink($0) && $0.lowercased().hasPrefix("http") ? $0 : nil },
                publishedAt: comment.createdAt, html: CommentText.html(comment.body))
        }))))
    }

    func listArticles(_ input: Operations.ListArticles.Input) async throws -> Operations.ListArticles.Output {
        let query = input.query
        let limit = query.limit ?? 20
        guard (1...100).contains(limit) else { throw APIProblem.invalidParameter("limit", "entre 1 et 100") }
        let cursor = try query.cursor.map { text throws(APIProblem) in try ArticleCursor(parsing: text) }
        var site: Site?
        if let slug = query.site { site = try await contentSite(slug: slug) }
        let listing = try await listing(site: site, tag: query.tag, author: query.author, entity: query.entity)
        // The network's listing leaves out the sites that ask for a key: their content is read with `site`.
        var excluded: Set<Site.ID> = []
        if site == nil {
            excluded = try await ContentKeyService(store: store).access(key: nil).keyedSites
            APIRecord.add([.contentKeys])
        }
        var next: String?
        let summaries: [ArticleSummary]
        if let text = query.q {
            (summaries, next) = try await search(
                text, site: site, listing: listing, query: query, cursor: cursor, limit: limit, excluded: excluded)
        } else {
            let after: Article.ID?
            switch cursor {
            case .after(let id): after = id
            case .searchPage: throw APIProblem.invalidParameter("cursor", "curseur d’une recherche, sans q")
            case nil: after = nil
            }
            // One more than asked tells whether there is a next page.
            let window = ListingWindow(
                publishedFrom: query.publishedAfter, publishedBefore: query.publishedBefore, after: after, limit: limit + 1,
                excludedSites: excluded)
            let slice = try await store.publishedArticles(listing, window: window)
            summaries = Array(slice.prefix(limit))
            if slice.count > limit, let last = summaries.last { next = ArticleCursor.after(last.id).text }
            APIRecord.add([Self.dependency(of: listing)])
        }
        APIRecord.add(summaries: summaries)
        let fields = Set((query.fields ?? []).map(\.rawValue))
        return .ok(.init(body: .json(.init(articles: summaries.map { summary($0, fields: fields) }, next: next))))
    }

    // MARK: - Reading

    /// The site with this slug when the request may read its content: a `401` problem when the site asks for a
    /// content key and the request carries none of its keys.
    private func contentSite(slug text: String) async throws -> Site {
        let site = try await site(slug: text)
        _ = try await requireAccess(to: site)
        return site
    }

    /// Refuses the site's content to a request without one of its keys, when it asks for them; an answer read with
    /// a key is private (no shared cache keeps it). Returns what the request may read, for the other sites the
    /// answer names.
    private func requireAccess(to site: Site) async throws -> ContentAccess {
        let access = try await ContentKeyService(store: store).access(key: APIContentKey.current)
        guard access.keyedSites.contains(site.id) else { return access }
        APIRecord.keepPrivate()
        guard access.mayRead(site.id) else { throw APIProblem.contentKeyRequired(site) }
        return access
    }

    /// The site with this slug, or a 404 problem.
    private func site(slug text: String) async throws -> Site {
        guard let slug = Slug(rawValue: text), let site = try await store.site(slug: slug) else {
            throw APIProblem.notFound("Aucun site « \(text) » dans ce réseau.")
        }
        APIRecord.add([.site(site.id)])
        return site
    }

    /// The listing the filters name; `tag`, `author` and `entity` need a site.
    private func listing(site: Site?, tag: String?, author: String?, entity: String?) async throws -> ArticleListing {
        let filters = [("tag", tag), ("author", author), ("entity", entity)].filter { $0.1 != nil }
        guard filters.count <= 1 else {
            throw APIProblem.invalidParameter(filters[1].0, "un seul filtre parmi tag, author et entity")
        }
        guard let (name, value) = filters.first.map({ ($0.0, $0.1!) }) else { return site.map { .site($0.id) } ?? .network }
        guard let site else { throw APIProblem.invalidParameter(name, "demande le paramètre site") }
        let slug = Slug(rawValue: value)
        switch name {
        case "tag":
            guard let slug, let tag = try await store.tag(siteID: site.id, slug: slug) else {
                throw APIProblem.notFound("Aucune étiquette « \(value) » sur ce site.")
            }
            APIRecord.add([.tag(tag.id)])
            return .tag(tag.id)
        case "author":
            guard let slug, let person = try await store.person(slug: slug) else { throw APIProblem.notFound("Aucun auteur « \(value) » dans ce réseau.") }
            APIRecord.add([.person(person.id)])
            return .author(siteID: site.id, personID: person.id)
        default:
            guard let slug else { throw APIProblem.notFound("Aucun sujet « \(value) » sur ce site.") }
            return .entity(siteID: site.id, slug: slug)
        }
    }

    /// The change that touches a listing's list of articles.
    private static func dependency(of listing: ArticleListing) -> ContentDependency {
        switch listing {
        case .network: .networkListing
        case .site(let id): .siteListing(id)
        case .tag(let id): .tagListing(id)
        case .author(_, let personID): .authorListing(personID)
        case .entity(let siteID, let slug): .entityListing(siteID: siteID, slug: slug)
        }
    }

    /// A page of search results, best first: the store's search with the same filters as the site's search page.
    private func search(
        _ text: String, site: Site?, listing: ArticleListing, query: Operations.ListArticles.Input.Query,
        cursor: ArticleCursor?, limit: Int, excluded: Set<Site.ID>
    ) async throws -> ([ArticleSummary], String?) {
        guard query.publishedAfter == nil, query.publishedBefore == nil else {
            throw APIProblem.invalidParameter(query.publishedAfter == nil ? "publishedBefore" : "publishedAfter", "ne se combine pas avec q")
        }
        guard text.count <= 200 else { throw APIProblem.invalidParameter("q", "200 caractères au plus") }
        var page = PageRequest(number: 1, size: limit)
        switch cursor {
        case .searchPage(let number, let size): page = PageRequest(number: number, size: size)
        case .after: throw APIProblem.invalidParameter("cursor", "curseur d’une liste, avec q")
        case nil: break
        }
        var tagID: Tag.ID?, personID: Person.ID?
        switch listing {
        case .tag(let id): tagID = id
        case .author(_, let id): personID = id
        case .entity: throw APIProblem.invalidParameter("entity", "ne se combine pas avec q")
        case .network, .site: break
        }
        let results: Page<SearchHit>
        do {
            var search = try SearchQuery(text: text, siteID: site?.id, tagID: tagID, personID: personID, page: page)
            search.excludedSiteIDs = excluded
            results = try await store.search(search)
        } catch let error as SearchError {
            throw APIProblem.invalidParameter("q", error.description)
        }
        let next = results.hasNext ? ArticleCursor.searchPage(number: page.number + 1, size: page.size).text : nil
        return (results.items.map(\.article), next)
    }

    /// The site and slug of a published article, or a 404 problem; with what the request may read.
    private func publishedArticleAddress(id: Int64) async throws -> (Site, Slug, ContentAccess) {
        guard let article = try await store.article(id: Article.ID(id)), article.state == .published, !article.isPage,
            let site = try await store.read({ tx in try await tx.site(id: article.siteID) })
        else { throw APIProblem.notFound("Aucun article publié n’a le numéro \(id).") }
        let access = try await requireAccess(to: site)
        APIRecord.add([.article(article.id), .site(site.id)])
        return (site, article.slug, access)
    }

    /// A published article with its structured parts, read as its page is.
    private func article(site: Site, slug: Slug, access: ContentAccess) async throws -> Components.Schemas.Article {
        guard let page = try await store.articlePage(siteID: site.id, slug: slug), !page.article.isPage else {
            throw APIProblem.notFound("Aucun article publié « \(slug) » sur ce site.")
        }
        let article = page.article
        APIRecord.add([.article(article.id), .articlePage(article.id), .comments(siteID: site.id)])
        APIRecord.add(article.tags.map { .tag($0.id) } + article.authors.map { .person($0.id) })
        let publishedAt = article.publishedAt ?? article.updatedAt
        let blocks = (try? ArticleSource.parse(article.bodyMarkdown)) ?? []
        var readAlso: [Components.Schemas.ReadAlso] = []
        for case .readAlso(let reference) in blocks {
            guard let id = reference.articleID else { continue }
            APIRecord.add([.article(id)])
            let target = try await store.article(id: id)
            if let target { APIRecord.add([.site(target.siteID)]) }
            // An article of a site that asks for a key is named only to those who hold one of its keys.
            if let target, target.state == .published, !target.isPage, let published = target.publishedAt,
                access.mayRead(target.siteID),
                let targetSite = try await store.read({ tx in try await tx.site(id: target.siteID) })
            {
                readAlso.append(.init(
                    articleId: id.rawValue, title: target.title,
                    url: absolute(Permalink.article(site: targetSite.slug, slug: target.slug, publishedAt: published, timeZone: targetSite.zone))))
            } else {
                readAlso.append(.init(articleId: id.rawValue))
            }
        }
        let isOpen = CommentPosting.isOpen(article, site: site, now: now())
        if isOpen, let closing = CommentPosting.closingDate(article, site: site) { APIRecord.expire(at: closing) }
        return .init(
            id: article.id.rawValue, site: site.slug.rawValue, slug: article.slug.rawValue,
            url: absolute(Permalink.article(site: site.slug, slug: article.slug, publishedAt: publishedAt, timeZone: site.zone)),
            title: article.title, standfirst: article.standfirst, excerpt: article.excerpt ?? Excerpt.make(article.bodyText),
            publishedAt: publishedAt, updatedAt: article.updatedAt,
            authors: article.authors.map { byline($0, site: site) },
            tags: article.tags.map { tag($0, site: site, lastPublished: nil) },
            entities: page.entities.prefix(12).map { entity in
                .init(
                    slug: entity.slug.rawValue, name: entity.name,
                    kind: Components.Schemas.Entity.KindPayload(rawValue: entity.kind.rawValue) ?? .organisation,
                    url: absolute(Permalink.entity(site: site.slug, entity: entity.slug)))
            },
            featuredFigure: article.featuredFigure.map(figure),
            figures: blocks.compactMap { block in if case .figure(let figure) = block { self.figure(figure) } else { nil } },
            readAlso: readAlso, html: article.bodyHTML, commentCount: page.comments.count, commentsOpen: isOpen)
    }

    // MARK: - Representations

    func absolute(_ path: String) -> String { path.hasPrefix("/") ? baseURL + path : path }

    private func site(_ site: Site) -> Components.Schemas.Site {
        let home = Permalink.site(site.slug)
        return .init(
            slug: site.slug.rawValue, title: site.title, tagline: site.tagline, language: site.language,
            timeZone: site.timeZone, url: absolute(home), feedURL: absolute(home + "feed/"))
    }

    private func byline(_ person: Person, site: Site) -> Components.Schemas.Byline {
        .init(slug: person.slug.rawValue, name: person.name, url: absolute(Permalink.author(site: site.slug, person: person.slug)))
    }

    private func tag(_ tag: Tag, site: Site, lastPublished: Date?) -> Components.Schemas.Tag {
        .init(
            slug: tag.slug.rawValue, name: tag.name,
            kind: tag.kind.flatMap { Components.Schemas.Tag.KindPayload(rawValue: $0.rawValue) },
            url: absolute(Permalink.tag(site: site.slug, tag: tag.slug)), lastPublished: lastPublished)
    }

    func figure(_ figure: Figure) -> Components.Schemas.Figure {
        .init(
            image: figure.image.map(absolute), alt: figure.alt, caption: figure.caption,
            credit: .init(
                author: figure.credit.author, source: figure.credit.source, licence: figure.credit.licence,
                sourceURL: figure.credit.sourceURL.map(absolute)))
    }

    /// A card of the list with the fields asked for (all when none is).
    private func summary(_ summary: ArticleSummary, fields: Set<String>) -> Components.Schemas.ArticleSummary {
        let wants = { (field: String) in fields.isEmpty || fields.contains(field) }
        var card = Components.Schemas.ArticleSummary(id: summary.id.rawValue)
        if wants("site") { card.site = summary.site.slug.rawValue }
        if wants("slug") { card.slug = summary.slug.rawValue }
        if wants("url") { card.url = absolute(Permalink.article(summary)) }
        if wants("title") { card.title = summary.title }
        if wants("standfirst") { card.standfirst = summary.standfirst }
        if wants("excerpt") { card.excerpt = summary.excerpt }
        if wants("publishedAt") { card.publishedAt = summary.publishedAt }
        if wants("authors") { card.authors = summary.authors.map { byline($0, site: summary.site) } }
        if wants("image") { card.image = summary.featuredImage.flatMap { URLCheck.isSafeLink($0) ? absolute($0) : nil } }
        if wants("commentCount") { card.commentCount = summary.commentCount }
        return card
    }
}
