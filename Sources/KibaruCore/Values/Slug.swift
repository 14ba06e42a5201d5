/// The identifier of a site, an article, a tag or a person in URLs: lowercase ASCII letters, digits and single
/// hyphens, 1 to 200 characters, neither starting nor ending with a hyphen.
///
/// `Slug` only validates; ``KibaruText`` turns French titles into slugs (`"Pied d’œuvre"` → `"pied-doeuvre"`).
public struct Slug: RawRepresentable, Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// The longest slug accepted.
    public static let maximumLength = 200

    /// Checks `rawValue` and keeps it; `nil` when it is not a valid slug.
    public init?(rawValue: String) {
        guard Slug.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// Checks `value`, throwing a field error named `field` when it is not a valid slug.
    /// - Parameters:
    ///   - value: the candidate slug.
    ///   - field: the field name reported in the error.
    public init(validating value: String, field: String = "slug") throws {
        guard let slug = Slug(rawValue: value) else {
            throw ValidationErrors([FieldError(field: field, message: Slug.rule, code: "slug-rule")])
        }
        self = slug
    }

    /// The rule, in French, for error messages.
    public static let rule =
        "doit contenir de 1 à 200 lettres minuscules sans accent, chiffres ou tirets, sans tiret au début ni à la fin"

    /// Whether `value` follows the slug rule.
    public static func isValid(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumLength, bytes.first != 0x2D, bytes.last != 0x2D else {
            return false
        }
        var previousWasHyphen = false
        for byte in bytes {
            let isHyphen = byte == 0x2D
            let isAllowed = (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || isHyphen
            if !isAllowed || (isHyphen && previousWasHyphen) { return false }
            previousWasHyphen = isHyphen
        }
        return true
    }

    public var description: String { rawValue }

    public static func < (lhs: Slug, rhs: Slug) -> Bool { lhs.rawValue < rhs.rawValue }
}
