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

    /// Fuzz/Regressions/typography/triple-straight-quotes.txt: a run of straight quotes opens or closes as a
    /// whole, so a second pass finds nothing left to pair (it gave `« "‹ a ›" »`, then `« ‹ ‹ a › › »`).
    @Test(arguments: [
        ("\"\"\"a\"\"\"", "«\u{202F}‹\u{202F}«\u{202F}a\u{202F}»\u{202F}›\u{202F}»"),
        ("\"\"Oui\" dit-il\"", "«\u{202F}‹\u{202F}Oui\u{202F}› dit-il\u{202F}»"),
        ("\"Il a dit \"oui\"\"", "«\u{202F}Il a dit ‹\u{202F}oui\u{202F}›\u{202F}»"),
        ("\"\"a\"", "\"‹\u{202F}a\u{202F}›"),
        ("\"a\"\" b", "«\u{202F}a\u{202F}»\" b"),
    ])
    func aRunOfStraightQuotesIsTypesetOnce(_ text: String, _ expected: String) {
        let once = FrenchTypography.text(text)
        #expect(once == expected)
        #expect(FrenchTypography.text(once) == once)
        let html = FrenchTypography.html("<p>\(text)</p>")
        #expect(FrenchTypography.html(html) == html)
    }
}
