/// Short plain-text extracts for listings and link previews.
public enum Excerpt {
    /// The first words of `text` up to about `maximumLength` characters, cut on a word boundary and ended by
    /// "…" when something was left out.
    public static func make(_ text: String, maximumLength: Int = 220) -> String {
        // Only the start of a long text is read (an article's text is long): the words past twice the length
        // cannot be kept, unless the start is mostly spaces.
        let start = text.unicodeScalars.prefix(maximumLength * 2 + 2)
        if let cut = firstWords(of: start, maximumLength: maximumLength) { return cut }
        return start.endIndex == text.unicodeScalars.endIndex
            ? joined(words(of: start))
            : firstWords(of: text.unicodeScalars[...], maximumLength: maximumLength)
                ?? joined(words(of: text.unicodeScalars[...]))
    }

    /// The words of `text` that fit in `maximumLength` followed by "…", or `nil` when they all fit. Lengths are
    /// counted in Unicode scalars (characters of French text are one each; walking graphemes made this a
    /// twentieth of an article page).
    private static func firstWords(of text: Substring.UnicodeScalarView, maximumLength: Int) -> String? {
        var result = String.UnicodeScalarView()
        var length = 0
        for word in words(of: text) {
            if length + word.count + 1 > maximumLength { return String(result) + "…" }
            if length > 0 {
                result.append(" ")
                length += 1
            }
            result.append(contentsOf: word)
            length += word.count
        }
        return nil
    }

    private static func words(of text: Substring.UnicodeScalarView) -> [Substring.UnicodeScalarView] {
        text.split(whereSeparator: isWhitespace)
    }

    /// Whitespace as Unicode defines it, answered without the property tables for ASCII (their lookup was most
    /// of the time an excerpt took).
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20: true
        case 0..<0x80: false
        default: scalar.properties.isWhitespace
        }
    }

    private static func joined(_ words: [Substring.UnicodeScalarView]) -> String {
        words.map { String(Substring($0)) }.joined(separator: " ")
    }
}
