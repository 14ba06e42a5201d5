import Foundation

/// What the list commands print with `--json`: one JSON document on standard output, keys sorted, dates in
/// ISO 8601, for scripts.
enum JSONOutput {
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        Output.line(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
