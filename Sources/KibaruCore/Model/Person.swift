/// Someone credited on articles: one person may write on several sites of the network.
public struct Person: Equatable, Sendable, Identifiable {
    public var id: Int64?
    public var slug: Slug
    public var name: String
    public var bio: String

    public init(id: Int64? = nil, slug: Slug, name: String, bio: String = "") {
        self.id = id
        self.slug = slug
        self.name = name
        self.bio = bio
    }

    /// Checks every field; throws ``ValidationErrors`` naming each field at fault.
    public func validate() throws {
        var check = FieldErrorCollector()
        check.require(!name.trimmed.isEmpty, field: "name", "le nom est obligatoire")
        check.require(name.count <= 120, field: "name", "le nom dépasse 120 caractères")
        check.require(bio.count <= 2_000, field: "bio", "la présentation dépasse 2 000 caractères")
        try check.throwIfAny()
    }
}
