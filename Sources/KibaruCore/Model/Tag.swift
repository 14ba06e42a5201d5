/// The fields of a ``Tag``: a new one, before the store gives it an id.
public struct NewTag: Equatable, Hashable, Sendable {
    public var siteID: Site.ID
    public var slug: Slug
    public var name: String
    /// Set when the tag names a person, a place or an organisation.
    public var kind: TagKind?

    public init(siteID: Site.ID, slug: Slug, name: String, kind: TagKind? = nil) {
        self.kind = kind
        self.siteID = siteID
        self.slug = slug
        self.name = name
    }

    /// Checks every field; throws ``ValidationErrors`` naming each field at fault.
    public func validate() throws {
        var check = FieldErrorCollector()
        check.require(!name.trimmed.isEmpty, field: "name", code: "required", "le nom de l’étiquette est obligatoire")
        check.require(name.count <= 100, field: "name", code: "too-long", values: ["max": "100"], "le nom de l’étiquette dépasse 100 caractères")
        try check.throwIfAny()
    }
}

/// A keyword of one site ("Étiquettes"), with its own page.
public struct Tag: SavedEntity, Equatable, Hashable, Sendable {
    public let id: Tagged<Tag, Int64>
    public var fields: NewTag

    public init(id: ID, _ fields: NewTag) {
        self.id = id
        self.fields = fields
    }
}

/// A tag that published articles carry, with how many: a site's tag index and its sections.
public struct TagUse: Sendable, Equatable {
    public var tag: Tag
    /// How many published articles carry it.
    public var articles: Int

    public init(tag: Tag, articles: Int) {
        self.tag = tag
        self.articles = articles
    }
}
