import Foundation
import GRDB
import KibaruCore
import KibaruText

/// The article reads shared by the store and its transactions.
enum ArticleQueries {
    /// One article matching `condition` (SQL over `article`'s columns, with `?` arguments), with its people and tags.
    static func article(_ db: Database, where condition: String, arguments: StatementArguments) throws -> Article? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM article WHERE \(condition)", arguments: arguments),
            let id: Int64 = row["id"]
        else { return nil }
        let authors = try authors(db, articleIDs: [id])[id] ?? []
        let tags = try Row.fetchAll(
            db,
            sql: """
                SELECT tag.* FROM article_tag JOIN tag ON tag.id = article_tag.tag_id
                WHERE article_tag.article_id = ? ORDER BY article_tag.position
                """, arguments: [id]
        ).map(RowMapping.tag)
        return try RowMapping.article(row, authors: authors, tags: tags)
    }

    /// The tags of several articles at once, in order.
    static func tags(_ db: Database, articleIDs: [Int64]) throws -> [Int64: [Tag]] {
        guard !articleIDs.isEmpty else { return [:] }
        let placeholders = Array(repeating: "?", count: articleIDs.count).joined(separator: ", ")
        var result: [Int64: [Tag]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT article_tag.article_id AS article_id, tag.* FROM article_tag JOIN tag ON tag.id = article_tag.tag_id
                WHERE article_tag.article_id IN (\(placeholders)) ORDER BY article_tag.article_id, article_tag.position
                """, arguments: StatementArguments(articleIDs))
        {
            result[row["article_id"], default: []].append(try RowMapping.tag(row))
        }
        return result
    }

    /// The bylines of several articles at once, in order.
    static func authors(_ db: Database, articleIDs: [Int64]) throws -> [Int64: [Person]] {
        guard !articleIDs.isEmpty else { return [:] }
        let placeholders = Array(repeating: "?", count: articleIDs.count).joined(separator: ", ")
        var result: [Int64: [Person]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT article_author.article_id AS article_id, person.* FROM article_author
                JOIN person ON person.id = article_author.person_id
                WHERE article_author.article_id IN (\(placeholders))
                ORDER BY article_author.article_id, article_author.position
                """, arguments: StatementArguments(articleIDs))
        {
            result[row["article_id"], default: []].append(try RowMapping.person(row))
        }
        return result
    }

    /// The join and condition over `article a` that select the published articles of a listing.
    static func filter(_ listing: ArticleListing) -> (join: String, condition: String, arguments: StatementArguments) {
        var join = ""
        var condition = "a.state = 'published' AND a.is_page = 0"
        var arguments: StatementArguments = []
        switch listing {
        case .network:
            break
        case .site(let siteID):
            condition += " AND a.site_id = ?"
            arguments += [siteID]
        case .tag(let tagID):
            join = "JOIN article_tag t ON t.article_id = a.id"
            condition += " AND t.tag_id = ?"
            arguments += [tagID]
        case .author(let siteID, let personID):
            join = "JOIN article_author w ON w.article_id = a.id"
            condition += " AND a.site_id = ? AND w.person_id = ?"
            arguments += [siteID, personID]
        case .entity(let siteID, let slug):
            join = "JOIN article_entity e ON e.article_id = a.id"
            condition += " AND e.site_id = ? AND e.slug = ?"
            arguments += [siteID, slug.rawValue]
        }
        return (join, condition, arguments)
    }

    /// One page of published summaries, newest first.
    static func publishedPage(_ db: Database, listing: ArticleListing, page: PageRequest) throws -> Page<ArticleSummary> {
        let (join, condition, arguments) = filter(listing)
        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM article a \(join) WHERE \(condition)", arguments: arguments) ?? 0
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT \(summaryColumns) FROM article a \(join) WHERE \(condition)
                ORDER BY a.published_at DESC, a.id DESC LIMIT ? OFFSET ?
                """, arguments: arguments + [page.size, page.offset])
        let items = try summaries(db, rows: rows)
        return Page(items: items, request: page, total: total)
    }

    /// The columns of `article a` that ``summaries(_:rows:)`` reads.
    static let summaryColumns = """
        a.id, a.site_id, a.slug, a.title, a.standfirst, substr(a.body_text, 1, 600) AS body_start, a.published_at,
        a.featured_figure, a.comment_count
        """

    /// Summaries of rows selected with ``summaryColumns``, in the rows' order, with their sites and bylines.
    static func summaries(_ db: Database, rows: [Row]) throws -> [ArticleSummary] {
        guard !rows.isEmpty else { return [] }
        let sites = try Dictionary(
            uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT * FROM site").map { row in
                (row["id"] as Int64, try RowMapping.site(row))
            })
        let ids = rows.map { $0["id"] as Int64 }
        let authors = try authors(db, articleIDs: ids)
        return try rows.compactMap { row -> ArticleSummary? in
            let id: Int64 = row["id"]
            guard let site = sites[row["site_id"]], let publishedAt: Date = row["published_at"] else { return nil }
            return ArticleSummary(
                id: id, site: site, slug: try RowMapping.slug(row, "slug"), title: row["title"],
                standfirst: row["standfirst"], excerpt: Excerpt.make(row["body_start"]), publishedAt: publishedAt,
                featuredFigure: RowMapping.figure(row["featured_figure"]), authors: authors[id] ?? [],
                commentCount: row["comment_count"])
        }
    }
}
