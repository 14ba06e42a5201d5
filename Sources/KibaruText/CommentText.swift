import Foundation

/// Renders a reader's comment: plain text with a tiny safe subset. Paragraphs (blank lines) and line breaks,
/// http(s) addresses made into links with `rel="nofollow ugc"`, `*emphasis*` and `_emphasis_`. Everything else,
/// markup included, is shown as text.
public enum CommentText {
    /// The comment as HTML paragraphs.
    public static func html(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        let paragraphs = normalized.components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        return paragraphs.map { paragraph in
            "<p>" + paragraph.split(separator: "\n", omittingEmptySubsequences: false)
                .map { inline(String($0)) }.joined(separator: "<br>\n") + "</p>"
        }.joined(separator: "\n")
    }

    /// How many links a comment's text carries.
    public static func linkCount(_ text: String) -> Int {
        mayHoldLink(text) ? text.matches(of: link).count : 0
    }

    /// Built once: a regular expression literal is parsed again each time it is evaluated. `Regex` is not marked
    /// Sendable, but a built one is only read: its program is compiled once, behind an atomic swap.
    nonisolated(unsafe) private static let link = /https?:\/\/[^\s<>"']+/.ignoresCase()
    nonisolated(unsafe) private static let starred = /\*([^*\s](?:[^*]*[^*\s])?)\*/
    nonisolated(unsafe) private static let underlined = /(^|[\s(«])_([^_\s](?:[^_]*[^_\s])?)_(?!\w)/

    /// Whether `text` has the `:` every address has (most comments have none: no search for one).
    private static func mayHoldLink(_ text: String) -> Bool { text.utf8.contains(UInt8(ascii: ":")) }

    private static func inline(_ line: String) -> String {
        var result = ""
        var rest = Substring(line)
        while mayHoldLink(line), let match = rest.firstMatch(of: link) {
            result += emphasis(HTMLEscaping.escape(String(rest[..<match.range.lowerBound])))
            var url = String(match.output)
            var trailing = ""
            while let last = url.last, ".,;:!?)»".contains(last) {
                trailing = String(last) + trailing
                url.removeLast()
            }
            let escaped = HTMLEscaping.escape(url)
            result += "<a href=\"\(escaped)\" rel=\"nofollow ugc noopener\">\(escaped)</a>" + HTMLEscaping.escape(trailing)
            rest = rest[match.range.upperBound...]
        }
        return result + emphasis(HTMLEscaping.escape(String(rest)))
    }

    /// `*x*` and `_x_` (on escaped text, where `*` and `_` are untouched) as `<em>`.
    private static func emphasis(_ escaped: String) -> String {
        var text = escaped
        if text.utf8.contains(UInt8(ascii: "*")) { text = text.replacing(starred) { "<em>\($0.1)</em>" } }
        if text.utf8.contains(UInt8(ascii: "_")) { text = text.replacing(underlined) { "\($0.1)<em>\($0.2)</em>" } }
        return text
    }
}
