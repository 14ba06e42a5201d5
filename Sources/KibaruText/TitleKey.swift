/// The form in which titles are compared to find the article a "LIRE AUSSI : <titre>" line names: lowercase,
/// typographic apostrophes and spaces made plain, runs of spaces folded. Accents are kept.
public enum TitleKey {
    public static func make(_ title: String) -> String {
        var result = ""
        var pendingSpace = false
        for character in title.lowercased() {
            switch character {
            case " ", "\u{00A0}", "\u{202F}", "\u{2009}", "\t", "\n", "\r":
                pendingSpace = !result.isEmpty
            default:
                if pendingSpace { result.append(" "); pendingSpace = false }
                result.append(character == "\u{2019}" || character == "\u{02BC}" ? "'" : character)
            }
        }
        return result
    }
}
