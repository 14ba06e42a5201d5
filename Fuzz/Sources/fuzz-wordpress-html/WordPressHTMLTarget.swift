import Foundation
import FuzzSupport
import KibaruCore
import KibaruImport
import KibaruMarkdown

/// The export's attachments that `[gallery ids="12,13"]`, `<!-- wp:image {"id":12} -->` and `wp-image-12` find.
private let attachments: [Int: WordPressAttachment] = [
    12: WordPressAttachment(
        id: 12, url: "https://blog.example/wp-content/uploads/2024/03/fleuve.jpg", caption: "Le fleuve via Kibaru",
        alt: "Pirogues sur le Niger"),
    13: WordPressAttachment(
        id: 13, url: "https://blog.example/wp-content/uploads/2024/03/marche.png", caption: "Crédit : Awa Diarra",
        alt: ""),
    14: WordPressAttachment(id: 14, url: "javascript:alert(14)", caption: "<script>alert(14)</script>", alt: "\"><x"),
]

/// Maps uploads to `/media/…` as the importer does when it copies files; maps an address containing `evil` to a
/// `javascript:` URL, which the converter must leave out.
private func rewrite(_ url: String) -> String {
    if url.contains("evil") { return "javascript:alert('rewritten')" }
    if let range = url.range(of: "/wp-content/uploads/") { return "/media/" + url[range.upperBound...] }
    return url
}

/// WordPress post content, classic or Gutenberg, to Kibaru Markdown (`WordPressContent.markdown`).
///
/// Invariants (the type's documentation: "the conversion never fails … the result never holds raw HTML"):
/// - the Markdown is valid Kibaru Markdown (`ArticleSource.parse` does not throw, or the import of that post fails);
/// - rendered, it is safe HTML (``HTMLCheck/article``) and holds no raw HTML;
/// - `mediaURLs` and `unknownShortcodes` list each entry once; every media URL is http(s) or a path from the root.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWordPressHTML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let content = Fuzz.string(data, size)
    let conversion = WordPressContent.markdown(from: content, attachments: attachments, rewriteURL: rewrite)
    let markdown = conversion.markdown
    do {
        _ = try ArticleSource.parse(markdown)
    } catch {
        Fuzz.fail(
            "wordpress-html/invalid-markdown",
            "ArticleSource.parse refuses the conversion: \(error)\nmarkdown: \(Fuzz.show(markdown, limit: 500))")
    }
    let rendered = ArticleChecks.renderSafely(markdown, kind: "wordpress-html")
    Fuzz.check(
        !rendered.html.contains(ArticleChecks.rawHTMLOmitted), "wordpress-html/raw-html",
        "the Markdown holds raw HTML\nmarkdown: \(Fuzz.show(markdown, limit: 500))")
    Fuzz.check(
        Set(conversion.mediaURLs).count == conversion.mediaURLs.count, "wordpress-html/media-twice",
        "mediaURLs repeats an entry: \(conversion.mediaURLs)")
    Fuzz.check(
        Set(conversion.unknownShortcodes).count == conversion.unknownShortcodes.count,
        "wordpress-html/shortcode-twice", "unknownShortcodes repeats an entry: \(conversion.unknownShortcodes)")
    for url in conversion.mediaURLs {
        let lowered = url.lowercased()
        Fuzz.check(
            lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || (url.hasPrefix("/") && !url.hasPrefix("//")),
            "wordpress-html/media-url", "media URL neither http(s) nor a root path: \(url.debugDescription)")
    }
    return 0
}
