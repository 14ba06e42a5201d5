/// Makes plain text safe to place in CommonMark: it then renders as the same text, never as markup.
enum MarkdownEscaping {
    /// Escapes inline markup characters everywhere and block markers at the start of the line.
    static func escapeLine(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\`*_[]<>&|~".contains(character) { result.append("\\") }
            result.append(character)
        }
        if let first = result.first, "#-+=:>".contains(first) {
            result = "\\" + result
        }
        // "1. " or "1) " would start an ordered list.
        if result.first?.isASCII == true, result.first?.isNumber == true, let match = result.firstMatch(of: /^(\d+)([.)])/) {
            result = "\(match.1)\\\(match.2)" + result.dropFirst(match.0.count)
        }
        return result
    }
}
