import Foundation

/// Text for XML documents (feeds, sitemaps, WordPress exports): escaped, stripped of the control characters
/// XML 1.0 forbids.
public enum XMLText {
    /// Text or an attribute value, with `& < > " '` escaped.
    public static func escape(_ text: String) -> String {
        HTMLEscaping.escape(allowed(text))
    }

    /// A CDATA section holding `text`; a `]]>` inside is split across two sections.
    public static func cdata(_ text: String) -> String {
        "<![CDATA[" + allowed(text).replacingOccurrences(of: "]]>", with: "]]]]><![CDATA[>") + "]]>"
    }

    private static func allowed(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isForbidden($0) }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { !isForbidden($0) }))
    }

    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\t" && scalar != "\r")
            || scalar.value == 0xFFFE || scalar.value == 0xFFFF
    }
}

/// The date formats of feeds, sitemaps and exports, always in UTC.
public enum InternetDate {
    /// RFC 822 as RSS 2.0 and e-mail headers (RFC 5322) want it: `Thu, 29 Feb 2024 10:00:00 +0000`.
    public static func rfc822(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    /// RFC 3339: `2024-02-29T10:00:00Z`.
    public static func rfc3339(_ date: Date) -> String {
        FrenchDate.iso8601(date, timeZone: TimeZone(secondsFromGMT: 0)!)
    }
}

/// A 64-bit FNV-1a hash of text: the same in every process (unlike `hashValue`), for ETags and stable names.
public enum StableHash {
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
