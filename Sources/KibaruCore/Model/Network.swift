/// The whole installation: many sites (blogs) under one title, one database, one set of people.
public struct Network: Equatable, Sendable {
    public var title: String
    public var tagline: String

    public init(title: String, tagline: String = "") {
        self.title = title
        self.tagline = tagline
    }

    /// Checks every field; throws ``ValidationErrors`` naming each field at fault.
    public func validate() throws {
        var check = FieldErrorCollector()
        check.require(!title.trimmed.isEmpty, field: "title", code: "required", "le titre est obligatoire")
        check.require(title.count <= 200, field: "title", code: "too-long", values: ["max": "200"], "le titre dépasse 200 caractères")
        check.require(tagline.count <= 300, field: "tagline", code: "too-long", values: ["max": "300"], "le sous-titre dépasse 300 caractères")
        try check.throwIfAny()
    }
}

extension String {
    /// The string without leading and trailing white space and newlines.
    package var trimmed: String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
