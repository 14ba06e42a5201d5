import Foundation

extension WordPressHTML {
    /// Where inline content is being written.
    struct InlineStyle {
        /// Whether line ends in text are line breaks (`wpautop`) rather than spaces.
        var autop: Bool
        /// Whether line breaks become spaces: in headings and table cells.
        var flat = false
        /// Whether `|` must be escaped even in code spans: in table cells.
        var table = false
        var strong = false
        var emphasis = false
        var strike = false
        var link = false

        /// What a line break writes here.
        var lineBreak: String {
            if flat { return " " }
            return strong || emphasis || strike || link ? String(Mark.nestedBreak) : String(Mark.topBreak)
        }
    }
}

extension WordPressHTML.Writer {
    typealias Node = WordPressHTML.Node
    typealias InlineStyle = WordPressHTML.InlineStyle
    typealias Markdown = WordPressHTML.Markdown

    /// Inline Markdown for a node; figures and embeds inside it are deferred.
    mutating func inline(_ node: Node, _ style: InlineStyle) -> String {
        switch node.kind {
        case .text: return text(node.text, style)
        case .shortcode: return deferBlocks(shortcodeBlocks(node))
        case .root, .block: return inlineChildren(node, style)
        case .element: return element(node, style)
        }
    }

    mutating func inlineChildren(_ node: Node, _ style: InlineStyle) -> String {
        var written = ""
        for child in node.children {
            Self.append(inline(child, style), to: &written)
        }
        return written
    }

    /// Text, escaped, its runs of white space collapsed; under `wpautop` a line end is a line break.
    func text(_ text: String, _ style: InlineStyle) -> String {
        let lines = style.autop ? text.split(separator: "\n", omittingEmptySubsequences: false) : [Substring(text)]
        return lines.map { line in
            Markdown.escape(Self.collapsingWhiteSpace(line), autolinks: !style.link)
        }.joined(separator: style.lineBreak)
    }

    private mutating func element(_ node: Node, _ style: InlineStyle) -> String {
        switch node.name {
        case "br": return style.lineBreak
        case "strong", "b": return emphasized(node, style, marker: "**", flag: \.strong)
        case "em", "i": return emphasized(node, style, marker: "*", flag: \.emphasis)
        case "del", "s", "strike": return emphasized(node, style, marker: "~~", flag: \.strike)
        case "code", "kbd", "samp", "tt": return codeSpan(node, style)
        case "a": return link(node, style)
        case "img" where node.classes.contains { $0 == "wp-smiley" || $0 == "emoji" }:
            return text(node.attributes["alt"] ?? "", style)
        case "img": return deferBlocks(imageFigure(node, caption: nil))
        case "iframe": return deferBlocks(frameLink(node))
        case "audio", "video": return deferBlocks(mediaLink(Self.mediaSource(node), label: ""))
        case let name where Self.droppedElements.contains(name): return ""
        case let name where WordPressHTML.blockElements.contains(name):
            return style.lineBreak + inlineChildren(node, style) + style.lineBreak
        default: return inlineChildren(node, style)
        }
    }

    private mutating func emphasized(
        _ node: Node, _ style: InlineStyle, marker: String, flag: WritableKeyPath<InlineStyle, Bool>
    ) -> String {
        guard !style[keyPath: flag] else { return inlineChildren(node, style) }
        var inner = style
        inner[keyPath: flag] = true
        return Self.wrap(inlineChildren(node, inner), open: marker, close: marker)
    }

    private func codeSpan(_ node: Node, _ style: InlineStyle) -> String {
        var code = Self.collapsingWhiteSpace(Self.textContent(node, lineBreaks: false))
            .trimmingCharacters(in: .whitespaces)
        guard !code.isEmpty else { return "" }
        if style.table { code = code.replacing("|", with: "\\|") }
        return Markdown.codeSpan(code)
    }

    /// `[text](url)` for links Kibaru keeps (http, https, mailto, relative, `#anchor`); the text alone for
    /// others (`javascript:`…). A link holding only an image is left out: the image becomes a figure.
    private mutating func link(_ node: Node, _ style: InlineStyle) -> String {
        guard !style.link, let target = WordPressHTML.URLs.linkTarget(node.attributes["href"]) else {
            return inlineChildren(node, style)
        }
        var inner = style
        inner.link = true
        let text = inlineChildren(node, inner)
        guard text.contains(where: Self.isVisible) else { return text }
        let url = WordPressHTML.URLs.isMediaFile(target) ? (mediaURL(target) ?? target) : target
        return Self.wrap(text, open: "[", close: "](\(Markdown.destination(url)))")
    }

    /// `text` with `open` and `close` around its visible part, white space and marks left outside (emphasis
    /// does not start or end with white space).
    static func wrap(_ text: String, open: String, close: String) -> String {
        guard let first = text.firstIndex(where: isVisible), let last = text.lastIndex(where: isVisible) else {
            return text
        }
        return text[..<first] + open + text[first...last] + close + text[text.index(after: last)...]
    }

    static func isVisible(_ character: Character) -> Bool {
        !character.isWhitespace && !WordPressHTML.Mark.isMark(character)
    }

    static func collapsingWhiteSpace(_ text: some StringProtocol) -> String {
        var collapsed = ""
        var inSpace = false
        for character in text {
            if character == " " || character == "\t" || character == "\n" {
                if !inSpace { collapsed.append(" ") }
                inSpace = true
            } else {
                collapsed.append(character)
                inSpace = false
            }
        }
        return collapsed
    }
}
