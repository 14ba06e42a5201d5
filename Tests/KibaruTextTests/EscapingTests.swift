import KibaruText
import Testing

/// The byte-level escapes (issue 11: they were a sixth of a page's time) give what a scalar-by-scalar escape
/// gives, for any text, and leave texts with nothing to escape as they are.
@Suite struct EscapingTests {
    static func reference(_ text: String) -> String {
        var result = ""
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

    static let pieces = [
        "&", "<", ">", "\"", "'", "é", "e\u{301}", "\"\u{301}", "'\u{327}", "🇲🇱", "👩🏾‍💻", "«\u{a0}", "\u{202f}»", "a",
        "Tombouctou", " ", "\n", "\u{0}", "\u{FFFF}", "ß", "&amp;", "]]>",
    ]

    @Test func anyTextIsEscapedAsScalarByScalar() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator))
                .map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
            #expect(HTMLEscaping.escape(text) == Self.reference(text), "\(text.debugDescription)")
        }
        let plain = "Les pluies de juillet à Ségou « enfin »"
        #expect(HTMLEscaping.escape(plain) == plain)
        #expect(HTMLEscaping.escape("") == "")
    }

    @Test func xmlTextLosesOnlyTheCharactersXMLForbids() {
        #expect(XMLText.escape("a\u{0}b\u{1F}c\td\ne\u{FFFE}f\u{FFFF}g<h") == "abc\td\nefg&lt;h")
        #expect(XMLText.escape("Ségou \u{FEFF}ïñ 🇲🇱") == "Ségou \u{FEFF}ïñ 🇲🇱", "0xEF starts other characters too")
    }

    @Test func theStableHashIsFNV1a() {
        #expect(StableHash.fnv1a("") == 0xcbf2_9ce4_8422_2325)
        #expect(StableHash.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(StableHash.fnv1a("foobar") == 0x8594_4171_f739_67e8)
    }

    /// ETags and page-change checks come from this hash on every node: a change of its values is a change of
    /// every ETag, to make on purpose.
    @Test func theDigestIsStableAndReadsEveryByte() {
        #expect(StableHash.digest("Kibaru, les nouvelles du Sahel") == 0x00c7_6880_a09e_3eb8)
        // Every length around a word's boundary, every byte changed: all different.
        var seen = Set<UInt64>()
        for length in 0...24 {
            let text = String(repeating: "a", count: length)
            #expect(seen.insert(StableHash.digest(text)).inserted, "length \(length)")
            for position in 0..<length {
                var bytes = Array(text.utf8)
                bytes[position] = UInt8(ascii: "b")
                #expect(seen.insert(StableHash.digest(String(decoding: bytes, as: UTF8.self))).inserted)
            }
        }
    }
}
