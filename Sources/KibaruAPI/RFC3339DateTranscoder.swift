import Foundation
import KibaruText
import OpenAPIRuntime

/// Dates as RFC 3339 says, which the description's `date-time` is: read with or without fractional seconds (the
/// runtime's own transcoder refuses `2024-03-01T08:00:00.5Z`), written without them (`2024-03-01T08:00:00Z`).
struct RFC3339DateTranscoder: DateTranscoder {
    /// The text is not an RFC 3339 date-time.
    struct Unreadable: Error, CustomStringConvertible {
        var text: String
        var description: String { "« \(text) » n’est pas une date RFC 3339 (2024-03-01T08:00:00Z)" }
    }

    /// Written by arithmetic (``FrenchDate/iso8601(_:timeZone:)``): a formatter made for each date took more than
    /// half of a page of articles' time.
    func encode(_ date: Date) throws -> String {
        FrenchDate.iso8601(date, timeZone: Self.utc)
    }

    private static let utc = TimeZone(secondsFromGMT: 0)!

    func decode(_ text: String) throws -> Date {
        // Formatters are not Sendable: made for each date, which only a few requests carry.
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds]] {
            if let date = Self.formatter(options).date(from: text) { return date }
        }
        throw Unreadable(text: text)
    }

    private static func formatter(_ options: ISO8601DateFormatter.Options) -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = options
        return formatter
    }
}
