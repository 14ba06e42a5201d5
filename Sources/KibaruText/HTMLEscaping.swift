/// Escaping for text placed in HTML elements and quoted attributes.
public enum HTMLEscaping {
    /// Replaces `& < > " '` with entities, so that the result is inert text in an element or an attribute.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
