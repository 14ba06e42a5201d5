import Foundation
import KibaruCore
import KibaruText
import PostgresNIO

/// ``ArticleRepository``: articles with their bylines, tags, references, revisions and media.
extension PostgresTransaction {
    func article(id: Article.ID) async throws -> Article? {
        try await article(where: "id = \(id)")
    }

    func article(siteID: Site.ID, slug: Slug) async throws -> Article? {
        try await article(where: "site_id = \(siteID) AND slug = \(slug.rawValue)")
    }

    /// One article matching `condition` (over `article`'s columns), with its bylines and tags in order.
    private func article(where condition: PostgresQuery) async throws -> Article? {
        var query: PostgresQuery = "SELECT * FROM article WHERE "
        query.sql += condition.sql
        query.binds = condition.binds
        guard var article = try await map(query, { try PostgresRowMapping.article($0, authors: [], tags: []) }).first
        else { return nil }
        let id = article.id
        article.authors = try await map("""
            SELECT person.* FROM article_author JOIN person ON person.id = article_author.person_id
            WHERE article_author.article_id = \(id) ORDER BY article_author.position
            """, PostgresRowMapping.person)
        article.tags = try await map("""
            SELECT tag.* FROM article_tag JOIN tag ON tag.id = article_tag.tag_id
            WHERE article_tag.article_id = \(id) ORDER BY article_tag.position
            """, PostgresRowMapping.tag)
        return article
    }

    func publishedArticles(siteID: Site.ID, titled title: String) async throws -> [Article] {
        var articles: [Article] = []
        for id in try await column("""
            SELECT id FROM article WHERE site_id = \(siteID) AND title_key = \(TitleKey.make(title)) AND state = 'published'
            ORDER BY published_at DESC, id DESC
            """, as: Article.ID.self)
        {
            if let article = try await article(id: id) { articles.append(article) }
        }
        return articles
    }

    func saveArticle(_ article: NewArticle, id existingID: Article.ID?) async throws -> Article {
        if let clash = try await value(
            "SELECT id FROM article WHERE site_id = \(article.siteID) AND slug = \(article.slug.rawValue)", as: Article.ID.self),
            clash != existingID
        {
            throw ContentError.slugTaken(article.slug)
        }
        let personIDs = article.authors.map(\.id.rawValue)
        let tagIDs = try article.tags.map { tag in
            guard tag.siteID == article.siteID else {
                throw ContentError.notFound(what: L("étiquette « {name} » du site", ["name": "\(tag.name)"]))
            }
            return tag.id.rawValue
        }
        let figure = try PostgresRowMapping.figureJSON(article.featuredFigure)
        let id: Article.ID
        if let existingID {
            id = existingID
            guard try await value("""
                UPDATE article SET site_id = \(article.siteID), slug = \(article.slug.rawValue), title = \(article.title),
                    title_key = \(TitleKey.make(article.title)), standfirst = \(article.standfirst),
                    body_markdown = \(article.bodyMarkdown), body_html = \(article.bodyHTML), body_text = \(article.bodyText),
                    excerpt = \(article.excerpt ?? Excerpt.make(article.bodyText)), renderer_version = \(Int64(article.rendererVersion)),
                    state = \(article.state.rawValue), published_at = \(article.publishedAt), featured_figure = \(figure),
                    created_at = \(article.createdAt), updated_at = \(article.updatedAt), version = \(Int64(article.version)),
                    owner_id = \(article.ownerID), comments_closed = \(article.commentsClosed), is_page = \(article.isPage)
                WHERE id = \(id) RETURNING id
                """, as: Int64.self) != nil
            else { throw ContentError.notFound(what: L("article {id}", ["id": "\(id)"])) }
        } else {
            id = try await insertedID("""
                INSERT INTO article (site_id, slug, title, title_key, standfirst, body_markdown, body_html, body_text, excerpt,
                    renderer_version, state, published_at, featured_figure, created_at, updated_at, version, owner_id,
                    comments_closed, is_page)
                VALUES (\(article.siteID), \(article.slug.rawValue), \(article.title), \(TitleKey.make(article.title)),
                    \(article.standfirst), \(article.bodyMarkdown), \(article.bodyHTML), \(article.bodyText),
                    \(article.excerpt ?? Excerpt.make(article.bodyText)), \(Int64(article.rendererVersion)), \(article.state.rawValue),
                    \(article.publishedAt), \(figure), \(article.createdAt), \(article.updatedAt), \(Int64(article.version)),
                    \(article.ownerID), \(article.commentsClosed), \(article.isPage))
                RETURNING id
                """, of: Article.self)
        }
        try await setLinks(of: id, authors: personIDs, tags: tagIDs)
        try await updateSearchIndex(articleID: id)
        return Article(id: id, article)
    }

