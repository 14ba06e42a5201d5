import Foundation

extension WordPressHTML {
    /// A node of the content tree: an HTML element, a Gutenberg block, a shortcode WordPress expands, or text.
    final class Node {
        enum Kind {
            case root, element, block, shortcode, text
        }

        let kind: Kind
        /// The element's lowercased name, the block's name without `wp:` ("image", "core-embed/youtube") or
        /// the shortcode's name; empty for text.
        let name: String
        /// Element attributes; a block's top-level JSON attributes (arrays joined by commas); shortcode attributes.
        let attributes: [String: String]
        var text: String
        var children: [Node] = []
        /// Whether a block-level element or block is among the descendants.
        var containsBlock = false

        init(kind: Kind, name: String = "", attributes: [String: String] = [:], text: String = "") {
            self.kind = kind
            self.name = name
            self.attributes = attributes
            self.text = text
        }

        func isElement(_ names: Set<String>) -> Bool { kind == .element && names.contains(name) }

        func isElement(_ name: String) -> Bool { kind == .element && self.name == name }

        /// Every descendant, depth first, in document order.
        func descendants(where predicate: (Node) -> Bool) -> [Node] {
            var found: [Node] = []
            for child in children {
                if predicate(child) { found.append(child) }
                found.append(contentsOf: child.descendants(where: predicate))
            }
            return found
        }

        /// The classes of the `class` attribute.
        var classes: [Substring] { (attributes["class"] ?? "").split(whereSeparator: \.isWhitespace) }
    }

