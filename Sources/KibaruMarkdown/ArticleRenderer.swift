import Foundation
import KibaruCore
import KibaruText

/// The article a "LIRE AUSSI" block links to, as it is now.
public struct ReadAlsoTarget: Equatable, Sendable {
    public var title: String
    public var url: String

    public init(title: String, url: String) {
        self.title = title
        self.url = url
    }
}

/// An article body rendered once, at save time, and stored with the article.
public struct RenderedArticle: Equatable, Sendable {
    /// Sanitized HTML for the page.
    public var html: String
    /// Plain text for search: the body's text, then the captions and credits of its figures.
    public var text: String
    /// The body's text alone, without captions and credits: what summaries are made from.
    public var summaryText: String
    /// What the body's LIRE AUSSI blocks refer to, in order of appearance.
    public var references: [ArticleReference]
}

/// Renders Kibaru Markdown to HTML: CommonMark through ``CmarkRenderer``, Kibaru's blocks by this type with
/// every value escaped.
public struct ArticleRenderer: Sendable {
    /// Raised whenever the HTML this type produces changes, so that stored articles are rendered again (4: a
    /// figure without image is marked `sans-image`, for browsers without CSS `:has()`; 5: excerpts made from the
    /// text without captions; 6: images of the media library with their size, the lead image loaded first).
    public static let version = 6

    private let cmark = CmarkRenderer()

    public init() {}

    /// Renders parsed blocks. The whole body goes through cmark in one piece, so that references, footnotes and
    /// lists keep working across blocks: each block stands in it as a placeholder paragraph, replaced afterwards.
    /// - Parameters:
    ///   - blocks: the parsed source (``ArticleSource/parse(_:)``).
    ///   - language: the site's language, for the words the blocks carry (« LIRE AUSSI », « Crédit »).
    ///   - imageSizes: the size of each image known, by its URL (the media library's).
    ///   - leadImage: whether the body's first image is the page's lead image (no featured figure above it):
    ///     then it loads at once, and the others when the reader nears them (`lazy`).
    ///   - resolve: the current title and URL of a linked article; `nil` when it is not published.
    public func render(
        _ blocks: [ArticleBlock], language: String, imageSizes: [String: ImageSize] = [:], leadImage: Bool = false,
        resolve: (Article.ID) -> ReadAlsoTarget?
    ) -> RenderedArticle {
        let words = BlockWords(language: language)
        var leadImage = leadImage
        var markdown = ""
        var blockHTML: [String] = []
        var blockText: [String] = []
        var references: [ArticleReference] = []
        // Captions and credits go after the text: searched like it, but never the start of a summary.
        var figureText: [String] = []
        for block in blocks {
            switch block {
            case .markdown(let text):
                markdown += text + "\n"
            case .figure(let figure):
                markdown += "\n\(placeholder(blockHTML.count))\n\n"
                let size = figure.image.flatMap { imageSizes[$0] }
                blockHTML.append(figureHTML(figure, words: words, lead: leadImage && figure.image != nil, size: size))
                if figure.image != nil { leadImage = false }
                blockText.append("")
                figureText.append([figure.caption, figure.credit.author, figure.credit.source].compactMap { $0 }
                    .filter { !$0.isEmpty }.joined(separator: " "))
            case .readAlso(let readAlso):
                markdown += "\n\(placeholder(blockHTML.count))\n\n"
                let target = readAlso.articleID.flatMap(resolve)
                blockHTML.append(readAlsoHTML(target: target, fallbackTitle: readAlso.title, words: words))
                blockText.append("")
                references.append(ArticleReference(targetID: readAlso.articleID, targetTitle: readAlso.title))
            }
        }
        let html = Self.substituting(blockHTML, in: cmark.html(markdown), before: "<p>", after: "</p>")
        let bodyText = Self.substituting(blockText, in: cmark.plainText(markdown), before: "", after: "")
        let text = bodyText + figureText.filter { !$0.isEmpty }.map { "\n\n" + $0 }.joined()
        return RenderedArticle(
            html: html, text: text.collapsingBlankLines, summaryText: bodyText.collapsingBlankLines, references: references)
    }

    /// The `<figure>` of a figure block in a site in `language`: image (lazy unless it leads the page, with its
    /// size when known), caption and credit, all escaped; a figure without image (a caption and credit alone) has
    /// the class `sans-image`, for the theme to set it apart from the text. The image's size is the figure's own,
    /// when the save found it in the media library.
    /// - Parameter lead: whether it is the page's lead image, loaded at once rather than lazily.
    public func figureHTML(_ figure: Figure, language: String, lead: Bool = false) -> String {
        figureHTML(figure, words: BlockWords(language: language), lead: lead, size: figure.size)
    }

