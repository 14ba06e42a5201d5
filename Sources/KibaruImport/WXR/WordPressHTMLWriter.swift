import Foundation

extension WordPressHTML {
    /// Writes a content tree as Kibaru Markdown.
    ///
    /// Block-level nodes become blocks; the inline nodes between them form paragraphs. Figures and embeds met
    /// inside inline content are *deferred*: a mark stands where they were, and they are written after the
    /// paragraph holding them, since Kibaru's blocks stand alone at the top level of a document. Content outside
    /// Gutenberg blocks follows WordPress's `wpautop`: a blank line ends a paragraph, a line end is a line break.
    struct Writer {
        private let attachments: [Int: WordPressAttachment]
        private let rewriteURL: (String) -> String
        /// Media URLs written, after rewriting, each once.
        private(set) var mediaURLs: [String] = []
        /// Blocks met in the inline content being written, in the order of their marks.
        private var deferred: [Block] = []

        /// Elements dropped with everything inside them.
        static let droppedElements: Set<String> = [
            "applet", "area", "base", "button", "canvas", "col", "colgroup", "datalist", "embed", "form", "frame",
            "frameset", "head", "input", "link", "map", "math", "meta", "noembed", "noframes", "noscript", "object",
            "optgroup", "option", "param", "script", "select", "source", "style", "svg", "template", "textarea",
            "title", "track", "xmp",
        ]
        private static let headingLevels = ["h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6]

        init(attachments: [Int: WordPressAttachment], rewriteURL: @escaping (String) -> String) {
            self.attachments = attachments
            self.rewriteURL = rewriteURL
        }

        /// The document: blocks apart by one blank line, ending with a line end (empty for empty content).
        mutating func document(_ root: Node) -> String {
            let text = Markdown.join(blocks(root.children, autop: true))
            return text.isEmpty ? "" : text + "\n"
        }

        // MARK: Blocks

        /// The blocks of a sequence of sibling nodes.
        mutating func blocks(_ nodes: [Node], autop: Bool) -> [Block] {
            var written: [Block] = []
            var run: [Node] = []
            for node in nodes where !node.isElement(Self.droppedElements) {
                if startsBlock(node, autop: autop) {
                    written += paragraphs(run, autop: autop)
                    run = []
                    written += block(node, autop: autop)
                } else {
                    run.append(node)
                }
            }
            return written + paragraphs(run, autop: autop)
        }

        private func startsBlock(_ node: Node, autop: Bool) -> Bool {
            switch node.kind {
            case .block: return true
            case .element:
                if blockElements.contains(node.name) || node.containsBlock { return true }
                return autop && node.name == "code" && Self.textContent(node, lineBreaks: true).contains("\n")
            case .root, .shortcode, .text: return false
            }
        }

        private mutating func block(_ node: Node, autop: Bool) -> [Block] {
            if node.kind == .block { return wordPressBlock(node) }
            if let level = Self.headingLevels[node.name] { return heading(node, level: level, autop: autop) }
            switch node.name {
            case "blockquote": return quote(node, autop: autop)
            case "ul", "menu": return list(node, ordered: false, autop: autop)
            case "ol": return list(node, ordered: true, autop: autop)
            case "table": return table(node)
            case "pre", "code": return preformatted(node)
            case "hr": return [.other("---")]
            case "figure": return figure(node, autop: autop)
            case "div" where node.classes.contains("wp-caption"): return renderedCaption(node)
            default: return blocks(node.children, autop: autop)
            }
        }

        /// Gutenberg blocks: media blocks read their attributes; every other block is its content.
        private mutating func wordPressBlock(_ node: Node) -> [Block] {
            switch node.name {
            case "image": return imageBlock(node)
            case "gallery": return galleryBlock(node)
            case "audio", "video": return mediaBlock(node)
            case "file": return fileBlock(node)
            case let name where name == "embed" || name.hasPrefix("core-embed/"): return embedBlock(node)
            default: return blocks(node.children, autop: false)
            }
        }

        private mutating func heading(_ node: Node, level: Int, autop: Bool) -> [Block] {
            let (text, figures) = withDeferred { $0.inlineChildren(node, InlineStyle(autop: autop, flat: true)) }
            let line = Self.cleanLine(text)
            guard !line.isEmpty else { return figures }
            let escaped = line.hasSuffix("#") ? String(line.dropLast()) + "\\#" : line
            return [.other(String(repeating: "#", count: level) + " " + escaped)] + figures
        }

        private mutating func quote(_ node: Node, autop: Bool) -> [Block] {
            let (kept, lifted) = Self.liftingKibaruBlocks(blocks(node.children, autop: autop))
            guard !kept.isEmpty else { return lifted }
            return [.other(Markdown.quote(Markdown.join(kept)))] + lifted
        }

        private mutating func list(_ node: Node, ordered: Bool, autop: Bool) -> [Block] {
            var items: [String] = []
            var lifted: [Block] = []
            for item in Self.listItems(node) {
                let (kept, liftedFromItem) = Self.liftingKibaruBlocks(blocks(item, autop: autop))
                lifted += liftedFromItem
                items.append(Markdown.join(kept, tight: true))
            }
            guard items.contains(where: { !$0.isEmpty }) else { return lifted }
            let start = min(max(Int(node.attributes["start"] ?? "") ?? 1, 0), 999_999_999)
            return [.list(List(ordered: ordered, start: start, items: items))] + lifted
        }

        /// The content of each item: `<li>` children, seen through Gutenberg's list-item blocks; anything
        /// between items (a list nested without its `<li>`) joins the item before it.
        private static func listItems(_ list: Node) -> [[Node]] {
            var items: [[Node]] = []
            func collect(_ nodes: [Node]) {
                for node in nodes {
                    if node.isElement("li") {
                        items.append(node.children)
                    } else if node.kind == .block {
                        collect(node.children)
                    } else if !isBlank(node) {
                        if items.isEmpty { items.append([]) }
                        items[items.count - 1].append(node)
                    }
                }
            }
            collect(list.children)
            return items
        }

        private mutating func figure(_ node: Node, autop: Bool) -> [Block] {
            let caption = node.children.first { $0.isElement("figcaption") }
            let content = node.children.filter { $0 !== caption }
            let images = node.descendants { $0.isElement("img") }
            let structured = node.descendants {
                $0.kind == .block
                    || $0.isElement(["figure", "table", "blockquote", "pre", "ul", "ol", "audio", "video"])
            }
            if images.count == 1, structured.isEmpty {
                return imageFigure(images[0], caption: caption.map { Self.caption(of: $0.children) })
            }
            return blocks(content, autop: autop) + (caption.map { blocks($0.children, autop: autop) } ?? [])
        }

        /// `<div class="wp-caption"><img …><p class="wp-caption-text">…</p></div>`: a caption shortcode as
        /// WordPress wrote it out, found in content pasted from a page.
        private mutating func renderedCaption(_ node: Node) -> [Block] {
            let image = node.descendants { $0.isElement("img") }.first
            let text = node.descendants { $0.classes.contains("wp-caption-text") }.first
            return imageFigure(image, caption: text.map { Self.caption(of: $0.children) })
        }

        /// A fenced code block; `<pre class="wp-block-verse">` (poetry) is text with its line breaks instead.
        private mutating func preformatted(_ node: Node) -> [Block] {
            if node.classes.contains("wp-block-verse") { return paragraphs(node.children, autop: true) }
            var code = Self.textContent(node, lineBreaks: true)
            if code.hasPrefix("\n") { code.removeFirst() }
            var lines = code.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                var line = line
                while let last = line.last, last == " " || last == "\t" { line.removeLast() }
                return line
            }
            while lines.first?.isEmpty == true { lines.removeFirst() }
            while lines.last?.isEmpty == true { lines.removeLast() }
            guard !lines.isEmpty else { return [] }
            let language = ([node] + node.descendants { $0.isElement("code") }).lazy.compactMap(Self.language).first
            return [.other(Markdown.codeBlock(lines.joined(separator: "\n"), language: language))]
        }

