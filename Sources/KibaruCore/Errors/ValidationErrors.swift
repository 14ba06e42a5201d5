/// One problem with one field of a value, in words a user can act on.
public struct FieldError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The field's name as users and API clients know it (`title`, `slug`, `figure.credit-url`).
    public var field: String
    /// What is wrong, in French, without the field name.
    public var message: String
    /// The rule broken, named for pages in other languages (`body-empty`: a theme's `comment_error_body-empty`);
    /// `nil` when none is named.
    public var code: String?

    /// - Parameters:
    ///   - field: the field's name.
    ///   - message: what is wrong with it.
    ///   - code: the rule broken, for messages in other languages.
    public init(field: String, message: String, code: String? = nil) {
        self.field = field
        self.message = message
        self.code = code
    }

    /// The field named in French, as messages for people show it (« titre : … »); API clients read ``field``.
    public var description: String { "\(Self.frenchNames[field] ?? field) : \(message)" }

    /// The French names of the fields that forms and commands check.
    static let frenchNames: [String: String] = [
        "site": "site", "name": "nom", "title": "titre", "email": "adresse e-mail", "body": "texte", "slug": "identifiant",
        "authors": "auteurs", "publishedAt": "date de publication", "password": "mot de passe", "url": "adresse",
        "tags": "étiquettes", "tagline": "sous-titre", "scopes": "portées", "image": "image", "host": "nom d’hôte",
        "file": "fichier", "authorName": "nom", "website": "site web", "token": "jeton", "timeZone": "fuseau horaire",
        "texte": "texte", "standfirst": "chapô", "sourceURL": "adresse de la source", "role": "rôle",
        "rate": "fréquence", "parentID": "commentaire parent", "language": "langue", "into": "étiquette cible",
        "events": "évènements", "commentsCloseAfterDays": "fermeture des commentaires (jours)", "caption": "légende",
        "bio": "biographie", "article": "article", "alt": "texte de remplacement",
    ]
}

/// Every field-level problem found while validating one value; thrown only when there is at least one.
public struct ValidationErrors: Error, Equatable, Sendable, CustomStringConvertible {
    /// The problems, in the order the fields were checked.
    public var errors: [FieldError]

    /// - Parameter errors: at least one field error.
    public init(_ errors: [FieldError]) {
        self.errors = errors
    }

    /// The fields that have an error.
    public var fields: [String] { errors.map(\.field) }

    public var description: String { errors.map(\.description).joined(separator: "; ") }
}

/// Collects field errors while a value checks its fields, then throws them all at once.
public struct FieldErrorCollector: Sendable {
    /// The errors collected so far.
    public private(set) var errors: [FieldError] = []

    public init() {}

    /// Records `message` for `field` (and the rule's `code`, if named) when `condition` is false.
    public mutating func require(
        _ condition: Bool, field: String, code: String? = nil, _ message: @autoclosure () -> String
    ) {
        if !condition { errors.append(FieldError(field: field, message: message(), code: code)) }
    }

    /// Records an error that was found elsewhere.
    public mutating func add(_ error: FieldError) {
        errors.append(error)
    }

    /// Records the errors of a nested value under a field prefix (`figure.caption`).
    public mutating func merge(_ nested: ValidationErrors, prefix: String) {
        errors += nested.errors.map { FieldError(field: "\(prefix).\($0.field)", message: $0.message) }
    }

    /// Throws ``ValidationErrors`` when anything was recorded.
    public func throwIfAny() throws {
        if !errors.isEmpty { throw ValidationErrors(errors) }
    }
}