    private func figureHTML(_ figure: Figure, words: BlockWords, lead: Bool, size: ImageSize?) -> String {
        let image = figure.image.flatMap { URLCheck.isSafeLink($0) ? $0 : nil }
        var html = image == nil ? "<figure class=\"figure sans-image\">\n" : "<figure class=\"figure\">\n"
        if let image {
            html += "<img src=\"\(HTMLEscaping.escape(image))\" alt=\"\(HTMLEscaping.escape(figure.alt))\""
            if let size { html += " width=\"\(size.width)\" height=\"\(size.height)\"" }
            html += lead ? ">\n" : " loading=\"lazy\" decoding=\"async\">\n"
        }
        let credit = creditHTML(figure.credit, words: words)
        if !figure.caption.isEmpty || !credit.isEmpty {
            var parts: [String] = []
            if !figure.caption.isEmpty { parts.append(HTMLEscaping.escape(figure.caption)) }
            if !credit.isEmpty { parts.append("<span class=\"credit\">\(credit)</span>") }
            html += "<figcaption>\(parts.joined(separator: " "))</figcaption>\n"
        }
        return html + "</figure>\n"
    }

    /// "Crédit : Awa Diarra / Wikicommons (CC BY-SA 4.0)", the source linked to its page when known.
    private func creditHTML(_ credit: Credit, words: BlockWords) -> String {
        var names: [String] = []
        if let author = credit.author { names.append(HTMLEscaping.escape(author)) }
        if let source = credit.source {
            if let url = credit.sourceURL, URLCheck.isSafeLink(url) {
                names.append("<a href=\"\(HTMLEscaping.escape(url))\" rel=\"nofollow\">\(HTMLEscaping.escape(source))</a>")
            } else {
                names.append(HTMLEscaping.escape(source))
            }
        } else if let url = credit.sourceURL, URLCheck.isSafeLink(url) {
            names.append("<a href=\"\(HTMLEscaping.escape(url))\" rel=\"nofollow\">source</a>")
        }
        guard !names.isEmpty || credit.licence != nil else { return "" }
        var text = words.credit + names.joined(separator: " / ")
        if let licence = credit.licence { text += names.isEmpty ? HTMLEscaping.escape(licence) : " (\(HTMLEscaping.escape(licence)))" }
        return text
    }

    private func readAlsoHTML(target: ReadAlsoTarget?, fallbackTitle: String?, words: BlockWords) -> String {
        let label = "<strong>\(words.readAlso)</strong> "
        if let target {
            let link = "<a href=\"\(HTMLEscaping.escape(target.url))\">\(HTMLEscaping.escape(target.title))</a>"
            return "<p class=\"lire-aussi\">\(label)\(link)</p>\n"
        }
        let title = HTMLEscaping.escape(fallbackTitle ?? words.unavailable)
        return "<p class=\"lire-aussi lire-aussi--attente\">\(label)<span>\(title)</span></p>\n"
    }

    private func placeholder(_ index: Int) -> String { "KIBARUBLOCK\(index)X\(ArticleRenderer.placeholderTag)" }

    /// `text` with each `before` + placeholder of block *i* + `after` replaced by `replacements[i]`, in one pass
    /// over its bytes; what only looks like a placeholder stays as it is.
    static func substituting(_ replacements: [String], in text: String, before: String, after: String) -> String {
        guard !replacements.isEmpty else { return text }
        let bytes = Array(text.utf8)
        let head = Array((before + "KIBARUBLOCK").utf8)
        let tail = Array(("X" + placeholderTag + after).utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + replacements.reduce(0) { $0 + $1.utf8.count })
        var position = 0
        search: while position < bytes.count {
            guard bytes[position] == head[0], bytes[position...].starts(with: head) else {
                result.append(bytes[position])
                position += 1
                continue
            }
            let digits = position + head.count
            var end = digits
            var index = 0
            while end < bytes.count, end - digits < 9, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) {
                index = index * 10 + Int(bytes[end] - UInt8(ascii: "0"))
                end += 1
            }
            let written = end > digits && (bytes[digits] != UInt8(ascii: "0") || end == digits + 1)
            if written, index < replacements.count, bytes[end...].starts(with: tail) {
                result += replacements[index].utf8
                position = end + tail.count
                continue search
            }
            result.append(bytes[position])
            position += 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Makes placeholders unlikely to collide with text an author types.
    private static let placeholderTag = "7f3a9c"
}

extension String {
    var collapsingBlankLines: String {
        split(separator: "\n", omittingEmptySubsequences: false)
            .reduce(into: [Substring]()) { lines, line in
                if !(line.trimmingSpaces.isEmpty && (lines.last.map { $0.trimmingSpaces.isEmpty } ?? true)) {
                    lines.append(line)
                }
            }
            .joined(separator: "\n").trimmingSpaces
    }
}

/// The words Kibaru's blocks carry in an article, in its site's language (French unless it is English).
struct BlockWords {
    let readAlso: String
    let credit: String
    let unavailable: String

    init(language: String) {
        if LanguageTag.primary(language) == "en" {
            (readAlso, credit, unavailable) = ("READ ALSO:", "Credit: ", "article unavailable")
        } else {
            (readAlso, credit, unavailable) = ("LIRE AUSSI\u{00A0}:", "Crédit\u{00A0}: ", "article indisponible")
        }
    }
}
