import Foundation

/// Tags of a site, and the people, places and organisations articles mention.
///
/// Part of every ``ContentTransaction``: its requirements run isolated to the transaction (decision 0010).
public protocol TaxonomyRepository: Actor {
    func tag(siteID: Site.ID, slug: Slug) async throws -> Tag?
    func insertTag(_ tag: NewTag) async throws -> Tag
    /// Replaces the people, places and organisations an article mentions.
    func setEntities(_ entities: [ArticleEntity], articleID: Article.ID) async throws
    /// Makes a tag name a person, a place or an organisation (or, with `nil`, a plain tag again).
    func setTagKind(_ kind: TagKind?, tagID: Tag.ID) async throws
    func tag(id: Tag.ID) async throws -> Tag?
    /// Renames a tag (its slug follows); throws ``ContentError/slugTaken(_:)`` when another tag has that slug.
    func renameTag(id: Tag.ID, name: String, slug: Slug) async throws
    /// Moves every article of tag `source` to tag `target`, then removes `source`.
    func mergeTag(_ source: Tag.ID, into target: Tag.ID) async throws
    func deleteTag(id: Tag.ID) async throws
    /// Every tag of a site, by slug.
    func tags(siteID: Site.ID) async throws -> [Tag]
    /// The tags of a site that published articles carry, by name, with how many (counts kept with the listings:
    /// one read whatever the site's size).
    func tagsInUse(siteID: Site.ID) async throws -> [TagUse]
}
