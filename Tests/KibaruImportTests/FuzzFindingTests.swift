import Foundation
import KibaruCore
import KibaruImport
import KibaruMarkdown
import KibaruServices
import KibaruTesting
import Testing

/// Inputs the fuzzers found (issue 10, `Fuzz/Regressions/`), kept as tests of the fixes.
@Suite struct ImportFuzzFindingTests {
    @Test func anExportInAnEncodingTheParserCannotReadIsRefusedNotCrashedOn() throws {
        // Fuzz/Regressions/wxr/utf7-invalid-byte-segv.xml: the XML parser crashed (SIGSEGV) in iconv.
        let path = try TestPaths.temporaryDirectory("wxr-utf7") + "/utf7.xml"
        try Data("<?xml version='1.0' encoding='UTF-7'?>\n<rss>".utf8 + [0xFF] + Data("</rss>\n".utf8))
            .write(to: URL(fileURLWithPath: path))
        do {
            try WXRReader(url: URL(fileURLWithPath: path)).read { _ in }
            Issue.record("an UTF-7 export was read")
        } catch let error as WXRError {
            #expect(error.line == 1 && error.message.contains("UTF-7"), "\(error)")
        }
    }

    @Test func anEncodingErrorAfterAByteOrderMarkIsAnErrorNotACrash() throws {
        // Fuzz/Regressions/wxr/utf7-after-utf8-bom-segv.xml: the encoding check does not see the declaration
        // behind the mark; the parser's own error must then be reported, not aborted into a crash.
        let path = try TestPaths.temporaryDirectory("wxr-bom") + "/bom.xml"
        try Data([0xEF, 0xBB, 0xBF] + Array("<?xml version='1.0' encoding='UTF-7'?>\n<rss>".utf8) + [0xFF]
            + Array("</rss>\n".utf8)).write(to: URL(fileURLWithPath: path))
        #expect(throws: WXRError.self) { try WXRReader(url: URL(fileURLWithPath: path)).read { _ in } }
    }

    @Test func aParagraphEndingInViaIsNotACaptionWhenTooLongForOne() throws {
        // Fuzz/Regressions/scraped-page/caption-over-1000-characters.txt: the figure made of it was refused.
        let long = String(repeating: "Une très longue légende ", count: 50) + "via Wikicommons"
        let site = Site(id: 1, slug: Slug(rawValue: "mali-actu")!, title: "Mali Actu", timeZone: "Africa/Bamako")
        let imported = try ScrapedPageParser(fileName: "page.txt").parse("Le fleuve\n\n29 février 2024\n\n\(long)\n", site: site)
        let blocks = try ArticleSource.parse(imported.draft.bodyMarkdown)
        #expect(!blocks.contains { if case .figure = $0 { true } else { false } })
        #expect(imported.draft.bodyMarkdown.contains("via Wikicommons"))
    }
}
