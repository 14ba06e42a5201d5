import CCmarkGFM
import Foundation

/// CommonMark + GitHub Flavoured Markdown through Debian's cmark-gfm, in safe mode: raw HTML is dropped and
/// `javascript:`, `vbscript:`, `file:` and most `data:` links are emptied by cmark itself.
///
/// Every call makes its own parser, so one renderer may be used from any number of threads; parsing itself runs
/// one at a time (``parsing``).
public struct CmarkRenderer: Sendable {
    /// Held while a document is parsed. cmark-gfm keeps the inline parser's table of special characters in a global:
    /// each parse adds its extensions' characters (`~` for strikethrough) when its inlines start and removes them
    /// when they end, so a parse that ended on another thread turned `~~text~~` into plain text in this one
    /// (seen once in a few full test runs: an imported article without its `<del>`). Rendering the parsed
    /// document reads no global and runs outside.
    private static let parsing = NSLock()

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
        let parsed = CmarkRenderer.parsing.withLock { () -> OpaquePointer? in
            cmark_parser_feed(parser, markdown, markdown.utf8.count)
            return cmark_parser_finish(parser)
        }
        guard let document = parsed else { return "" }
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
