/// Short plain-text extracts for listings and link previews.
public enum Excerpt {
    /// The first words of `text` up to about `maximumLength` characters, cut on a word boundary and ended by
    /// "…" when something was left out.
    public static func make(_ text: String, maximumLength: Int = 220) -> String {
        let words = text.split(whereSeparator: { $0.isWhitespace })
        var result = ""
        for word in words {
            if result.count + word.count + 1 > maximumLength { return result + "…" }
            result += result.isEmpty ? String(word) : " " + word
        }
        return result
    }
}
