import Foundation
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
    /// address in the library, as the batch will store them; with `library`, their files are copied there now,
    /// so that no batch holds the writer while it copies files (a failed copy is tried again, and reported, by
    /// the batch).
    init(
        _ item: WXRItem, site: Site, attachments: [Int: WordPressAttachment], mediaDirectory: String?,
        copyingInto library: (any MediaStorage)?
    ) {
        self.item = item
        func copy(_ url: String) {
            guard let library,
                let (source, path) = WXRImportRun.libraryFile(for: url, site: site.slug, mediaDirectory: mediaDirectory)
            else { return }
            try? library.copy(fileAt: source, to: path)
        }
        if item.postType == "attachment", let url = item.attachmentURL ?? (item.guid.isEmpty ? nil : item.guid) {
            copy(url)
        }
        guard item.postType == "post" || item.postType == "page" else {
            (body, mediaURLs, unknownShortcodes, precomputation) = ("", [], [], nil)
            return
        }
        // Only what the batch will copy too: the files of posts it imports, and a thumbnail only when the post
        // has no Kibaru figure of its own.
        let imported = WXRImportRun.isImported(status: item.status)
        let thumbnail = item.meta.first { $0.key == "_thumbnail_id" }.flatMap { Int($0.value.trimmed) }
        if imported, !item.meta.contains(where: { $0.key == "_kibaru_figure" }), let thumbnail,
            let attachment = attachments[thumbnail]
        {
            copy(attachment.url)
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
            if imported { met.forEach(copy) }
        }
        if body.trimmed.isEmpty { body = "*(article sans texte)*" }
        self.body = body
        let draft = ArticleDraft(
            siteSlug: site.slug, title: Self.title(of: item).title, standfirst: Self.standfirst(of: item),
            bodyMarkdown: body, authorNames: [])
        // As WXRImportRun.featuredFigure will find it: Kibaru's own figure, else the thumbnail's attachment.
        let hasFeaturedImage: Bool
        if let json = item.meta.first(where: { $0.key == "_kibaru_figure" })?.value {
            hasFeaturedImage = (try? JSONDecoder().decode(Figure.self, from: Data(json.utf8)))?.image != nil
        } else {
            hasFeaturedImage = thumbnail.flatMap { attachments[$0] } != nil
        }
        precomputation = ArticleService.precompute(draft, site: site, hasFeaturedImage: hasFeaturedImage)
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
