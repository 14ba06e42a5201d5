import KibaruText
import Testing

/// Inputs the fuzzers found (issue 10, `Fuzz/Regressions/`), kept as tests of the fixes.
@Suite struct FuzzFindingTests {
    /// The raw `"` scalars of `html`: a quote carrying a combining mark is one `Character` but still a quote to
    /// an HTML parser.
    static func rawQuotes(_ html: String) -> Int {
        html.unicodeScalars.filter { $0 == "\"" }.count
    }

    @Test func aQuoteWithACombiningMarkIsEscapedLikeAnyQuote() {
        let escaped = HTMLEscaping.escape("x\"\u{301} onerror=alert(1) '\u{301}")
        #expect(Self.rawQuotes(escaped) == 0)
        #expect(!escaped.unicodeScalars.contains("'"))
        #expect(Array(escaped.unicodeScalars.prefix(7)) == Array("x&quot;".unicodeScalars))
    }

    @Test func aLinkInACommentCannotLeaveItsAttribute() {
        // Fuzz/Regressions/comment-text/link-quote-combining-mark.txt
        let html = CommentText.html("voir http://a.example/\"\u{301}/onmouseover=alert(1)//")
        #expect(Self.rawQuotes(html) == 4, "href and rel only: \(html)")
        #expect(CommentText.linkCount("voir http://a.example/\"\u{301}/onmouseover=alert(1)//") == 1)
    }
}
