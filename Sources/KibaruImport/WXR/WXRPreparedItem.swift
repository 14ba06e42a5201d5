import KibaruCore
import KibaruServices
import KibaruText

/// A post of the export with what can be worked out without the store: its body converted to Kibaru Markdown and
/// what saving it will compute from its text (``ArticlePrecomputation``). The reader's thread prepares the next
/// posts while a batch holds the writer, so that a batch's transaction does less (see ``WXRImporter``).
struct WXRPreparedItem: Sendable {
    let item: WXRItem
    /// The body in Kibaru Markdown (a post or page), never empty.
    let body: String
    /// The export's media addresses the conversion met, in order: the batch copies and records their files.
    let mediaURLs: [String]
    /// The names of the shortcodes the conversion kept as text.
    let unknownShortcodes: [String]
    let precomputation: ArticlePrecomputation?

    /// Prepares `item` for `site`: media of the blog found under `mediaDirectory` are written with their
    /// address in the library, as the batch will store them.
    init(_ item: WXRItem, site: Site, attachments: [Int: WordPressAttachment], mediaDirectory: String?) {
        self.item = item
        guard item.postType == "post" || item.postType == "page" else {
            (body, mediaURLs, unknownShortcodes, precomputation) = ("", [], [], nil)
            return
        }
        var body: String
        if let source = item.meta.first(where: { $0.key == "_kibaru_markdown" })?.value {
            // An export of Kibaru: its own source, exactly.
            body = source
            (mediaURLs, unknownShortcodes) = ([], [])
        } else {
            var met: [String] = []
            let conversion = WordPressContent.markdown(from: item.content, attachments: attachments) { url in
                met.append(url)
                return WXRImportRun.mediaAddress(for: url, site: site.slug, mediaDirectory: mediaDirectory)
            }
            body = conversion.markdown
            (mediaURLs, unknownShortcodes) = (met, conversion.unknownShortcodes)
        }
        if body.trimmed.isEmpty { body = "*(article sans texte)*" }
        self.body = body
        let draft = ArticleDraft(
            siteSlug: site.slug, title: Self.title(of: item).title, standfirst: Self.standfirst(of: item),
            bodyMarkdown: body, authorNames: [])
        precomputation = ArticleService.precompute(draft, site: site)
    }

    /// The article's title, and whether it had to be shortened.
    static func title(of item: WXRItem) -> (title: String, shortened: Bool) {
        let title = WXRText.plain(item.title).trimmed
        if title.isEmpty { return ("Sans titre (\(item.postID))", false) }
        guard title.count > Article.maximumTitleLength else { return (title, false) }
        return (String(title.prefix(Article.maximumTitleLength)), true)
    }

    /// The article's standfirst: the post's excerpt, as text.
    static func standfirst(of item: WXRItem) -> String? {
        let excerpt = WXRText.plain(item.excerpt).trimmed
        return excerpt.isEmpty ? nil : String(excerpt.prefix(1_000))
    }
}
