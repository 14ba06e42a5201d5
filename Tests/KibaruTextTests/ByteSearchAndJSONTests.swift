import KibaruText
import Testing

/// ``StringProtocol/containsBytes(of:)`` finds the same runs as a search of the text would, in strings and in
/// substrings, across multi-byte characters.
@Suite struct ByteSearchTests {
    @Test(arguments: [
        ("voir https://kibaru.ml/a", "://", true), ("www.rfi.fr", "www.", true), ("écrit à « Bamako »", "://", false),
        ("", "://", false), ("a:/", "://", false), ("://", "://", true), ("Ségou:://", "://", true),
        ("ww.w", "www.", false), ("Tombouctou — www", "www.", false),
    ])
    func findsWhatASearchOfTheTextFinds(_ text: String, _ needle: StaticString, _ expected: Bool) {
        #expect(text.containsBytes(of: needle) == expected)
        #expect(text.contains(needle.description) == expected)
        let inner = ("«" + text + "»").dropFirst().dropLast()
        #expect(inner.containsBytes(of: needle) == expected, "in a substring")
    }
}

/// ``JSONText`` writes JSON that a JSON reader reads back, safe inside a `<script>` element.
@Suite struct JSONTextTests {
    @Test func stringsArraysAndObjectsAreWrittenAsJSON() {
        #expect(JSONText.array([.string("crue"), .string("fleuve")]).written == #"["crue","fleuve"]"#)
        #expect(JSONText.object([("b", .string("2")), ("a", .array([]))]).written == #"{"a":[],"b":"2"}"#)
        #expect(JSONText.string("« l’été » \"cité\" \\ \n </script> & <b>").written
            == #""« l’été » \"cité\" \\ \n \u003c/script\u003e \u0026 \u003cb\u003e""#)
    }
}
