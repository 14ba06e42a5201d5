/// One problem with one field of a value, in words a user can act on.
public struct FieldError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The field's name as users and API clients know it (`title`, `slug`, `figure.credit-url`).
    public var field: String
    /// What is wrong, in French, without the field name.
    public var message: String

    /// - Parameters:
    ///   - field: the field's name.
    ///   - message: what is wrong with it.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
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

    /// Records `message` for `field` when `condition` is false.
    public mutating func require(_ condition: Bool, field: String, _ message: @autoclosure () -> String) {
        if !condition { errors.append(FieldError(field: field, message: message())) }
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
