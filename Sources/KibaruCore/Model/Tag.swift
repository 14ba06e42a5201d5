/// A keyword of one site ("Étiquettes"), with its own page.
public struct Tag: Equatable, Hashable, Sendable, Identifiable {
    public var id: Int64?
    public var siteID: Int64
    public var slug: Slug
    public var name: String
    /// Set when the tag names a person, a place or an organisation.
    public var kind: TagKind?

    public init(id: Int64? = nil, siteID: Int64, slug: Slug, name: String, kind: TagKind? = nil) {
        self.kind = kind
        self.id = id
        self.siteID = siteID
        self.slug = slug
        self.name = name
    }

    /// Checks every field; throws ``ValidationErrors`` naming each field at fault.
    public func validate() throws {
        var check = FieldErrorCollector()
        check.require(!name.trimmed.isEmpty, field: "name", "le nom de l’étiquette est obligatoire")
        check.require(name.count <= 100, field: "name", "le nom de l’étiquette dépasse 100 caractères")
        try check.throwIfAny()
    }
}
