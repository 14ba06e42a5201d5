import Foundation
package import KibaruCore

/// Who makes a request of the Admin API: the session its bearer token opened, set by the route that serves the
/// API (before any body is read) for the operations' duration.
package enum APIActor {
    @TaskLocal package static var current: StaffSession?

    /// The request's session; a `401` problem without one (the route refuses such requests before, this is a
    /// second lock).
    static func required() throws(APIProblem) -> StaffSession {
        guard let current else { throw APIProblem.unauthorized }
        return current
    }
}

/// The content key a request of the Content API carries (`?key=kck_…` or the `Kibaru-Content-Key` header), set
/// by the route that serves the API for the operations' duration.
package enum APIContentKey {
    @TaskLocal package static var current: String?
}

/// An article's version as an entity tag (`"12"`), and the `If-Match` header that names it.
enum ArticleVersionTag {
    static func tag(_ version: Int) -> String { "\"\(version)\"" }

    /// The version an `If-Match` header expects; `nil` for `*` (any). Throws a `412` problem for anything else
    /// than a tag this API gave (a weak tag never matches, as RFC 9110 says of `If-Match`).
    static func expectedVersion(_ ifMatch: String) throws(APIProblem) -> Int? {
        let value = ifMatch.trimmingCharacters(in: .whitespaces)
        if value == "*" { return nil }
        guard value.count >= 3, value.hasPrefix("\""), value.hasSuffix("\""),
            let version = Int(value.dropFirst().dropLast()), version > 0
        else { throw APIProblem.preconditionFailed(current: nil) }
        return version
    }
}
