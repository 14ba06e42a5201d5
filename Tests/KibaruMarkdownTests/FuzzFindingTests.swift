import KibaruCore
import KibaruMarkdown
import Testing

/// Inputs the fuzzers found (issue 10, `Fuzz/Regressions/markdown/`), kept as tests of the fixes.
@Suite struct MarkdownFuzzFindingTests {
    @Test func aFigureImageCannotLeaveItsAttribute() throws {
        // Fuzz/Regressions/markdown/figure-image-quote-combining-mark.md
        let blocks = try ArticleSource.parse("::: figure\nimage: /x\"\u{301}/onerror=alert(1)//\n:::\n")
        let html = ArticleRenderer().render(blocks, language: "fr") { _ in nil }.html
        let scalars = Array(html.unicodeScalars)
        let rawQuoteWithMark = zip(scalars, scalars.dropFirst()).contains { $0 == "\"" && $1 == "\u{301}" }
        #expect(!rawQuoteWithMark, "the quote ends no attribute: \(html)")
        #expect(scalars.filter { $0 == "\"" }.count % 2 == 0, "\(html)")
    }
}