        /// `language-php` or `lang-php` in the classes of a code element.
        private static func language(of node: Node) -> String? {
            for name in node.classes {
                for prefix in ["language-", "lang-"] where name.hasPrefix(prefix) {
                    let language = name.dropFirst(prefix.count)
                    if !language.isEmpty, language.allSatisfy({ $0.isLetter || $0.isNumber || "_+#.-".contains($0) }) {
                        return String(language)
                    }
                }
            }
            return nil
        }

        // MARK: Tables

        private mutating func table(_ node: Node) -> [Block] {
            let rows = Self.tableRows(node)
            let (cells, figures) = withDeferred { writer in rows.map { writer.tableCells($0.row) } }
            let width = cells.map(\.count).max() ?? 0
            guard width > 0, cells.joined().contains(where: { !$0.isEmpty }) else { return figures }
            let headerIndex = rows.firstIndex(where: \.isHeader) ?? 0
            var ordered = cells
            let header = ordered.remove(at: headerIndex)
            func line(_ row: [String]) -> String {
                let padded = row + Array(repeating: "", count: width - row.count)
                return "| " + padded.joined(separator: " | ") + " |"
            }
            let alignments = Self.alignments(of: rows[headerIndex].row, width: width)
            var lines = [line(header), "| " + alignments.joined(separator: " | ") + " |"]
            lines += ordered.map(line)
            var written: [Block] = [.other(lines.joined(separator: "\n"))]
            if let caption = node.children.first(where: { $0.isElement("caption") }) {
                written += blocks(caption.children, autop: false)
            }
            return written + figures
        }

