import Foundation
import GRDB
import KibaruCore
import KibaruText

/// The article reads shared by the store and its transactions.
enum ArticleQueries {
    /// One article matching `condition` (SQL over `article`'s columns, with `?` arguments), with its people and tags.
    static func article(_ db: Database, where condition: String, arguments: StatementArguments) throws -> Article? {
        guard
            var article = try Row.mapFirst(
                db.cachedStatement(sql: "SELECT * FROM article WHERE \(condition)"), arguments: arguments,
                { row in try RowMapping.article(row, authors: [], tags: []) })
        else { return nil }
        let id = article.id
        article.authors = try authors(db, articleIDs: [id])[id] ?? []
        article.tags = try Row.mapAll(
            db.cachedStatement(sql: """
                SELECT tag.* FROM article_tag JOIN tag ON tag.id = article_tag.tag_id
                WHERE article_tag.article_id = ? ORDER BY article_tag.position
                """), arguments: [id], RowMapping.tag)
        return article
    }

    /// The approved comments of an article, oldest first.
    static func approvedComments(_ db: Database, articleID: Article.ID) throws -> [Comment] {
        // Their spam verdicts are for moderation, not for readers: left unread.
        try Row.mapAll(
            db.cachedStatement(sql: "SELECT * FROM comment WHERE article_id = ? AND status = 'approved' ORDER BY created_at, id"),
            arguments: [articleID]
        ) { RowMapping.comment($0, readingVerdicts: false) }
    }

    /// The related articles stored for an article, best first, published ones only.
    static func related(_ db: Database, articleID: Article.ID) throws -> [ArticleSummary] {
        let rows = try Row.mapAll(
            db.cachedStatement(sql: """
                SELECT \(summaryColumns) FROM article_related r JOIN article a ON a.id = r.related_id
                WHERE r.article_id = ? AND a.state = 'published' ORDER BY r.position
                """), arguments: [articleID], SummaryRow.init)
        return try summaries(db, rows: rows)
    }

    /// The people, places and organisations an article mentions, most mentioned first.
    static func entities(_ db: Database, articleID: Article.ID) throws -> [ArticleEntity] {
        try Row.mapAll(
            db.cachedStatement(sql: "SELECT * FROM article_entity WHERE article_id = ? ORDER BY mentions DESC, name"),
            arguments: [articleID], RowMapping.entity
        ).compactMap { $0 }
    }

    /// The tags of several articles at once, in order.
    static func tags(_ db: Database, articleIDs: [Article.ID]) throws -> [Article.ID: [Tag]] {
        guard !articleIDs.isEmpty else { return [:] }
        let placeholders = Array(repeating: "?", count: articleIDs.count).joined(separator: ", ")
        var result: [Article.ID: [Tag]] = [:]
        for (articleID, tag) in try Row.mapAll(
            db.cachedStatement(sql: """
                SELECT article_tag.article_id AS article_id, tag.* FROM article_tag JOIN tag ON tag.id = article_tag.tag_id
                WHERE article_tag.article_id IN (\(placeholders)) ORDER BY article_tag.article_id, article_tag.position
                """), arguments: StatementArguments(articleIDs), { row in (row["article_id"] as Article.ID, try RowMapping.tag(row)) })
        {
            result[articleID, default: []].append(tag)
        }
        return result
    }

    /// The bylines of several articles at once, in order.
    static func authors(_ db: Database, articleIDs: [Article.ID]) throws -> [Article.ID: [Person]] {
        guard !articleIDs.isEmpty else { return [:] }
        let placeholders = Array(repeating: "?", count: articleIDs.count).joined(separator: ", ")
        var result: [Article.ID: [Person]] = [:]
        for (articleID, person) in try Row.mapAll(
            db.cachedStatement(sql: """
                SELECT article_author.article_id AS article_id, person.* FROM article_author
                JOIN person ON person.id = article_author.person_id
                WHERE article_author.article_id IN (\(placeholders))
                ORDER BY article_author.article_id, article_author.position
                """), arguments: StatementArguments(articleIDs), { row in (row["article_id"] as Article.ID, try RowMapping.person(row)) })
        {
            result[articleID, default: []].append(person)
        }
        return result
    }

    /// The rows and order that select the published articles of a listing, newest first, each read from an index
    /// in that order (migration 0016): `FROM` and `WHERE` over `article a`, joined to the listing's own table
    /// for tags, authors and entities.
    struct Selection {
        var from: String
        var condition: String
        var order: String
        var arguments: StatementArguments
        /// The columns the listing is ordered by, the date then the article's id.
        var position: (date: String, id: String) = ("a.published_at", "a.id")
    }

    static func selection(_ listing: ArticleListing) -> Selection {
        let listed = "a.state = 'published' AND a.is_page = 0"
        let newest = "a.published_at DESC, a.id DESC"
        switch listing {
        case .network:
            return Selection(from: "article a", condition: listed, order: newest, arguments: [])
        case .site(let siteID):
            return Selection(from: "article a", condition: "a.site_id = ? AND \(listed)", order: newest, arguments: [siteID])
        case .tag(let tagID):
            return Selection(
                from: "article_tag l JOIN article a ON a.id = l.article_id", condition: "l.tag_id = ? AND l.listed = 1",
                order: "l.published_at DESC, l.article_id DESC", arguments: [tagID],
                position: ("l.published_at", "l.article_id"))
        case .author(let siteID, let personID):
            return Selection(
                from: "article_author l JOIN article a ON a.id = l.article_id",
                condition: "l.person_id = ? AND l.listed = 1 AND a.site_id = ?",
                order: "l.published_at DESC, l.article_id DESC", arguments: [personID, siteID],
                position: ("l.published_at", "l.article_id"))
        case .entity(let siteID, let slug):
            return Selection(
                from: "article_entity l JOIN article a ON a.id = l.article_id",
                condition: "l.site_id = ? AND l.slug = ? AND l.listed = 1",
                order: "l.published_at DESC, l.article_id DESC", arguments: [siteID, slug.rawValue],
                position: ("l.published_at", "l.article_id"))
        }
    }

