import Foundation

/// Tags of a site, and the people, places and organisations articles mention.
///
/// Part of every ``ContentTransaction``: its requirements run isolated to the transaction (decision 0010).
public protocol TaxonomyRepository: Actor {
    func tag(siteID: Int64, slug: Slug) async throws -> Tag?
    func insertTag(_ tag: Tag) async throws -> Tag
    /// Replaces the people, places and organisations an article mentions.
    func setEntities(_ entities: [ArticleEntity], articleID: Int64) async throws
    /// Makes a tag name a person, a place or an organisation (or, with `nil`, a plain tag again).
    func setTagKind(_ kind: TagKind?, tagID: Int64) async throws
    func tag(id: Int64) async throws -> Tag?
    /// Renames a tag (its slug follows); throws ``ContentError/slugTaken(_:)`` when another tag has that slug.
    func renameTag(id: Int64, name: String, slug: Slug) async throws
    /// Moves every article of tag `source` to tag `target`, then removes `source`.
    func mergeTag(_ source: Int64, into target: Int64) async throws
    func deleteTag(id: Int64) async throws
    /// Every tag of a site, by slug.
    func tags(siteID: Int64) async throws -> [Tag]
}