        /// The rows of a table, outside nested tables; a row of `<thead>` is a header.
        private static func tableRows(_ table: Node) -> [(row: Node, isHeader: Bool)] {
            var rows: [(Node, Bool)] = []
            func collect(_ nodes: [Node], header: Bool) {
                for node in nodes {
                    if node.isElement("tr") {
                        rows.append((node, header))
                    } else if node.isElement(["thead", "tbody", "tfoot"]) {
                        collect(node.children, header: node.name == "thead")
                    }
                }
            }
            collect(table.children, header: false)
            return rows
        }

        private mutating func tableCells(_ row: Node) -> [String] {
            var cells: [String] = []
            for cell in row.children where cell.isElement(["td", "th"]) {
                cells.append(Self.cleanLine(inlineChildren(cell, InlineStyle(autop: false, flat: true, table: true))))
                let span = min(max(Int(cell.attributes["colspan"] ?? "") ?? 1, 1), 50)
                cells += Array(repeating: "", count: span - 1)
            }
            return cells
        }

        /// `---`, `:---`, `:---:` or `---:` for each column, from the header cells' alignment.
        private static func alignments(of row: Node, width: Int) -> [String] {
            var alignments: [String] = []
            for cell in row.children where cell.isElement(["td", "th"]) {
                let style = (cell.attributes["style"] ?? "").lowercased().replacing(" ", with: "")
                let declared =
                    cell.attributes["data-align"] ?? cell.attributes["align"]
                    ?? cell.classes.first { $0.hasPrefix("has-text-align-") }.map { String($0.dropFirst(15)) }
                    ?? style.range(of: "text-align:").map { String(style[$0.upperBound...].prefix(while: \.isLetter)) }
                switch declared?.lowercased() {
                case "left": alignments.append(":---")
                case "center": alignments.append(":---:")
                case "right": alignments.append("---:")
                default: alignments.append("---")
                }
            }
            return Array((alignments + Array(repeating: "---", count: width)).prefix(width))
        }

        // MARK: Paragraphs

        /// One piece of a paragraph: a node, text of a line, or a line end (`wpautop`).
        enum Item {
            case node(Node)
            case text(String)
            case lineEnd
        }

