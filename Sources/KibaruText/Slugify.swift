import Foundation

/// Turns French (or any Latin-script) text into a URL slug the way WordPress readers expect:
/// `"Lutte contre le terrorisme : à pied d’œuvre"` → `"lutte-contre-le-terrorisme-a-pied-doeuvre"`.
public enum Slugify {
    /// Lowercases, folds accents and ligatures (é → e, œ → oe, ß → ss), drops apostrophes, joins words with
    /// single hyphens and cuts at `maximumLength` on a word boundary. Returns `""` when nothing is left.
    public static func slug(_ text: String, maximumLength: Int = 80) -> String {
        let folded = Folding.fold(text)
        var words: [String] = []
        var current = ""
        for scalar in folded.unicodeScalars {
            switch scalar {
            case "a"..."z", "0"..."9":
                current.unicodeScalars.append(scalar)
            case "'", "\u{2019}", "\u{02BC}":
                continue  // d’œuvre → doeuvre, as WordPress does
            default:
                if !current.isEmpty { words.append(current); current = "" }
            }
        }
        if !current.isEmpty { words.append(current) }
        var slug = ""
        for word in words {
            let candidate = slug.isEmpty ? word : slug + "-" + word
            if candidate.count > maximumLength {
                if slug.isEmpty { slug = String(word.prefix(maximumLength)) }
                break
            }
            slug = candidate
        }
        return slug
    }
}

/// Case and accent folding for comparisons, slugs and search.
public enum Folding {
    /// Lowercase ASCII approximation: é → e, Œ → oe, ç → c, ß → ss, « » and other symbols kept as they are
    /// when they have no Latin equivalent.
    public static func fold(_ text: String) -> String {
        // ASCII has nothing to transliterate: ICU's transform, which dominated the time, is skipped.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        let ligatures = text.replacingOccurrences(of: "œ", with: "oe").replacingOccurrences(of: "Œ", with: "OE")
            .replacingOccurrences(of: "æ", with: "ae").replacingOccurrences(of: "Æ", with: "AE")
        let latin = ligatures.applyingTransform(StringTransform("Latin-ASCII"), reverse: false) ?? ligatures
        return latin.lowercased()
    }
}
