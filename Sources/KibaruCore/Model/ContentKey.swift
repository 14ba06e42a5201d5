import Foundation

/// A content key not saved yet: the key a site gives to a partner (an app, a portal that republishes its posts)
/// to read its content through the Content API. A site that has at least one asks for one on every read of its
/// content; the key itself is shown once to the owner who makes it, and only its SHA-256 is stored.
public struct NewContentKey: Equatable, Sendable {
    public var siteID: Site.ID
    /// Who it is for (« Portail Sahel Info »).
    public var name: String
    /// The hex SHA-256 of the key.
    public var keyHash: String
    /// The key's first characters, to recognise it in a list (`kck_Ab3dE…`).
    public var prefix: String
    public var createdAt: Date

    public init(siteID: Site.ID, name: String, keyHash: String, prefix: String, createdAt: Date) {
        self.siteID = siteID
        self.name = name
        self.keyHash = keyHash
        self.prefix = prefix
        self.createdAt = createdAt
    }

    /// Checks the name; throws ``ValidationErrors`` naming the field at fault.
    public func validate() throws {
        var check = FieldErrorCollector()
        check.require(!name.trimmed.isEmpty, field: "name", code: "required", "le nom de la clé est obligatoire")
        check.require(name.count <= 100, field: "name", code: "too-long", values: ["max": "100"], "le nom de la clé dépasse 100 caractères")
        try check.throwIfAny()
    }
}

/// A content key as stored.
public struct ContentKey: SavedEntity, Equatable, Sendable {
    public let id: Tagged<ContentKey, Int64>
    public var fields: NewContentKey

    public init(id: ID, _ fields: NewContentKey) {
        self.id = id
        self.fields = fields
    }

    /// The word that starts every key, so that one is told from an API token at a glance.
    public static let keyPrefix = "kck_"
}