        /// The paragraphs of a run of inline nodes. Under `wpautop`, blank lines separate paragraphs and a URL
        /// alone on its line is an embed, written as a link on its own.
        mutating func paragraphs(_ run: [Node], autop: Bool) -> [Block] {
            guard run.contains(where: { !Self.isBlank($0) }) else { return [] }
            guard autop else { return paragraph(run.map(Item.node), autop: false) }
            var written: [Block] = []
            var lines: [[Item]] = []
            func flush(_ writer: inout Writer) {
                if !lines.isEmpty {
                    written += writer.paragraph(Array(lines.joined(separator: [.lineEnd])), autop: true)
                }
                lines = []
            }
            for line in Self.lines(of: run) {
                if line.allSatisfy(Self.isBlank) {
                    flush(&self)
                } else if let url = Self.embedURL(line) {
                    flush(&self)
                    written.append(.paragraph(Markdown.autolink(url)))
                } else {
                    lines.append(line)
                }
            }
            flush(&self)
            return written
        }

        private static func lines(of run: [Node]) -> [[Item]] {
            var lines: [[Item]] = [[]]
            for node in run {
                guard node.kind == .text else {
                    lines[lines.count - 1].append(.node(node))
                    continue
                }
                for (offset, line) in node.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    if offset > 0 { lines.append([]) }
                    if !line.isEmpty { lines[lines.count - 1].append(.text(String(line))) }
                }
            }
            return lines
        }

        /// The URL of a line holding nothing else, which WordPress embeds (oEmbed).
        private static func embedURL(_ line: [Item]) -> String? {
            let texts = line.filter { !isBlank($0) }
            guard texts.count == 1, case .text(let text) = texts[0] else { return nil }
            let url = text.trimmingCharacters(in: .whitespaces)
            let scheme = url.prefix(8).lowercased()
            guard scheme.hasPrefix("http://") || scheme.hasPrefix("https://"), url.count > scheme.count,
                !url.contains(where: { $0.isWhitespace || "<>\"".contains($0) })
            else { return nil }
            return url
        }

        /// One paragraph, or the LIRE AUSSI blocks it stands for; the deferred blocks it holds follow it.
        private mutating func paragraph(_ items: [Item], autop: Bool) -> [Block] {
            if let titles = ReadAlso.titles(items, autop: autop) { return titles.map(ReadAlso.block) }
            let (markdown, figures) = withDeferred { writer in
                var markdown = ""
                var afterBreak = false
                let style = InlineStyle(autop: autop)
                for item in items {
                    switch item {
                    case .lineEnd:
                        if !afterBreak { markdown.append(Mark.topBreak) }
                        afterBreak = false
                    case .text(let text):
                        Self.append(writer.text(text, style), to: &markdown)
                        if !text.allSatisfy(\.isWhitespace) { afterBreak = false }
                    case .node(let node):
                        Self.append(writer.inline(node, style), to: &markdown)
                        if node.isElement("br") {
                            afterBreak = true
                        } else if !Self.isBlank(node) {
                            afterBreak = false
                        }
                    }
                }
                return markdown
            }
            return Self.finish(markdown, deferred: figures)
        }

        /// Splits written inline Markdown into paragraphs at blank lines (a line holding only a figure included)
        /// and places each deferred block after the paragraph of its mark.
        private static func finish(_ markdown: String, deferred: [Block]) -> [Block] {
            var written: [Block] = []
            var lines: [String] = []
            var pending: [Block] = []
            var next = 0
            func flush() {
                if !lines.isEmpty { written.append(.paragraph(lines.joined(separator: Markdown.hardBreak))) }
                written += pending
                lines = []
                pending = []
            }
            for line in markdown.split(separator: Mark.topBreak, omittingEmptySubsequences: false) {
                let marks = line.count { $0 == Mark.deferred }
                let blocks = deferred[min(next, deferred.count)..<min(next + marks, deferred.count)]
                next += marks
                let parts = line.split(separator: Mark.nestedBreak).map(cleanLine).filter { !$0.isEmpty }
                if parts.isEmpty {
                    flush()
                    written += blocks
                } else {
                    lines += parts.map(Markdown.escapeLineStart)
                    pending += blocks
                }
            }
            flush()
            return written
        }

