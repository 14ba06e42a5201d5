/// The fields of a ``Person``: a new one, before the store gives it an id.
public struct NewPerson: Equatable, Sendable {
    public var slug: Slug
    public var name: String
    public var bio: String

    public init(slug: Slug, name: String, bio: String = "") {
        self.slug = slug
        self.name = name
        self.bio = bio
    }

    /// Checks every field; throws ``ValidationErrors`` naming each field at fault.
    public func validate() throws {
        var check = FieldErrorCollector()
        check.require(!name.trimmed.isEmpty, field: "name", code: "required", "le nom est obligatoire")
        check.require(name.count <= 120, field: "name", code: "too-long", values: ["max": "120"], "le nom dépasse 120 caractères")
        check.require(bio.count <= 2_000, field: "bio", code: "too-long", values: ["max": "2000"], "la présentation dépasse 2 000 caractères")
        try check.throwIfAny()
    }
}

/// Someone credited on articles: one person may write on several sites of the network.
public struct Person: SavedEntity, Equatable, Sendable {
    public let id: Tagged<Person, Int64>
    public var fields: NewPerson

    public init(id: ID, _ fields: NewPerson) {
        self.id = id
        self.fields = fields
    }
}
