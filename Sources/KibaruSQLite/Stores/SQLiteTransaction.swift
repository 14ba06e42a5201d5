import Foundation
import GRDB
import KibaruCore
import KibaruText

/// ``ContentTransaction`` over one GRDB write transaction.
struct SQLiteTransaction: ContentTransaction {
    let db: Database

    func network() throws -> Network? {
        try Row.fetchOne(db, sql: "SELECT title, tagline FROM network WHERE id = 1").map {
            Network(title: $0["title"], tagline: $0["tagline"])
        }
    }

    func saveNetwork(_ network: Network) throws {
        try db.execute(
            sql: """
                INSERT INTO network (id, title, tagline) VALUES (1, ?, ?)
                ON CONFLICT (id) DO UPDATE SET title = excluded.title, tagline = excluded.tagline
                """, arguments: [network.title, network.tagline])
    }

    func site(slug: Slug) throws -> Site? {
        try Row.fetchOne(db, sql: "SELECT * FROM site WHERE slug = ?", arguments: [slug.rawValue]).map(RowMapping.site)
    }

    func site(id: Int64) throws -> Site? {
        try Row.fetchOne(db, sql: "SELECT * FROM site WHERE id = ?", arguments: [id]).map(RowMapping.site)
    }

    func insertSite(_ site: Site) throws -> Site {
        if try self.site(slug: site.slug) != nil { throw ContentError.slugTaken(site.slug) }
        if let host = site.host, try Row.fetchOne(db, sql: "SELECT 1 FROM site WHERE host = ?", arguments: [host]) != nil {
            throw ContentError.slugTaken(site.slug)
        }
        try db.execute(
            sql: "INSERT INTO site (slug, title, tagline, language, time_zone, host) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [site.slug.rawValue, site.title, site.tagline, site.language, site.timeZone, site.host])
        var saved = site
        saved.id = db.lastInsertedRowID
        return saved
    }

    func person(slug: Slug) throws -> Person? {
        try Row.fetchOne(db, sql: "SELECT * FROM person WHERE slug = ?", arguments: [slug.rawValue])
            .map(RowMapping.person)
    }

    func insertPerson(_ person: Person) throws -> Person {
        if try self.person(slug: person.slug) != nil { throw ContentError.slugTaken(person.slug) }
        try db.execute(
            sql: "INSERT INTO person (slug, name, bio) VALUES (?, ?, ?)",
            arguments: [person.slug.rawValue, person.name, person.bio])
        var saved = person
        saved.id = db.lastInsertedRowID
        return saved
    }

    func tag(siteID: Int64, slug: Slug) throws -> Tag? {
        try Row.fetchOne(db, sql: "SELECT * FROM tag WHERE site_id = ? AND slug = ?", arguments: [siteID, slug.rawValue])
            .map(RowMapping.tag)
    }

    func insertTag(_ tag: Tag) throws -> Tag {
        if try self.tag(siteID: tag.siteID, slug: tag.slug) != nil { throw ContentError.slugTaken(tag.slug) }
        try db.execute(
            sql: "INSERT INTO tag (site_id, slug, name) VALUES (?, ?, ?)",
            arguments: [tag.siteID, tag.slug.rawValue, tag.name])
        var saved = tag
        saved.id = db.lastInsertedRowID
        return saved
    }

    func article(id: Int64) throws -> Article? {
        try ArticleQueries.article(db, where: "id = ?", arguments: [id])
    }

    func article(siteID: Int64, slug: Slug) throws -> Article? {
        try ArticleQueries.article(db, where: "site_id = ? AND slug = ?", arguments: [siteID, slug.rawValue])
    }

    func publishedArticles(siteID: Int64, titled title: String) throws -> [Article] {
        let ids = try Int64.fetchAll(
            db,
            sql: """
                SELECT id FROM article WHERE site_id = ? AND title_key = ? AND state = 'published'
                ORDER BY published_at DESC, id DESC
                """, arguments: [siteID, TitleKey.make(title)])
        return try ids.compactMap { try article(id: $0) }
    }

    func saveArticle(_ article: Article) throws -> Article {
        if let clash = try Int64.fetchOne(
            db, sql: "SELECT id FROM article WHERE site_id = ? AND slug = ?",
            arguments: [article.siteID, article.slug.rawValue]), clash != article.id
        {
            throw ContentError.slugTaken(article.slug)
        }
        let values: [(any DatabaseValueConvertible)?] = [
            article.siteID, article.slug.rawValue, article.title, TitleKey.make(article.title), article.standfirst,
            article.bodyMarkdown, article.bodyHTML, article.bodyText, article.rendererVersion, article.state.rawValue,
            article.publishedAt, try RowMapping.figureJSON(article.featuredFigure), article.createdAt,
            article.updatedAt,
        ]
        var saved = article
        if let id = article.id {
            try db.execute(
                sql: """
                    UPDATE article SET site_id = ?, slug = ?, title = ?, title_key = ?, standfirst = ?,
                        body_markdown = ?, body_html = ?, body_text = ?, renderer_version = ?, state = ?,
                        published_at = ?, featured_figure = ?, created_at = ?, updated_at = ?
                    WHERE id = ?
                    """, arguments: StatementArguments(values + [id]))
            guard db.changesCount == 1 else { throw ContentError.notFound(what: "article \(id)") }
        } else {
            try db.execute(
                sql: """
                    INSERT INTO article (site_id, slug, title, title_key, standfirst, body_markdown, body_html,
                        body_text, renderer_version, state, published_at, featured_figure, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: StatementArguments(values))
            saved.id = db.lastInsertedRowID
        }
        let id = saved.id!
        try db.execute(sql: "DELETE FROM article_author WHERE article_id = ?", arguments: [id])
        for (position, person) in article.authors.enumerated() {
            guard let personID = person.id else { throw ContentError.notFound(what: "auteur « \(person.name) »") }
            try db.execute(
                sql: "INSERT INTO article_author (article_id, person_id, position) VALUES (?, ?, ?)",
                arguments: [id, personID, position])
        }
        try db.execute(sql: "DELETE FROM article_tag WHERE article_id = ?", arguments: [id])
        for (position, tag) in article.tags.enumerated() {
            guard let tagID = tag.id, tag.siteID == article.siteID else {
                throw ContentError.notFound(what: "étiquette « \(tag.name) » du site")
            }
            try db.execute(
                sql: "INSERT INTO article_tag (article_id, tag_id, position) VALUES (?, ?, ?)",
                arguments: [id, tagID, position])
        }
        return saved
    }

    func setReferences(from articleID: Int64, to references: [ArticleReference]) throws {
        try db.execute(sql: "DELETE FROM article_reference WHERE article_id = ?", arguments: [articleID])
        for reference in Set(references) where reference.targetID != nil || reference.targetTitle != nil {
            try db.execute(
                sql: "INSERT INTO article_reference (article_id, target_id, target_title_key) VALUES (?, ?, ?)",
                arguments: [articleID, reference.targetID, reference.targetTitle.map(TitleKey.make)])
        }
    }

    func articlesReferring(to articleID: Int64) throws -> [Int64] {
        try Int64.fetchAll(
            db, sql: "SELECT DISTINCT article_id FROM article_reference WHERE target_id = ? ORDER BY article_id",
            arguments: [articleID])
    }

    func articlesWithUnresolvedReference(siteID: Int64, title: String) throws -> [Int64] {
        try Int64.fetchAll(
            db,
            sql: """
                SELECT DISTINCT r.article_id FROM article_reference r JOIN article a ON a.id = r.article_id
                WHERE a.site_id = ? AND r.target_id IS NULL AND r.target_title_key = ? ORDER BY r.article_id
                """, arguments: [siteID, TitleKey.make(title)])
    }

    func articlesRendered(before version: Int) throws -> [Int64] {
        try Int64.fetchAll(db, sql: "SELECT id FROM article WHERE renderer_version < ? ORDER BY id", arguments: [version])
    }

    func insertComment(_ comment: Comment) throws -> Comment {
        if let parentID = comment.parentID {
            let parentArticle = try Int64.fetchOne(
                db, sql: "SELECT article_id FROM comment WHERE id = ?", arguments: [parentID])
            guard parentArticle == comment.articleID else {
                throw ContentError.notFound(what: "commentaire \(parentID) de l’article \(comment.articleID)")
            }
        }
        try db.execute(
            sql: """
                INSERT INTO comment (article_id, parent_id, author_name, body, created_at, approved)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                comment.articleID, comment.parentID, comment.authorName, comment.body, comment.createdAt,
                comment.approved,
            ])
        var saved = comment
        saved.id = db.lastInsertedRowID
        return saved
    }

    func deleteComments(articleID: Int64) throws {
        try db.execute(sql: "DELETE FROM comment WHERE article_id = ?", arguments: [articleID])
    }
}
