import Foundation
import KibaruCore
import KibaruText
import Mustache

/// A theme folder: Mustache templates (`layout`, `listing`, `article`, `error` and their partials, or the admin's),
/// the `style.css` inlined into every page, so that a page costs one round trip on a slow link, and the strings
/// its templates show (`strings/fr.json`, `strings/en.json`…), which they read as `{{t.key}}` in the language of
/// the page (a site's `language`).
public struct Theme: Sendable {
    /// The templates the site renders; ``load(from:)`` refuses a theme that lacks one.
    public static let requiredTemplates = [
        "layout", "listing", "article", "error", "partials/card", "partials/comment", "partials/comment-form",
        "partials/pagination", "comments-feed", "rights", "search",
    ]

    let library: MustacheLibrary
    /// The theme's style sheet, inlined into each page's `<style>`.
    public let styleSheet: String
    /// Cards rendered, by content: the same card shows on many pages (listings, pages of a tag, related articles).
    private let cards = BoundedMemo<CardView>(byteLimit: 8 << 20)
    /// Comment threads rendered, by content: an article's comments, the same for every reader until one is added.
    private let comments = BoundedMemo<CommentView>(byteLimit: 8 << 20)
    /// Comment forms rendered, by content: the same empty form under every view of an article.
    private let commentForms = BoundedMemo<CommentFormSlot>(byteLimit: 2 << 20)
    /// Feed items written, by content: the same articles in a site's, the network's and their tags' feeds.
    let feedItems = BoundedMemo<FeedItemKey>(byteLimit: 16 << 20)
    /// Search filters rendered, by content: a site's tags, authors and years, the same for most searches.
    private let searchFilters = BoundedMemo<SearchFilterView>(byteLimit: 2 << 20)

    /// The theme's `favicon.svg`, served at `/favicon.svg` (and `/favicon.ico` leads there); `nil` without one.
    public let favicon: String?
    /// The strings of the theme's `strings/` folder; `nil` for a theme without one (the admin's has its own).
    let catalogue: Catalogue?

    init(library: MustacheLibrary, styleSheet: String, favicon: String? = nil, catalogue: Catalogue? = nil) {
        self.library = library
        self.styleSheet = styleSheet
        self.favicon = favicon
        self.catalogue = catalogue
    }

    /// The theme's strings in `language` (French when the theme lacks it).
    public func strings(_ language: String) -> [String: String] {
        catalogue?.table(language) ?? [:]
    }

    /// `view` with the strings of `language` as `t`, for a template to read `{{t.key}}`.
    private func localized(_ view: any MustacheParent & Sendable, _ language: String) -> LocalizedView {
        LocalizedView(view: view, t: strings(language))
    }

    /// Reads every template of `directory` and its style sheet once.
    /// Throws ``ThemeError`` naming the folder and the missing or unreadable file.
    public static func load(from directory: String, requiredTemplates: [String] = Theme.requiredTemplates) async throws
        -> Theme
    {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ThemeError(directory: directory, problem: L("le dossier du thème est introuvable"))
        }
        var library: MustacheLibrary
        do {
            library = try await MustacheLibrary(directory: directory, withExtension: "mustache")
        } catch let error as MustacheLibrary.ParserError {
            throw ThemeError(directory: directory, problem: L(
                "{file} : gabarit illisible ({error})", ["file": error.filename, "error": "\(error.error)"]))
        }
        try escapingQuickly(&library, directory: directory)
        for name in requiredTemplates where library.getTemplate(named: name) == nil {
            throw ThemeError(directory: directory, problem: L("le gabarit {name}.mustache manque", ["name": name]))
        }
        let stylePath = (directory as NSString).appendingPathComponent("style.css")
        guard let css = FileManager.default.contents(atPath: stylePath) else {
            throw ThemeError(directory: directory, problem: L("style.css manque"))
        }
        let favicon = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent("favicon.svg"))
        let stringsFolder = (directory as NSString).appendingPathComponent("strings")
        var catalogue: Catalogue?
        if FileManager.default.fileExists(atPath: stringsFolder) {
            do {
                catalogue = try Catalogue.load(from: stringsFolder)
            } catch let error as CatalogueError {
                throw ThemeError(directory: directory, problem: "strings : \(error.problem)")
            }
        }
        return Theme(
            library: library, styleSheet: String(decoding: css, as: UTF8.self),
            favicon: favicon.map { String(decoding: $0, as: UTF8.self) }, catalogue: catalogue)
    }

    /// `card` as the theme's `partials/card` renders it (its `html` ignored), rendered once per content.
    public func card(_ card: CardView) -> String {
        var key = card
        key.html = ""
        // The card's texts and its HTML are about the same size.
        return cards.value(for: key, size: { $0.utf8.count * 2 }) {
            library.render(localized(key, key.language), withTemplate: "partials/card") ?? ""
        }
    }

    /// `thread` as the theme's `partials/comment` renders it (its `html` ignored), rendered once per content.
    public func comment(_ thread: CommentView) -> String {
        var key = thread
        key.html = ""
        return comments.value(for: key, size: { $0.utf8.count * 2 }) {
            library.render(localized(key, key.language), withTemplate: "partials/comment") ?? ""
        }
    }

    /// Forgets every comment rendered (threads, and comments' texts as HTML): called when comments change, so that a
    /// comment erased or moved to the bin stays in this process's memory no longer than on its pages.
    public func forgetComments() {
        comments.removeAll()
        ViewBuilder.commentHTML.removeAll()
        ViewBuilder.typesetCommentHTML.removeAll()
    }

    /// Forgets every comment rendered whenever `log` commits a change to comments (any site's: added, approved,
    /// edited, trashed, erased by its author), from this process or, as the log hands them, from others.
    public func forgetComments(whenTheyChangeIn log: any ContentChangeLog) {
        log.observeCommittedChanges { changes in
            if changes.contains(where: { $0.dependency.key.hasPrefix("comments:") }) { forgetComments() }
        }
    }

    /// Whether a rendering of `thread` is kept (for tests).
    func holdsComment(_ thread: CommentView) -> Bool {
        var key = thread
        key.html = ""
        return comments.holds(key)
    }

    /// The theme's `partials/comment-form` for `form` (`nil`: comments closed), rendered once per empty form; a
    /// form that holds what a reader typed (after a preview or an error) is rendered for that answer only, and
    /// not kept.
    public func commentForm(_ form: CommentFormView?, language: String) -> String {
        let slot = CommentFormSlot(commentForm: form, language: language)
        let render = { library.render(localized(slot, language), withTemplate: "partials/comment-form") ?? "" }
        if let form, !form.isEmpty { return render() }
        return commentForms.value(for: slot, size: { $0.utf8.count * 2 }, compute: render)
    }

    /// `filter` as the theme's `partials/search-filter` renders it (its `html` ignored), rendered once per content;
    /// empty when the theme has no such partial (its search page then renders the options itself).
    public func searchFilter(_ filter: SearchFilterView) -> String {
        guard library.getTemplate(named: "partials/search-filter") != nil else { return "" }
        var key = filter
        key.html = ""
        return searchFilters.value(for: key, size: { $0.utf8.count * 2 }) {
            library.render(key, withTemplate: "partials/search-filter") ?? ""
        }
    }

    /// Renders `view` with the template `name`, a public page with the strings of its language (``ThemePage``);
    /// throws ``ThemeError`` for an unknown template.
    public func render(_ name: String, _ view: some Sendable) throws -> String {
        let context: Any = (view as? any ThemePage).map { localized($0, $0.chrome.lang) } ?? view
        guard let html = library.render(context, withTemplate: name) else {
            throw ThemeError(directory: "", problem: L("le gabarit {name} n’existe pas", ["name": name]))
        }
        return html
    }
}

