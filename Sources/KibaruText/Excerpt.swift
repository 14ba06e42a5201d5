/// Short plain-text extracts for listings and link previews.
public enum Excerpt {
    /// The first words of `text` up to about `maximumLength` characters, cut on a word boundary and ended by
    /// "…" when something was left out.
    public static func make(_ text: String, maximumLength: Int = 220) -> String {
        // Only the start of a long text is read (an article's text is long): the words past twice the length
        // cannot be kept, unless the start is mostly spaces.
        let start = text.prefix(maximumLength * 2 + 2)
        if let cut = firstWords(of: start, maximumLength: maximumLength) { return cut }
        return start.endIndex == text.endIndex
            ? String(start.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "))
            : firstWords(of: text[...], maximumLength: maximumLength)
                ?? String(text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "))
    }

    /// The words of `text` that fit in `maximumLength` followed by "…", or `nil` when they all fit.
    private static func firstWords(of text: Substring, maximumLength: Int) -> String? {
        var result = ""
        var length = 0
        for word in text.split(whereSeparator: { $0.isWhitespace }) {
            let wordLength = word.count
            if length + wordLength + 1 > maximumLength { return result + "…" }
            if length > 0 {
                result += " "
                length += 1
            }
            result += word
            length += wordLength
        }
        return nil
    }
}
