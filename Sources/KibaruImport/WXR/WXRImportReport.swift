import KibaruCore
import KibaruText

/// How a WordPress export is brought in.
public struct WXRImportOptions: Sendable {
    /// What WordPress categories become: plain tags, or sections (tags of kind ``TagKind/section``).
    public enum Categories: String, Sendable, CaseIterable {
        case tags
        case sections
    }

    public var categories: Categories
    /// A copy of the blog's `wp-content/uploads`: its files are copied into the media library and linked.
    /// Without it, media stay at their old addresses (listed in the report).
    public var mediaDirectory: String?
    /// Reads and converts everything, reports what would be imported, writes nothing.
    public var dryRun: Bool

    public init(categories: Categories = .tags, mediaDirectory: String? = nil, dryRun: Bool = false) {
        self.categories = categories
        self.mediaDirectory = mediaDirectory
        self.dryRun = dryRun
    }
}

/// What an import did (or, in a dry run, would do) for one file.
public struct WXRImportReport: Sendable, Equatable {
    public var file: String
    public var site: Slug
    public var siteCreated: Bool
    public var dryRun: Bool
    /// Posts and pages stored, new ones and updated ones.
    public var created = 0
    public var updated = 0
    public var pages = 0
    /// Stored but not public: drafts, pending review, private posts, trash.
    public var unpublished = 0
    public var comments = 0
    /// WordPress items left aside, by reason ("nav_menu_item", "revision", "pingback"…).
    public var skipped: [String: Int] = [:]
    public var redirects = 0
    public var mediaCopied = 0
    /// Media addresses kept as they were (no `--media`, or the file was not in it).
    public var remoteMedia: [String] = []
    /// Shortcodes Kibaru does not know, kept visibly in the text, with how many times they were met.
    public var unknownShortcodes: [String: Int] = [:]
    /// Posts that could not be stored, with why, in the command line's language.
    public var warnings: [String] = []

    public init(file: String, site: Slug, siteCreated: Bool, dryRun: Bool) {
        self.file = file
        self.site = site
        self.siteCreated = siteCreated
        self.dryRun = dryRun
    }

    /// A summary for the command line, in its language.
    public var summary: String {
        var lines = [
            L(
                "{file} → site « {site} »{created}{dryRun}",
                [
                    "file": file, "site": "\(site)", "created": siteCreated ? L(" (créé)") : "",
                    "dryRun": dryRun ? L(" — essai à blanc, rien n’a été écrit") : "",
                ]),
            "  " + L(
                "articles : {created}, {updated} mis à jour (dont {pages}, {unpublished})",
                [
                    "created": Words.count(created, "nouveau", "nouveaux"), "updated": "\(updated)",
                    "pages": Words.count(pages, "page", "pages"),
                    "unpublished": Words.count(unpublished, "non publié", "non publiés"),
                ]),
            "  " + L(
                "commentaires : {comments} ; anciennes adresses redirigées : {redirects} ; médias copiés : {media}",
                ["comments": "\(comments)", "redirects": "\(redirects)", "media": "\(mediaCopied)"]),
        ]
        if !skipped.isEmpty {
            let list = skipped.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("  " + L("ignorés : {list}", ["list": list]))
        }
        if !unknownShortcodes.isEmpty {
            let list = unknownShortcodes.sorted { $0.key < $1.key }.map { "[\($0.key)] ×\($0.value)" }.joined(separator: ", ")
            lines.append("  " + L("codes courts inconnus, gardés en texte : {list}", ["list": list]))
        }
        if !remoteMedia.isEmpty {
            lines.append("  " + L("médias laissés à leur adresse d’origine ({count}) :", ["count": "\(remoteMedia.count)"]))
            lines += remoteMedia.map { "    \($0)" }
        }
        lines += warnings.map { "  " + L("attention : {warning}", ["warning": $0]) }
        return lines.joined(separator: "\n")
    }
}