    /// The key of a listing's size in `listing_size` (kept by the triggers of migration 0019).
    static func sizeKey(_ listing: ArticleListing) -> String {
        switch listing {
        case .network: "network"
        case .site(let siteID): "site:\(siteID)"
        case .tag(let tagID): "tag:\(tagID)"
        case .author(let siteID, let personID): "author:\(siteID):\(personID)"
        case .entity(let siteID, let slug): "entity:\(siteID):\(slug.rawValue)"
        }
    }

    /// One page of published summaries, newest first; the total is the listing's kept size.
    static func publishedPage(_ db: Database, listing: ArticleListing, page: PageRequest) throws -> Page<ArticleSummary> {
        let selection = selection(listing)
        let total = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT articles FROM listing_size WHERE listing = ?"), arguments: [sizeKey(listing)]) ?? 0
        let rows = try Row.mapAll(
            db.cachedStatement(sql: """
                SELECT \(summaryColumns) FROM \(selection.from) WHERE \(selection.condition)
                ORDER BY \(selection.order) LIMIT ? OFFSET ?
                """), arguments: selection.arguments + [page.size, page.offset], SummaryRow.init)
        let items = try summaries(db, rows: rows)
        return Page(items: items, request: page, total: total)
    }

    /// Published summaries of a listing within `window`, newest first. The position after which it continues is
    /// the article's own date and id, compared as a pair: read on the listing's index, whatever the page.
    static func publishedWindow(_ db: Database, listing: ArticleListing, window: ListingWindow) throws -> [ArticleSummary] {
        let selection = selection(listing)
        let (date, id) = selection.position
        var condition = selection.condition
        var arguments = selection.arguments
        if let start = window.publishedFrom {
            condition += " AND \(date) >= ?"
            arguments += [start]
        }
        if let before = window.publishedBefore {
            condition += " AND \(date) < ?"
            arguments += [before]
        }
        if let after = window.after {
            condition += " AND (\(date), \(id)) < (SELECT published_at, id FROM article WHERE id = ?)"
            arguments += [after]
        }
        if !window.excludedSites.isEmpty {
            let excluded = window.excludedSites.sorted { $0.rawValue < $1.rawValue }
            condition += " AND a.site_id NOT IN (\(Array(repeating: "?", count: excluded.count).joined(separator: ", ")))"
            arguments += StatementArguments(excluded)
        }
        let rows = try Row.mapAll(
            db.cachedStatement(sql: """
                SELECT \(summaryColumns) FROM \(selection.from) WHERE \(condition)
                ORDER BY \(selection.order) LIMIT ?
                """), arguments: arguments + [window.limit], SummaryRow.init)
        return try summaries(db, rows: rows)
    }

    /// The columns of `article a` that ``SummaryRow`` reads, first in each row and in this order. The
    /// featured image's address is read from the figure's JSON by SQLite: decoding each card's figure in Swift
    /// took a tenth of a listing's read. A figure that is not valid JSON gives no image, never a failed listing.
    static let summaryColumns = """
        a.id, a.site_id, a.slug, a.title, a.standfirst, a.excerpt, a.published_at,
        CASE WHEN json_valid(a.featured_figure) THEN json_extract(a.featured_figure, '$.image') END, a.comment_count
        """

    /// A row selected with ``summaryColumns``, read by position.
    struct SummaryRow {
        let id: Article.ID
        let siteID: Site.ID
        let slug: String
        let title: String
        let standfirst: String?
        let excerpt: String
        let publishedAt: Date?
        let featuredImage: String?
        let commentCount: Int

        init(_ row: Row) {
            (id, siteID, slug, title, standfirst) = (row[0], row[1], row[2], row[3], row[4])
            (excerpt, publishedAt, featuredImage, commentCount) = (row[5], row[6], row[7], row[8])
        }
    }

    /// Summaries of rows selected with ``summaryColumns``, in the rows' order, with their sites and bylines.
    static func summaries(_ db: Database, rows: [SummaryRow]) throws -> [ArticleSummary] {
        guard !rows.isEmpty else { return [] }
        // The sites of these rows only: a network may have a thousand.
        let siteIDs = Array(Set(rows.map(\.siteID)))
        let sites = try Dictionary(
            uniqueKeysWithValues: Row.mapAll(
                db.cachedStatement(sql: "SELECT * FROM site WHERE id IN (\(Array(repeating: "?", count: siteIDs.count).joined(separator: ", ")))"),
                arguments: StatementArguments(siteIDs)
            ) { row in (row["id"] as Site.ID, try RowMapping.site(row)) })
        let authors = try authors(db, articleIDs: rows.map(\.id))
        return try rows.compactMap { row -> ArticleSummary? in
            guard let site = sites[row.siteID], let publishedAt = row.publishedAt else { return nil }
            guard let slug = Slug(rawValue: row.slug) else {
                throw ContentError.storeUnavailable(reason: "identifiant invalide « \(row.slug) » de l’article \(row.id)")
            }
            return ArticleSummary(
                id: row.id, site: site, slug: slug, title: row.title, standfirst: row.standfirst, excerpt: row.excerpt,
                publishedAt: publishedAt, featuredImage: row.featuredImage, authors: authors[row.id] ?? [],
                commentCount: row.commentCount)
        }
    }
}
