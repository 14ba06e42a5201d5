import Foundation
import KibaruCore
import KibaruText
import PostgresNIO

/// The reader pages' queries (``ContentStore``), each run in one read-only snapshot by ``PostgresStore``.
extension PostgresTransaction {
    /// The columns of `article a` that ``summaries(_:)`` reads.
    static let summaryColumns =
        "a.id, a.site_id, a.slug, a.title, a.standfirst, a.excerpt, a.published_at, a.featured_figure, a.comment_count"

    /// Summaries of rows selected with ``summaryColumns``, in the rows' order, with their sites and bylines.
    func summaries(_ rows: [PostgresRandomAccessRow]) async throws -> [ArticleSummary] {
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.get("id", as: Article.ID.self) }
        let siteIDs = Array(Set(try rows.map { try $0.get("site_id", as: Site.ID.self) }))
        var sites: [Site.ID: Site] = [:]
        for site in try await map("SELECT * FROM site WHERE id = ANY(\(siteIDs))", PostgresRowMapping.site) { sites[site.id] = site }
        let authors = try await authors(articleIDs: ids)
        return try rows.compactMap { row -> ArticleSummary? in
            let id: Article.ID = try row.get("id")
            guard let site = sites[try row.get("site_id")], let publishedAt = try row.get("published_at", as: Date?.self) else {
                return nil
            }
            return ArticleSummary(
                id: id, site: site, slug: try PostgresRowMapping.slug(row, "slug"), title: try row.get("title"),
                standfirst: try row.get("standfirst"), excerpt: try row.get("excerpt"), publishedAt: publishedAt,
                featuredImage: PostgresRowMapping.figure(try row.get("featured_figure"))?.image,
                authors: authors[id] ?? [], commentCount: Int(try row.get("comment_count", as: Int64.self)))
        }
    }

    /// The bylines of several articles at once, in order.
    func authors(articleIDs: [Article.ID]) async throws -> [Article.ID: [Person]] {
        guard !articleIDs.isEmpty else { return [:] }
        var result: [Article.ID: [Person]] = [:]
        for row in try await rows("""
            SELECT w.article_id AS byline_article, person.* FROM article_author w JOIN person ON person.id = w.person_id
            WHERE w.article_id = ANY(\(articleIDs)) ORDER BY w.article_id, w.position
            """)
        {
            result[try row.get("byline_article"), default: []].append(try PostgresRowMapping.person(row))
        }
        return result
    }

    /// The tags of several articles at once, in order.
    func tags(articleIDs: [Article.ID]) async throws -> [Article.ID: [Tag]] {
        guard !articleIDs.isEmpty else { return [:] }
        var result: [Article.ID: [Tag]] = [:]
        for row in try await rows("""
            SELECT x.article_id AS tagged_article, tag.* FROM article_tag x JOIN tag ON tag.id = x.tag_id
            WHERE x.article_id = ANY(\(articleIDs)) ORDER BY x.article_id, x.position
            """)
        {
            result[try row.get("tagged_article"), default: []].append(try PostgresRowMapping.tag(row))
        }
        return result
    }

    /// The newest published articles of a listing, `extraColumns` after the summary's, each read from an index
    /// in that order: `article` for the network and sites, the listing's own table (with its copy of the
    /// article's date and whether it is listed) for tags, authors and entities.
    func listingRows(
        _ listing: ArticleListing, extraColumns: String = "", limit: Int, offset: Int = 0, window: ListingWindow? = nil
    ) async throws -> [PostgresRandomAccessRow] {
        let columns = Self.summaryColumns + extraColumns
        let listed = "a.state = 'published' AND NOT a.is_page"
        var binds = PostgresBindings()
        var from = "article a", condition: String
        var (date, id) = ("a.published_at", "a.id")
        switch listing {
        case .network:
            condition = listed
        case .site(let siteID):
            binds.append(siteID)
            condition = "a.site_id = $1 AND \(listed)"
        case .tag(let tagID):
            binds.append(tagID)
            from = "article_tag l JOIN article a ON a.id = l.article_id"
            condition = "l.tag_id = $1 AND l.listed"
            (date, id) = ("l.published_at", "l.article_id")
        case .author(let siteID, let personID):
            binds.append(personID)
            binds.append(siteID)
            from = "article_author l JOIN article a ON a.id = l.article_id"
            condition = "l.person_id = $1 AND l.listed AND a.site_id = $2"
            (date, id) = ("l.published_at", "l.article_id")
        case .entity(let siteID, let slug):
            binds.append(siteID)
            binds.append(slug.rawValue)
            from = "article_entity l JOIN article a ON a.id = l.article_id"
            condition = "l.site_id = $1 AND l.slug = $2 AND l.listed"
            (date, id) = ("l.published_at", "l.article_id")
        }
        // The Content API's slices: between two dates, after an article (its date and id compared as a pair,
        // which the listing's index answers).
        if let start = window?.publishedFrom {
            binds.append(start)
            condition += " AND \(date) >= $\(binds.count)"
        }
        if let before = window?.publishedBefore {
            binds.append(before)
            condition += " AND \(date) < $\(binds.count)"
        }
        if let after = window?.after {
            binds.append(after)
            condition += " AND (\(date), \(id)) < (SELECT published_at, id FROM article WHERE id = $\(binds.count))"
        }
        for excluded in (window?.excludedSites ?? []).sorted(by: { $0.rawValue < $1.rawValue }) {
            binds.append(excluded)
            condition += " AND a.site_id <> $\(binds.count)"
        }
        binds.append(Int64(limit))
        binds.append(Int64(offset))
        let count = binds.count
        return try await rows(PostgresQuery(unsafeSQL: """
            SELECT \(columns) FROM \(from) WHERE \(condition) ORDER BY \(date) DESC, \(id) DESC
            LIMIT $\(count - 1) OFFSET $\(count)
            """, binds: binds))
    }

    /// The key of a listing's size in `listing_size` (kept by the schema's triggers).
    static func sizeKey(_ listing: ArticleListing) -> String {
        switch listing {
        case .network: "network"
        case .site(let siteID): "site:\(siteID)"
        case .tag(let tagID): "tag:\(tagID)"
        case .author(let siteID, let personID): "author:\(siteID):\(personID)"
        case .entity(let siteID, let slug): "entity:\(siteID):\(slug.rawValue)"
        }
    }

    func publishedPage(_ listing: ArticleListing, page: PageRequest) async throws -> Page<ArticleSummary> {
        let total = try await value("SELECT articles FROM listing_size WHERE listing = \(Self.sizeKey(listing))", as: Int64.self) ?? 0
        let rows = try await listingRows(listing, limit: page.size, offset: page.offset)
        return Page(items: try await summaries(rows), request: page, total: Int(total))
    }

    func publishedWindow(_ listing: ArticleListing, window: ListingWindow) async throws -> [ArticleSummary] {
        try await summaries(try await listingRows(listing, limit: window.limit, window: window))
    }

    func publishedArticle(siteID: Site.ID, slug: Slug) async throws -> Article? {
        guard let article = try await article(siteID: siteID, slug: slug), article.state == .published else { return nil }
        return article
    }

    func approvedComments(articleID: Article.ID) async throws -> [Comment] {
        // Their spam verdicts are for moderation, not for readers: left unread.
        try await map("""
            SELECT id, article_id, parent_id, author_name, body, created_at, status, email, website, client_address,
                '[]' AS verdicts
            FROM comment WHERE article_id = \(articleID) AND status = 'approved' ORDER BY created_at, id
            """, PostgresRowMapping.comment)
    }

    func relatedSummaries(articleID: Article.ID) async throws -> [ArticleSummary] {
        try await summaries(try await rows(PostgresQuery(unsafeSQL: """
            SELECT \(Self.summaryColumns) FROM article_related r JOIN article a ON a.id = r.related_id
            WHERE r.article_id = $1 AND a.state = 'published' ORDER BY r.position
            """, binds: bindings(articleID.rawValue))))
    }

    func entities(articleID: Article.ID) async throws -> [ArticleEntity] {
        try await map(
            "SELECT * FROM article_entity WHERE article_id = \(articleID) ORDER BY mentions DESC, name", PostgresRowMapping.entity
        ).compactMap { $0 }
    }

    func entity(siteID: Site.ID, slug: Slug) async throws -> ArticleEntity? {
        // The name and kind of the article that mentions it most.
        try await map("""
            SELECT * FROM article_entity WHERE site_id = \(siteID) AND slug = \(slug.rawValue) AND listed
            ORDER BY mentions DESC, article_id LIMIT 1
            """, PostgresRowMapping.entity).first ?? nil
    }

    func articlePage(siteID: Site.ID, slug: Slug) async throws -> ArticlePageContent? {
        guard let article = try await publishedArticle(siteID: siteID, slug: slug) else { return nil }
        let id = article.id
        return ArticlePageContent(
            article: article, comments: try await approvedComments(articleID: id),
            related: try await relatedSummaries(articleID: id), entities: try await entities(articleID: id))
    }

    func feedEntries(_ listing: ArticleListing, limit: Int) async throws -> [FeedEntry] {
        let rows = try await listingRows(listing, extraColumns: ", a.body_html, a.updated_at", limit: limit)
        let details = Dictionary(uniqueKeysWithValues: try rows.map { row in
            (try row.get("id", as: Article.ID.self), (html: try row.get("body_html", as: String.self), updatedAt: try row.get("updated_at", as: Date.self)))
        })
        let tags = try await tags(articleIDs: Array(details.keys))
        return try await summaries(rows).compactMap { summary in
            guard let detail = details[summary.id] else { return nil }
            return FeedEntry(summary: summary, bodyHTML: detail.html, tags: tags[summary.id] ?? [], updatedAt: detail.updatedAt)
        }
    }

    func articleStamps(siteID: Site.ID) async throws -> [ArticleStamp] {
        try await map("""
            SELECT slug, title, published_at, updated_at FROM article
            WHERE site_id = \(siteID) AND state = 'published' ORDER BY published_at DESC, id DESC
            """) { row in
            ArticleStamp(
                slug: try PostgresRowMapping.slug(row, "slug"), title: try row.get("title"),
                publishedAt: try row.get("published_at"), updatedAt: try row.get("updated_at"))
        }
    }

    func tagsInUse(siteID: Site.ID, limit: Int?) async throws -> [(tag: Tag, lastPublished: Date)] {
        // From the links alone (they carry their article's date and whether it is listed): no article read.
        try await map(PostgresQuery(unsafeSQL: """
            SELECT tag.*, max(l.published_at) AS last_published FROM tag JOIN article_tag l ON l.tag_id = tag.id AND l.listed
            WHERE tag.site_id = $1 GROUP BY tag.id
            ORDER BY \(limit == nil ? "tag.slug COLLATE \"C\"" : "count(*) DESC, tag.slug COLLATE \"C\"") LIMIT $2
            """, binds: bindings(siteID.rawValue, limit.map(Int64.init) ?? Int64.max))) { row in
            (try PostgresRowMapping.tag(row), try row.get("last_published", as: Date.self))
        }
    }

    func authorsInUse(siteID: Site.ID, limit: Int?) async throws -> [(person: Person, lastPublished: Date)] {
        try await map(PostgresQuery(unsafeSQL: """
            SELECT person.*, max(l.published_at) AS last_published FROM article a
            JOIN article_author l ON l.article_id = a.id AND l.listed JOIN person ON person.id = l.person_id
            WHERE a.site_id = $1 AND a.state = 'published' AND NOT a.is_page GROUP BY person.id
            ORDER BY \(limit == nil ? "person.slug COLLATE \"C\"" : "count(*) DESC, person.slug COLLATE \"C\"") LIMIT $2
            """, binds: bindings(siteID.rawValue, limit.map(Int64.init) ?? Int64.max))) { row in
            (try PostgresRowMapping.person(row), try row.get("last_published", as: Date.self))
        }
    }

    func publicationYears(siteID: Site.ID?) async throws -> [Int] {
        // One step on the listing index per year (a loose index scan), whatever the number of articles.
        try await column("""
            WITH RECURSIVE years(year) AS (
                SELECT max(published_at) FROM article
                WHERE (\(siteID)::BIGINT IS NULL OR site_id = \(siteID)) AND state = 'published' AND NOT is_page
                UNION ALL
                SELECT (SELECT max(published_at) FROM article
                    WHERE (\(siteID)::BIGINT IS NULL OR site_id = \(siteID)) AND state = 'published' AND NOT is_page
                        AND published_at < date_trunc('year', year AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')
                FROM years WHERE year IS NOT NULL
            )
            SELECT extract(year FROM year AT TIME ZONE 'UTC')::BIGINT FROM years WHERE year IS NOT NULL
            """, as: Int64.self).map(Int.init)
    }

    func legacyRedirect(siteID: Site.ID, path: String) async throws -> String? {
        try await value("SELECT target FROM legacy_redirect WHERE site_id = \(siteID) AND path = \(path)", as: String.self)
    }

    func site(host: String) async throws -> Site? {
        try await map("SELECT * FROM site WHERE host = \(host.lowercased())", PostgresRowMapping.site).first
    }

    /// Bindings for a statement built from constant fragments.
    func bindings(_ values: Int64...) -> PostgresBindings {
        var bindings = PostgresBindings()
        for value in values { bindings.append(value) }
        return bindings
    }
}
