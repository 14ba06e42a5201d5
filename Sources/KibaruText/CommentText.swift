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
        text.matches(of: link()).count
    }

    private static func link() -> Regex<Substring> { /https?:\/\/[^\s<>"']+/.ignoresCase() }

    private static func inline(_ line: String) -> String {
        var result = ""
        var rest = Substring(line)
        let link = link()
        while let match = rest.firstMatch(of: link) {
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
        escaped.replacing(/\*([^*\s](?:[^*]*[^*\s])?)\*/) { "<em>\($0.1)</em>" }
            .replacing(/(^|[\s(«])_([^_\s](?:[^_]*[^_\s])?)_(?!\w)/) { "\($0.1)<em>\($0.2)</em>" }
    }
}