    /// Makes an article's bylines and tags link it to these ids in this order, touching only the rows that change:
    /// the change log then names only the listings an article joined or left. One read, then at most one
    /// statement for each kind of change.
    private func setLinks(of articleID: Article.ID, authors: [Int64], tags: [Int64]) async throws {
        var current: [Bool: [Int64: Int64]] = [true: [:], false: [:]]
        for row in try await rows("""
            SELECT true AS is_author, person_id AS linked, position FROM article_author WHERE article_id = \(articleID)
            UNION ALL
            SELECT false, tag_id, position FROM article_tag WHERE article_id = \(articleID)
            """)
        {
            current[try row.get("is_author", as: Bool.self), default: [:]][try row.get("linked")] = try row.get("position")
        }
        for (isAuthor, ids) in [(true, authors), (false, tags)] {
            let table = isAuthor ? "article_author" : "article_tag"
            let column = isAuthor ? "person_id" : "tag_id"
            let existing = current[isAuthor] ?? [:]
            let wanted = Dictionary(ids.enumerated().map { ($1, Int64($0)) }) { first, _ in first }
            let removed = existing.keys.filter { wanted[$0] == nil }
            let changed = wanted.filter { existing[$0.key] != $0.value }
            if !removed.isEmpty {
                var binds = PostgresBindings()
                binds.append(articleID)
                binds.append(removed)
                try await run(PostgresQuery(unsafeSQL: "DELETE FROM \(table) WHERE article_id = $1 AND \(column) = ANY($2)", binds: binds))
            }
            if !changed.isEmpty {
                var binds = PostgresBindings()
                binds.append(articleID)
                binds.append(Array(changed.keys))
                binds.append(Array(changed.values))
                try await run(PostgresQuery(unsafeSQL: """
                    INSERT INTO \(table) (article_id, \(column), position) SELECT $1, linked, position
                    FROM unnest($2::BIGINT[], $3::BIGINT[]) AS l(linked, position)
                    ON CONFLICT (article_id, \(column)) DO UPDATE SET position = excluded.position
                    """, binds: binds))
            }
        }
    }

    func setReferences(from articleID: Article.ID, to references: [ArticleReference]) async throws {
        try await run("DELETE FROM article_reference WHERE article_id = \(articleID)")
        for reference in Set(references) where reference.targetID != nil || reference.targetTitle != nil {
            try await run("""
                INSERT INTO article_reference (article_id, target_id, target_title_key)
                VALUES (\(articleID), \(reference.targetID), \(reference.targetTitle.map(TitleKey.make)))
                """)
        }
    }

    func articlesReferring(to articleID: Article.ID) async throws -> [Article.ID] {
        try await column(
            "SELECT DISTINCT article_id FROM article_reference WHERE target_id = \(articleID) ORDER BY article_id", as: Article.ID.self)
    }

    func articlesWithUnresolvedReference(siteID: Site.ID, title: String) async throws -> [Article.ID] {
        try await column("""
            SELECT DISTINCT r.article_id FROM article_reference r JOIN article a ON a.id = r.article_id
            WHERE a.site_id = \(siteID) AND r.target_id IS NULL AND r.target_title_key = \(TitleKey.make(title))
            ORDER BY r.article_id
            """, as: Article.ID.self)
    }

    func articlesRendered(before version: Int) async throws -> [Article.ID] {
        try await column("SELECT id FROM article WHERE renderer_version < \(Int64(version)) ORDER BY id", as: Article.ID.self)
    }

    func insertRevision(_ revision: NewRevision) async throws {
        try await run("""
            INSERT INTO revision (article_id, version, title, standfirst, body_markdown, saved_at, saved_by)
            VALUES (\(revision.articleID), \(Int64(revision.version)), \(revision.title), \(revision.standfirst),
                \(revision.bodyMarkdown), \(revision.savedAt), \(revision.savedBy))
            """)
    }

    func revision(articleID: Article.ID, version: Int) async throws -> Revision? {
        try await map("""
            SELECT * FROM revision WHERE article_id = \(articleID) AND version = \(Int64(version)) ORDER BY id DESC LIMIT 1
            """, PostgresRowMapping.revision).first
    }

    func articlesDue(at now: Date) async throws -> [Article.ID] {
        try await column(
            "SELECT id FROM article WHERE state = 'scheduled' AND published_at <= \(now) ORDER BY published_at", as: Article.ID.self)
    }

    func insertMedia(_ item: NewMediaItem) async throws -> MediaItem {
        return MediaItem(id: try await insertedID("""
            INSERT INTO media (site_id, path, media_type, width, height, byte_count, alt, caption, credit_author, credit_source,
                credit_licence, credit_url, uploaded_by, created_at)
            VALUES (\(item.siteID), \(item.path), \(item.mediaType), \(Int64(item.width)), \(Int64(item.height)),
                \(Int64(item.byteCount)), \(item.alt), \(item.caption), \(item.credit.author), \(item.credit.source),
                \(item.credit.licence), \(item.credit.sourceURL), \(item.uploadedBy), \(item.createdAt))
            RETURNING id
            """, of: MediaItem.self), item)
    }

    func mediaItem(siteID: Site.ID, path: String) async throws -> MediaItem? {
        try await map("SELECT * FROM media WHERE site_id = \(siteID) AND path = \(path)", PostgresRowMapping.media).first
    }

    func articleIDs(siteID: Site.ID) async throws -> [Article.ID] {
        try await column("SELECT id FROM article WHERE site_id = \(siteID) ORDER BY id", as: Article.ID.self)
    }

    func articlesReferringToSite(_ siteID: Site.ID) async throws -> [Article.ID] {
        try await column("""
            SELECT DISTINCT r.article_id FROM article_reference r JOIN article a ON a.id = r.target_id
            WHERE a.site_id = \(siteID) ORDER BY r.article_id
            """, as: Article.ID.self)
    }
}
