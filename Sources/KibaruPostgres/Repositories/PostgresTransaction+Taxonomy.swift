import Foundation
import KibaruCore
import PostgresNIO

/// ``TaxonomyRepository``: tags, and the people, places and organisations articles mention.
extension PostgresTransaction {
    func tag(siteID: Site.ID, slug: Slug) async throws -> Tag? {
        try await map("SELECT * FROM tag WHERE site_id = \(siteID) AND slug = \(slug.rawValue)", PostgresRowMapping.tag).first
    }

    func tag(id: Tag.ID) async throws -> Tag? {
        try await map("SELECT * FROM tag WHERE id = \(id)", PostgresRowMapping.tag).first
    }

    func tags(siteID: Site.ID) async throws -> [Tag] {
        try await map("SELECT * FROM tag WHERE site_id = \(siteID) ORDER BY slug", PostgresRowMapping.tag)
    }

    func tagsInUse(siteID: Site.ID) async throws -> [TagUse] {
        try await map("""
            SELECT t.*, l.articles FROM tag t JOIN listing_size l ON l.listing = 'tag:' || t.id
            WHERE t.site_id = \(siteID) AND l.articles > 0 ORDER BY lower(t.name), t.id
            """) { row in TagUse(tag: try PostgresRowMapping.tag(row), articles: Int(try row["articles"].decode(Int64.self))) }
    }

    func insertTag(_ tag: NewTag) async throws -> Tag {
        if try await self.tag(siteID: tag.siteID, slug: tag.slug) != nil { throw ContentError.slugTaken(tag.slug) }
        return Tag(id: try await insertedID("""
            INSERT INTO tag (site_id, slug, name, kind) VALUES (\(tag.siteID), \(tag.slug.rawValue), \(tag.name), \(tag.kind?.rawValue))
            RETURNING id
            """, of: Tag.self), tag)
    }

    func setEntities(_ entities: [ArticleEntity], articleID: Article.ID) async throws {
        let current = try await map(
            "SELECT slug, name, kind, mentions FROM article_entity WHERE article_id = \(articleID) ORDER BY slug"
        ) { row in
            "\(try row.get("slug", as: String.self))|\(try row.get("name", as: String.self))|\(try row.get("kind", as: String.self))|\(try row.get("mentions", as: Int64.self))"
        }
        var seen = Set<String>()
        let unique = entities.filter { seen.insert($0.slug.rawValue).inserted }
        let wanted = unique.sorted { $0.slug.rawValue < $1.slug.rawValue }
            .map { "\($0.slug.rawValue)|\($0.name)|\($0.kind.rawValue)|\($0.mentions)" }
        // Compared in the same order as SQLite's store (by slug, bytewise).
        guard current.sorted() != wanted.sorted() else { return }  // unchanged: the article's page stays as it is
        try await run("DELETE FROM article_entity WHERE article_id = \(articleID)")
        for entity in unique {
            try await run("""
                INSERT INTO article_entity (article_id, site_id, slug, name, kind, mentions)
                SELECT id, site_id, \(entity.slug.rawValue), \(entity.name), \(entity.kind.rawValue), \(Int64(entity.mentions))
                FROM article WHERE id = \(articleID)
                ON CONFLICT DO NOTHING
                """)
        }
    }

    func setTagKind(_ kind: TagKind?, tagID: Tag.ID) async throws {
        try await run("UPDATE tag SET kind = \(kind?.rawValue) WHERE id = \(tagID)")
    }

    func renameTag(id: Tag.ID, name: String, slug: Slug) async throws {
        if let clash = try await value(
            "SELECT t2.id FROM tag t1 JOIN tag t2 ON t2.site_id = t1.site_id WHERE t1.id = \(id) AND t2.slug = \(slug.rawValue)",
            as: Tag.ID.self), clash != id
        {
            throw ContentError.slugTaken(slug)
        }
        try await run("UPDATE tag SET name = \(name), slug = \(slug.rawValue) WHERE id = \(id)")
        try await updateSearchIndex(tagged: id)
    }

    func mergeTag(_ source: Tag.ID, into target: Tag.ID) async throws {
        try await run("""
            INSERT INTO article_tag (article_id, tag_id, position)
            SELECT article_id, \(target), position FROM article_tag WHERE tag_id = \(source)
            ON CONFLICT DO NOTHING
            """)
        try await deleteTag(id: source)
        try await updateSearchIndex(tagged: target)
    }

    func deleteTag(id: Tag.ID) async throws {
        let tagged = try await column("SELECT article_id FROM article_tag WHERE tag_id = \(id)", as: Article.ID.self)
        try await run("DELETE FROM tag WHERE id = \(id)")
        for articleID in tagged { try await updateSearchIndex(articleID: articleID) }
    }
}
