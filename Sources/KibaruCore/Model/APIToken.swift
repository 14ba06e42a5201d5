import Foundation

/// What an API token may do, on top of what its owner's roles allow: a token never does more than its owner,
/// and only the kinds of change its scopes name.
public enum TokenScope: String, Codable, Sendable, DeclarationOrdered {
    /// Read the articles its owner may edit, drafts included.
    case readArticles = "articles:read"
    /// Create articles and edit them, and send them to review.
    case writeArticles = "articles:write"
    /// Publish, schedule and unpublish.
    case publishArticles = "articles:publish"
    /// Move articles to the trash.
    case deleteArticles = "articles:delete"
    /// Upload images.
    case uploadMedia = "media:write"
    /// Approve, hold or trash readers' comments.
    case moderateComments = "comments:moderate"
    /// Rename and delete tags.
    case manageTags = "tags:write"

    /// What it allows, in French, for the admin.
    public var label: String {
        switch self {
        case .readArticles: "lire les articles, brouillons compris"
        case .writeArticles: "écrire et modifier des articles"
        case .publishArticles: "publier, programmer et dépublier"
        case .deleteArticles: "mettre des articles à la corbeille"
        case .uploadMedia: "envoyer des images"
        case .moderateComments: "modérer les commentaires"
        case .manageTags: "gérer les étiquettes"
        }
    }

    /// The scope a token needs for `action`; `nil` when no token may do it (managing sites, staff, settings and
    /// reading the audit log stay in the admin, behind a password).
    public static func required(for action: StaffAction) -> TokenScope? {
        switch action {
        case .writeDraft, .editOwnArticle, .editOthersArticle, .submitForReview: .writeArticles
        case .publishOwnArticle, .publishOthersArticle, .unpublishArticle: .publishArticles
        case .trashOwnDraft, .trashArticle: .deleteArticles
        case .uploadMedia: .uploadMedia
        case .moderateComments: .moderateComments
        case .manageTags: .manageTags
        case .viewAuditLog, .manageSiteSettings, .manageStaff, .manageSites: nil
        }
    }

    /// Scopes written as a list (`articles:write, articles:publish`); throws ``ValidationErrors`` naming the
    /// unknown one.
    public static func parse(_ list: String) throws -> Set<TokenScope> {
        var scopes = Set<TokenScope>()
        for name in list.split(whereSeparator: { $0 == "," || $0 == " " }) where !name.isEmpty {
            guard let scope = TokenScope(rawValue: String(name)) else {
                throw ValidationErrors([FieldError(
                    field: "scopes",
                    message: "« \(name) » n’est pas une portée ; les portées sont \(allCases.map(\.rawValue).joined(separator: ", "))",
                    code: "unknown-scope",
                    values: ["value": String(name), "scopes": allCases.map(\.rawValue).joined(separator: ", ")])])
            }
            scopes.insert(scope)
        }
        return scopes
    }
}

/// An API token not saved yet: whose it is, what it may do, and the SHA-256 of its secret (the secret itself is
/// shown once to its owner and never stored).
public struct NewAPIToken: Equatable, Sendable {
    public var staffID: StaffMember.ID
    /// What the owner calls it (« Application mobile »).
    public var name: String
    public var scopes: Set<TokenScope>
    /// The hex SHA-256 of the secret.
    public var tokenHash: String
    /// The secret's first characters, to recognise it in a list (`kib_Ab3dE…`).
    public var prefix: String
    public var createdAt: Date
    /// When it was last used, to the hour.
    public var lastUsedAt: Date?

    public init(
        staffID: StaffMember.ID, name: String, scopes: Set<TokenScope>, tokenHash: String, prefix: String,
        createdAt: Date, lastUsedAt: Date? = nil
    ) {
        self.staffID = staffID
        self.name = name
        self.scopes = scopes
        self.tokenHash = tokenHash
        self.prefix = prefix
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }

    /// Checks the name and scopes; throws ``ValidationErrors`` naming each field at fault.
    public func validate() throws {
        var check = FieldErrorCollector()
        check.require(!name.trimmed.isEmpty, field: "name", code: "required", "le nom du jeton est obligatoire")
        check.require(name.count <= 100, field: "name", code: "too-long", values: ["max": "100"], "le nom du jeton dépasse 100 caractères")
        check.require(!scopes.isEmpty, field: "scopes", code: "choose-one", "choisissez au moins une portée")
        try check.throwIfAny()
    }
}

/// An API token as stored.
public struct APIToken: SavedEntity, Equatable, Sendable {
    public let id: Tagged<APIToken, Int64>
    public var fields: NewAPIToken

    public init(id: ID, _ fields: NewAPIToken) {
        self.id = id
        self.fields = fields
    }

    /// The word that starts every secret, so that a leaked one is easy to recognise (and to search for).
    public static let secretPrefix = "kib_"
}
