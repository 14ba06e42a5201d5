/// One problem with one field of a value, in words a user can act on.
public struct FieldError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The field's name as users and API clients know it (`title`, `slug`, `figure.credit-url`).
    public var field: String
    /// What is wrong, in French (the source language), without the field name.
    public var message: String
    /// The rule broken (`too-long`, `required`), which names the message in other languages: the English of
    /// `Resources/messages/en.json`, a theme's `comment_error_body-empty`.
    public var code: String
    /// The values the message names (`max`, `value`), for the messages of other languages.
    public var values: [String: String]

    /// - Parameters:
    ///   - field: the field's name.
    ///   - message: what is wrong with it, in French.
    ///   - code: the rule broken, for messages in other languages.
    ///   - values: what the message names, by the names its translations use.
    public init(field: String, message: String, code: String, values: [String: String] = [:]) {
        self.field = field
        self.message = message
        self.code = code
        self.values = values
    }

    /// The field named in French, as messages for people show it (« titre : … »); API clients read ``field``.
    public var description: String { "\(Self.frenchNames[field] ?? field) : \(message)" }

    /// The French names of the fields that forms and commands check (other languages name them in
    /// `Resources/messages/`).
    public static let frenchNames: [String: String] = [
        "site": "site", "name": "nom", "title": "titre", "email": "adresse e-mail", "body": "texte", "slug": "identifiant",
        "authors": "auteurs", "publishedAt": "date de publication", "password": "mot de passe", "url": "adresse",
        "tags": "étiquettes", "tagline": "sous-titre", "scopes": "portées", "image": "image", "host": "nom d’hôte",
        "file": "fichier", "authorName": "nom", "website": "site web", "token": "jeton", "timeZone": "fuseau horaire",
        "texte": "texte", "standfirst": "chapô", "sourceURL": "adresse de la source", "role": "rôle",
        "rate": "fréquence", "parentID": "commentaire parent", "language": "langue", "into": "étiquette cible",
        "events": "évènements", "commentsCloseAfterDays": "fermeture des commentaires (jours)", "caption": "légende",
        "bio": "biographie", "article": "article", "alt": "texte de remplacement", "accentColor": "couleur d’accent",
        "logo": "logo", "author": "auteur", "source": "source", "licence": "licence",
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

    /// Records `message` for `field`, with the rule's `code` and the `values` it names, when `condition` is false.
    public mutating func require(
        _ condition: Bool, field: String, code: String, values: [String: String] = [:],
        _ message: @autoclosure () -> String
    ) {
        if !condition { errors.append(FieldError(field: field, message: message(), code: code, values: values)) }
    }

    /// Records an error that was found elsewhere.
    public mutating func add(_ error: FieldError) {
        errors.append(error)
    }

    /// Records the errors of a nested value under a field prefix (`figure.caption`).
    public mutating func merge(_ nested: ValidationErrors, prefix: String) {
        errors += nested.errors.map {
            FieldError(field: "\(prefix).\($0.field)", message: $0.message, code: $0.code, values: $0.values)
        }
    }

    /// Throws ``ValidationErrors`` when anything was recorded.
    public func throwIfAny() throws {
        if !errors.isEmpty { throw ValidationErrors(errors) }
    }
}
