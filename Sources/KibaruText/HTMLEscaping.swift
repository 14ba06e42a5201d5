/// Escaping for text placed in HTML elements and quoted attributes.
public enum HTMLEscaping {
    /// Replaces `& < > " '` with entities, so that the result is inert text in an element or an attribute.
    ///
    /// Works on UTF-8 bytes, where these five characters are single bytes that no other character contains: a
    /// quote followed by a combining mark (`"` + U+0301) is one `Character`, unequal to `"`, yet an HTML parser
    /// still reads its first scalar as the end of an attribute, and is escaped here. A text with none of them,
    /// most texts, is returned as it is.
    public static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        guard var special = utf8.firstIndex(where: isSpecial) else { return text }
        var result = ""
        result.reserveCapacity(utf8.count + 32)
        var start = utf8.startIndex
        while true {
            // The bytes between two special ones are copied as they are: no character is rebuilt.
            result += Substring(utf8[start..<special])
            switch utf8[special] {
            case UInt8(ascii: "&"): result += "&amp;"
            case UInt8(ascii: "<"): result += "&lt;"
            case UInt8(ascii: ">"): result += "&gt;"
            case UInt8(ascii: "\""): result += "&quot;"
            default: result += "&#39;"
            }
            start = utf8.index(after: special)
            guard let next = utf8[start...].firstIndex(where: isSpecial) else { break }
            special = next
        }
        result += Substring(utf8[start...])
        return result
    }

    private static func isSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