    /// HTML elements that make blocks of their own; every other element is inline (its content flows in text).
    static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "caption", "center", "dd", "details", "dialog", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
        "tfoot", "th", "thead", "tr", "ul",
    ]

    /// Shortcodes that become Markdown; any other stays as the text typed.
    static let knownShortcodes: Set<String> = ["caption", "wp_caption", "gallery", "embed", "audio", "video"]

    /// Builds the content tree from tokens, closing what HTML closes implicitly (`<p>` before a block, `<li>`
    /// before the next) and ignoring end tags that close nothing open.
    ///
    /// Gutenberg's `<!-- wp:name {json} -->` … `<!-- /wp:name -->` become block nodes. Known shortcodes become
    /// shortcode nodes (enclosing when their `[/name]` follows); unknown ones, and any inside `<pre>` or `<code>`,
    /// stay text, their names listed in `unknownShortcodes`.
    struct TreeBuilder {
        private let tokens: [Token]
        private var stack: [Node]
        private var unknownShortcodes: [String] = []
        /// Indices of the known shortcode openings that have a matching `[/name]`.
        private let enclosing: Set<Int>

        /// How deep elements nest; deeper ones stay empty and their content goes to their parent, so that no
        /// content, however malformed, makes the writer recurse without end.
        private static let maximumDepth = 100

        private static let voidElements: Set<String> = [
            "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source",
            "track", "wbr",
        ]

        private init(tokens: [Token]) {
            self.tokens = tokens
            stack = [Node(kind: .root)]
            enclosing = Self.enclosingShortcodes(tokens)
        }

        /// The root of the tree and the names of shortcodes kept as text, each once, in order of appearance.
        static func build(_ tokens: [Token]) -> (root: Node, unknownShortcodes: [String]) {
            var builder = TreeBuilder(tokens: tokens)
            for (position, token) in tokens.enumerated() { builder.add(token, at: position) }
            let root = builder.stack[0]
            markBlockContent(root)
            return (root, builder.unknownShortcodes)
        }

        private mutating func add(_ token: Token, at position: Int) {
            switch token {
            case .text(let text):
                appendText(text)
            case .startTag(let name, let attributes, let selfClosing):
                openElement(name, attributes: attributes, void: selfClosing || Self.voidElements.contains(name))
            case .endTag(let name):
                closeElement(name)
            case .comment(let text):
                blockDelimiter(text)
            case .shortcode(let shortcode):
                openShortcode(shortcode, enclosing: enclosing.contains(position))
            case .shortcodeEnd(let name, let text):
                closeShortcode(name, text: text)
            }
        }

        private var top: Node { stack[stack.count - 1] }

        private mutating func append(_ node: Node) {
            top.children.append(node)
        }

        private mutating func appendText(_ text: String) {
            if let last = top.children.last, last.kind == .text {
                last.text += text
            } else {
                append(Node(kind: .text, text: text))
            }
        }

        // MARK: Elements

        private mutating func openElement(_ name: String, attributes: [String: String], void: Bool) {
            closeImplicitly(before: name)
            let node = Node(kind: .element, name: name, attributes: attributes)
            append(node)
            if !void && stack.count < Self.maximumDepth { stack.append(node) }
        }

        /// What opening `name` closes: an open paragraph before a block, the previous item, row or cell.
        private mutating func closeImplicitly(before name: String) {
            let boundaries: Set<String> = ["table", "td", "th", "button"]
            if blockElements.contains(name) { popTo("p", stoppingAt: boundaries) }
            switch name {
            case "li": popTo("li", stoppingAt: ["ul", "ol", "menu", "table", "td", "th"])
            case "dt", "dd": popTo(["dt", "dd"], stoppingAt: ["dl", "table", "td", "th"])
            case "tr": popTo("tr", stoppingAt: ["table"])
            case "td", "th": popTo(["td", "th"], stoppingAt: ["tr", "table"])
            case "thead", "tbody", "tfoot": popTo(["thead", "tbody", "tfoot"], stoppingAt: ["table"])
            default: break
            }
        }

        private mutating func closeElement(_ name: String) {
            if name == "br" {
                openElement("br", attributes: [:], void: true)
            } else {
                popTo(name, stoppingAt: [])
            }
        }

        /// Closes the innermost open element named `name` and everything opened inside it, unless one of
        /// `boundaries`, a block or a shortcode comes first.
        private mutating func popTo(_ names: Set<String>, stoppingAt boundaries: Set<String>) {
            for position in stack.indices.reversed().dropLast() {
                let node = stack[position]
                if node.kind != .element || boundaries.contains(node.name) { return }
                if names.contains(node.name) {
                    stack.removeSubrange(position...)
                    return
                }
            }
        }

        private mutating func popTo(_ name: String, stoppingAt boundaries: Set<String>) {
            popTo([name], stoppingAt: boundaries)
        }

        // MARK: Gutenberg blocks

        /// Opens or closes a block for `<!-- wp:name {…} -->`, `<!-- wp:name /-->` and `<!-- /wp:name -->`;
        /// other comments (`<!--more-->` included) are dropped.
        private mutating func blockDelimiter(_ comment: String) {
            var body = comment.trimmingCharacters(in: .whitespacesAndNewlines)
            let closing = body.hasPrefix("/wp:")
            if closing { body.removeFirst() }
            guard body.hasPrefix("wp:") else { return }
            body.removeFirst(3)
            let selfClosing = body.hasSuffix("/")
            if selfClosing { body = String(body.dropLast()).trimmingCharacters(in: .whitespaces) }
            let name = String(body.prefix(while: { !$0.isWhitespace }))
            guard !name.isEmpty else { return }
            if closing {
                if let position = stack.lastIndex(where: { $0.kind == .block && $0.name == name }) {
                    stack.removeSubrange(position...)
                }
                return
            }
            let json = body.dropFirst(name.count).trimmingCharacters(in: .whitespacesAndNewlines)
            let node = Node(kind: .block, name: name, attributes: Self.blockAttributes(json))
            append(node)
            if !selfClosing && stack.count < Self.maximumDepth { stack.append(node) }
        }

        /// A block's top-level JSON attributes as text: strings, numbers, arrays of them joined by commas.
        static func blockAttributes(_ json: String) -> [String: String] {
            guard json.hasPrefix("{"), let data = json.data(using: .utf8),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return [:] }
            var attributes: [String: String] = [:]
            for (key, value) in object {
                if let list = value as? [Any] {
                    attributes[key] = list.compactMap(scalarText).joined(separator: ",")
                } else if let text = scalarText(value) {
                    attributes[key] = text
                }
            }
            return attributes
        }

        /// A string or number as text, control characters left out.
        private static func scalarText(_ value: Any) -> String? {
            if let text = value as? String {
                return String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 }))
            }
            if let number = value as? NSNumber { return number.stringValue }
            return nil
        }

        // MARK: Shortcodes

        private mutating func openShortcode(_ shortcode: Shortcode, enclosing: Bool) {
            guard !insideCode else { return appendText(shortcode.text) }
            guard knownShortcodes.contains(shortcode.name) else {
                noteUnknown(shortcode.name)
                return appendText(shortcode.text)
            }
            let node = Node(kind: .shortcode, name: shortcode.name, attributes: shortcode.attributes)
            append(node)
            if enclosing && !shortcode.selfClosing && stack.count < Self.maximumDepth { stack.append(node) }
        }

        private mutating func closeShortcode(_ name: String, text: String) {
            guard !insideCode else { return appendText(text) }
            guard knownShortcodes.contains(name) else {
                noteUnknown(name)
                return appendText(text)
            }
            if let position = stack.lastIndex(where: { $0.kind == .shortcode && $0.name == name }) {
                stack.removeSubrange(position...)
            }
        }

        private mutating func noteUnknown(_ name: String) {
            if !unknownShortcodes.contains(name) { unknownShortcodes.append(name) }
        }

        /// Whether the current position is inside `<pre>` or `<code>`, where shortcodes are text.
        private var insideCode: Bool { stack.contains { $0.isElement(["pre", "code"]) } }

        /// For each known shortcode opening, whether a `[/name]` closes it (WordPress's reading: the first one
        /// after it not already taken by a later opening).
        private static func enclosingShortcodes(_ tokens: [Token]) -> Set<Int> {
            var pendingEnds: Set<String> = []
            var enclosing: Set<Int> = []
            for (position, token) in tokens.enumerated().reversed() {
                switch token {
                case .shortcodeEnd(let name, _):
                    pendingEnds.insert(name)
                case .shortcode(let shortcode) where knownShortcodes.contains(shortcode.name):
                    if pendingEnds.remove(shortcode.name) != nil { enclosing.insert(position) }
                default:
                    break
                }
            }
            return enclosing
        }

        /// Sets ``Node/containsBlock`` on every node; returns whether `node` is or contains a block.
        @discardableResult
        private static func markBlockContent(_ node: Node) -> Bool {
            var contains = false
            for child in node.children where markBlockContent(child) { contains = true }
            node.containsBlock = contains
            return contains || node.kind == .block || node.isElement(blockElements)
        }
    }
}
