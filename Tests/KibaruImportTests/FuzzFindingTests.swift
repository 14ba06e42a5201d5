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

    @Test(arguments: [
        ("<!-- un commentaire \u{E5}\u{91}a -->", 3, 32),  // crashed Foundation's XMLParser (SIGILL)
        ("<title>\u{F4}\u{90}\u{80}\u{80}</title>", 3, 18),  // past U+10FFFF
        ("<title>\u{C0}\u{AF}</title>", 3, 17),  // an overlong "/"
        ("<title>fin \u{E2}\u{82}", 3, 22),  // the file ends inside a character
    ])
    func bytesThatAreNotUTF8AreRefusedWithTheirPlace(_ channel: String, _ line: Int, _ column: Int) throws {
        // Fuzz/Regressions/wxr/crash-a5437c67…: an invalid UTF-8 sequence inside a comment. Columns count bytes
        // from 1, after `<channel>`.
        let path = try TestPaths.temporaryDirectory("wxr-utf8") + "/invalid.xml"
        let bytes = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>".utf8)
            + channel.unicodeScalars.map { UInt8($0.value) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do {
            try WXRReader(url: URL(fileURLWithPath: path)).read { _ in }
            Issue.record("read a file that is not UTF-8")
        } catch let error as WXRError {
            #expect((error.line, error.column) == (line, column), "\(error)")
            #expect(error.message.contains("UTF-8"))
        }
    }

    @Test func aBrokenDeclarationIsRefusedWhateverEncodingItNames() throws {
        // Fuzz/Regressions/wxr/broken-declaration-latin1-comment-sigill.xml: the parser could not read the
        // declaration, read the file as UTF-8, and crashed on a Latin-1 byte in a comment.
        let path = try TestPaths.temporaryDirectory("wxr-declaration") + "/broken.xml"
        try Data(Array("<?xml vers\"\"ion=\"1.0\" encoding=\"iso-8859-1\"?>\n<!-- caf".utf8) + [0xE9]
            + Array(" -->\n<rss version=\"2.0\"></rss>\n".utf8)).write(to: URL(fileURLWithPath: path))
        do {
            try WXRReader(url: URL(fileURLWithPath: path)).read { _ in }
            Issue.record("read a file with a broken declaration")
        } catch let error as WXRError {
            #expect(error.line == 1 && error.message.contains("déclaration XML"), "\(error)")
        }
        // The same bytes behind a well-formed Latin-1 declaration are parsed (and refused only as no WXR).
        try Data(Array("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n<!-- caf".utf8) + [0xE9]
            + Array(" -->\n<rss version=\"2.0\"></rss>\n".utf8)).write(to: URL(fileURLWithPath: path))
        do {
            try WXRReader(url: URL(fileURLWithPath: path)).read { _ in }
        } catch let error as WXRError {
            #expect(!error.message.contains("déclaration") && !error.message.contains("UTF-8"), "\(error)")
        }
    }

    @Test func aParagraphEndingInViaIsNotACaptionWhenTooLongForOne() throws {
        // Fuzz/Regressions/scraped-page/caption-over-1000-characters.txt: the figure made of it was refused.
        let long = String(repeating: "Une très longue légende ", count: 50) + "via Wikicommons"
        let site = Site(id: 1, NewSite(slug: Slug(rawValue: "mali-actu")!, title: "Mali Actu", timeZone: "Africa/Bamako"))
        let imported = try ScrapedPageParser(fileName: "page.txt").parse("Le fleuve\n\n29 février 2024\n\n\(long)\n", site: site)
        let blocks = try ArticleSource.parse(imported.draft.bodyMarkdown)
        #expect(!blocks.contains { if case .figure = $0 { true } else { false } })
        #expect(imported.draft.bodyMarkdown.contains("via Wikicommons"))
    }
}