extension Theme {
    /// The templates of `library`, read again from `directory` with a first line that has them escape values with
    /// ``FastHTMLContentType`` (Mustache's own escaping took a sixth of an article page's time). The templates
    /// are parsed as written first, so that an error names the line the theme's author wrote.
    fileprivate static func escapingQuickly(_ library: inout MustacheLibrary, directory: String) throws {
        _ = FastHTMLContentType.registered
        let folder = directory.hasSuffix("/") ? directory : directory + "/"
        guard let files = FileManager.default.enumerator(atPath: folder) else { return }
        for case let path as String in files where path.hasSuffix(".mustache") {
            let name = String(path.dropLast(".mustache".count))
            guard library.getTemplate(named: name) != nil,
                let text = FileManager.default.contents(atPath: folder + path).map({ String(decoding: $0, as: UTF8.self) })
            else { continue }
            do {
                try library.register(FastHTMLContentType.pragma + "\n" + text, named: name)
            } catch {
                throw ThemeError(directory: directory, problem: L("{file} : gabarit illisible ({error})", ["file": path, "error": "\(error)"]))
            }
        }
    }
}

/// HTML escaping for template values, as Mustache's but over bytes (``HTMLEscaping``): a value with nothing to
/// escape, most of them, is taken as it is.
struct FastHTMLContentType: MustacheContentType {
    static let name = "KIBARU_HTML"
    /// The line that selects it at the top of a template (a standalone tag: it leaves no blank line).
    static let pragma = "{{% CONTENT_TYPE: \(name) }}"
    /// Registered once, before any template names it.
    static let registered: Void = MustacheContentTypes.register(FastHTMLContentType(), named: name)

    func escapeText(_ text: String) -> String { HTMLEscaping.escape(text) }
}

/// A theme that cannot be used, with the folder and what is wrong.
public struct ThemeError: Error, CustomStringConvertible {
    public var directory: String
    public var problem: String

    public init(directory: String, problem: String) {
        self.directory = directory
        self.problem = problem
    }

    public var description: String { L("Thème {directory} : {problem}", ["directory": directory, "problem": problem]) }
}

/// A public page's view: its layout data (``PageChrome``) says its language.
public protocol ThemePage: MustacheParent, Sendable {
    var chrome: PageChrome { get }
}

extension ListingPageView: ThemePage {}
extension ArticlePageView: ThemePage {}
extension SearchPageView: ThemePage {}
extension ErrorPageView: ThemePage {}
extension RightsPageView: ThemePage {}

/// A view with the strings of its language as `t`: `{{t.share}}` is « Partagez » on a French site and « Share »
/// on an English one; every other name is the view's.
struct LocalizedView: MustacheParent, Sendable {
    let view: any MustacheParent & Sendable
    let t: [String: String]

    func child(named key: String) -> Any? {
        key == "t" ? t : view.child(named: key)
    }
}
