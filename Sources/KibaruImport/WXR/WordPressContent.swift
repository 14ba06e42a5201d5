/// An attachment of the export, for images that refer to it by id or URL.
public struct WordPressAttachment: Sendable, Equatable {
    /// The attachment's post id, as in `[gallery ids="12,13"]`, `<!-- wp:image {"id":12} -->` or `wp-image-12`.
    public var id: Int
    /// The file's URL (`wp:attachment_url`).
    public var url: String
    /// The caption (the attachment's excerpt), shown under the image in galleries.
    public var caption: String
    /// The alternative text (`_wp_attachment_image_alt`), used when the image has none of its own.
    public var alt: String
    /// The description (the attachment's content).
    public var description: String

    public init(id: Int, url: String, caption: String = "", alt: String = "", description: String = "") {
        self.id = id
        self.url = url
        self.caption = caption
        self.alt = alt
        self.description = description
    }
}

/// The Kibaru Markdown of a WordPress post, with what the importer needs to know about it.
public struct WordPressConversion: Sendable, Equatable {
    /// The body in Kibaru Markdown.
    public var markdown: String
    /// Every image or media URL written, after rewriting, in order of appearance, each once.
    public var mediaURLs: [String]
    /// The names of the shortcodes kept as visible text, in order of appearance, each once.
    public var unknownShortcodes: [String]

    public init(markdown: String, mediaURLs: [String] = [], unknownShortcodes: [String] = []) {
        self.markdown = markdown
        self.mediaURLs = mediaURLs
        self.unknownShortcodes = unknownShortcodes
    }
}

/// Converts the content of WordPress posts, classic-editor HTML with shortcodes or Gutenberg block markup, to
/// Kibaru Markdown (CommonMark with GitHub's tables, strikethrough and autolinks, plus `::: figure` and
/// `::: lire-aussi` blocks).
///
/// ```swift
/// let content = """
///     Le fleuve.
///
///     [caption id="attachment_12"]<img src="https://blog.example/fleuve.jpg" alt="Pirogues"> Les pirogues \
///     via Kibaru[/caption]
///     """
/// let conversion = WordPressContent.markdown(from: content, attachments: [:], rewriteURL: { $0 })
/// // conversion.markdown:
/// // Le fleuve.
/// //
/// // ::: figure
/// // image: https://blog.example/fleuve.jpg
/// // alt: Pirogues
/// // caption: Les pirogues
/// // credit-source: Kibaru
/// // :::
/// ```
///
/// The conversion never fails: markup it cannot read degrades to text, and the result never holds raw HTML.
///
/// - Classic content follows WordPress's `wpautop`: a blank line separates paragraphs, a line end is a line
///   break; a URL alone on its line (an oEmbed) becomes a link on its own paragraph.
/// - Gutenberg's `<!-- wp:… -->` delimiters are dropped, their attributes used by media blocks (`wp:image`'s
///   `id`, `wp:embed`'s `url`, `wp:gallery`'s `ids`); layout blocks (columns, groups, covers) give their content.
/// - Headings, paragraphs, quotes, nested lists, code, tables, thematic breaks, bold, italic, strikethrough,
///   inline code and links become Markdown; links other than http(s), mailto, relative and `#anchor` keep only
///   their text; `<script>`, `<style>`, `<iframe>` (its http(s) address kept as a link), `<object>`, `<form>`,
///   `<svg>` and the like are dropped; other tags give their text.
/// - Images (`<img>`, `[caption]`, `wp:image`, `[gallery]`, `wp:gallery`) become `::: figure` blocks, after the
///   paragraph they were in; a caption ending in "via Source", "Crédit : Nom", "Photo : Nom" or "© Nom" gives
///   the credit. Embeds, audio, video and files become links.
/// - A paragraph starting with "LIRE AUSSI", "À lire aussi", "Lire également" or "Voir aussi" becomes a
///   `::: lire-aussi` block naming the linked title.
/// - `[caption]`, `[gallery]`, `[embed]`, `[audio]` and `[video]` are read; other shortcodes stay as typed,
///   escaped, and are listed in ``WordPressConversion/unknownShortcodes``.
public enum WordPressContent {
    /// Converts one post's content.
    /// - Parameters:
    ///   - content: the post's `content:encoded`.
    ///   - attachments: the export's attachments by id, for `[gallery ids=…]`, `wp:image {"id":…}` and
    ///     `class="wp-image-ID"`.
    ///   - rewriteURL: maps an original media URL to the one to use (the importer maps uploads to `/media/…`
    ///     when it copies the files, or returns the URL unchanged). A URL it maps to anything but http(s) or a
    ///     path from the root is left out.
    public static func markdown(
        from content: String, attachments: [Int: WordPressAttachment], rewriteURL: (String) -> String
    ) -> WordPressConversion {
        let tree = WordPressHTML.TreeBuilder.build(WordPressHTML.Tokenizer.tokens(of: content))
        return withoutActuallyEscaping(rewriteURL) { rewrite in
            var writer = WordPressHTML.Writer(attachments: attachments, rewriteURL: rewrite)
            let markdown = writer.document(tree.root)
            return WordPressConversion(
                markdown: markdown, mediaURLs: writer.mediaURLs, unknownShortcodes: tree.unknownShortcodes)
        }
    }
}
