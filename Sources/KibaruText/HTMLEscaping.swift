/// Escaping for text placed in HTML elements and quoted attributes.
public enum HTMLEscaping {
    /// Replaces `& < > " '` with entities, so that the result is inert text in an element or an attribute.
    ///
    /// Works on UTF-8 bytes, where these five characters are single bytes that no other character contains: a
    /// quote followed by a combining mark (`"` + U+0301) is one `Character`, unequal to `"`, yet an HTML parser
    /// still reads its first scalar as the end of an attribute, and is escaped here. A text with none of them,
    /// most texts, is returned as it is.
    public static func escape(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            guard let first = bytes.firstIndex(where: isSpecial) else { return nil }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + 32)
            result.append(contentsOf: bytes[..<first])
            for byte in bytes[first...] {
                switch byte {
                case UInt8(ascii: "&"): result.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "<"): result.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): result.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "\""): result.append(contentsOf: "&quot;".utf8)
                case UInt8(ascii: "'"): result.append(contentsOf: "&#39;".utf8)
                default: result.append(byte)
                }
            }
            return String(decoding: result, as: UTF8.self)
        } ?? text
    }

    private static func isSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
