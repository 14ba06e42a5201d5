/// Escaping for text placed in HTML elements and quoted attributes.
public enum HTMLEscaping {
    /// Replaces `& < > " '` with entities, so that the result is inert text in an element or an attribute.
    ///
    /// Works on Unicode scalars, not characters: a quote followed by a combining mark (`"` + U+0301) is one
    /// `Character`, unequal to `"`, yet an HTML parser still reads its first scalar as the end of an attribute.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
