import CCmarkGFM
import Foundation

/// CommonMark + GitHub Flavoured Markdown through Debian's cmark-gfm, in safe mode: raw HTML is dropped and
/// `javascript:`, `vbscript:`, `file:` and most `data:` links are emptied by cmark itself.
///
/// Every call makes its own parser, so one renderer may be used from any number of threads.
public struct CmarkRenderer: Sendable {
    /// The GFM extensions attached to every parser.
    static let extensions = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    private static let registration: Void = { cmark_gfm_core_extensions_ensure_registered() }()

    public init() {
        _ = CmarkRenderer.registration
    }

    /// The HTML for `markdown`, with raw HTML omitted.
    public func html(_ markdown: String) -> String {
        render(markdown, asHTML: true)
    }

    /// The text of `markdown` without its markup, for search and excerpts.
    public func plainText(_ markdown: String) -> String {
        render(markdown, asHTML: false)
    }

    private func render(_ markdown: String, asHTML: Bool) -> String {
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in CmarkRenderer.extensions {
            if let syntax = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, syntax) }
        }
        cmark_parser_feed(parser, markdown, markdown.utf8.count)
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        let rendered =
            asHTML
            ? cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser))
            : cmark_render_plaintext(document, options, 0)
        guard let output = rendered else { return "" }
        defer { free(output) }
        return String(cString: output)
    }
}