        /// A line of inline Markdown without marks, runs of spaces or spaces at its ends.
        /// Spaces, tabs and marks are ASCII: the bytes are read, not the characters.
        static func cleanLine(_ text: some StringProtocol) -> String {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            var pendingSpace = false
            for byte in text.utf8 where byte != Mark.deferredByte {
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || Mark.breakBytes.contains(byte) {
                    pendingSpace = true
                } else {
                    if pendingSpace && !bytes.isEmpty { bytes.append(UInt8(ascii: " ")) }
                    pendingSpace = false
                    bytes.append(byte)
                }
            }
            var line = String(decoding: bytes, as: UTF8.self)
            while line.last?.isWhitespace == true { line.removeLast() }
            return String(line.drop(while: \.isWhitespace))
        }

        // MARK: Helpers

        /// Runs `body` with an empty list of deferred blocks; returns its result and the blocks it deferred.
        mutating func withDeferred<Result>(_ body: (inout Writer) -> Result) -> (Result, [Block]) {
            let saved = deferred
            deferred = []
            let result = body(&self)
            let collected = deferred
            deferred = saved
            return (result, collected)
        }

        /// Defers blocks met in inline content; returns their marks.
        mutating func deferBlocks(_ blocks: [Block]) -> String {
            deferred += blocks
            return String(repeating: Mark.deferred, count: blocks.count)
        }

        /// Separates kept blocks from the Kibaru blocks lifted out of a container (list, quote).
        static func liftingKibaruBlocks(_ blocks: [Block]) -> (kept: [Block], lifted: [Block]) {
            var kept: [Block] = []
            var lifted: [Block] = []
            for block in blocks {
                if case .kibaru = block { lifted.append(block) } else { kept.append(block) }
            }
            return (kept, lifted)
        }

        /// Appends a piece of inline Markdown, escaping a `!` that would make an image of a following link.
        static func append(_ piece: String, to markdown: inout String) {
            if piece.hasPrefix("["), markdown.hasSuffix("!"), !markdown.hasSuffix("\\!") {
                markdown.insert("\\", at: markdown.index(before: markdown.endIndex))
            }
            markdown += piece
        }

        static func isBlank(_ node: Node) -> Bool {
            node.kind == .text && node.text.allSatisfy(\.isWhitespace)
        }

        static func isBlank(_ item: Item) -> Bool {
            switch item {
            case .node(let node): isBlank(node)
            case .text(let text): text.allSatisfy(\.isWhitespace)
            case .lineEnd: true
            }
        }

        /// The text of a node as a browser shows it in `<pre>`: `<br>` as a line end, dropped elements left out.
        static func textContent(_ node: Node, lineBreaks: Bool) -> String {
            switch node.kind {
            case .text: return node.text
            case .element where node.name == "br": return lineBreaks ? "\n" : " "
            case .element where droppedElements.contains(node.name): return ""
            default: return node.children.map { textContent($0, lineBreaks: lineBreaks) }.joined()
            }
        }

        /// Rewrites a media URL and notes it; `nil` when it is not a URL a figure or link may use.
        mutating func mediaURL(_ raw: String) -> String? {
            let url = URLs.normalized(raw)
            guard !url.isEmpty, !url.lowercased().hasPrefix("data:") else { return nil }
            let rewritten = URLs.normalized(rewriteURL(url))
            guard URLs.isSafe(rewritten) else { return nil }
            if !mediaURLs.contains(rewritten) { mediaURLs.append(rewritten) }
            return rewritten
        }

        func attachment(_ id: Int?) -> WordPressAttachment? {
            id.flatMap { attachments[$0] }
        }
    }

    /// Characters standing in written inline Markdown for what is decided when a paragraph is finished. The
    /// tokenizer removes control characters from the content, so none of these can come from it.
    enum Mark {
        /// A line break inside emphasis or a link: it stays a hard break.
        static let nestedBreak: Character = "\u{1}"
        /// A line break at the top level: two in a row end the paragraph.
        static let topBreak: Character = "\u{2}"
        /// Where a deferred block was met.
        static let deferred: Character = "\u{3}"

        /// The marks' bytes in UTF-8.
        static let deferredByte: UInt8 = 3
        static let breakBytes: ClosedRange<UInt8> = 1...2

        static func isBreak(_ character: Character) -> Bool { character == nestedBreak || character == topBreak }

        static func isMark(_ character: Character) -> Bool { isBreak(character) || character == deferred }
    }
}
