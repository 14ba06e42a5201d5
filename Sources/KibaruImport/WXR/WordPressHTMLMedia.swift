import Foundation

extension WordPressHTML {
    /// A caption as text, with the links it held (to find a credit's URL).
    struct Caption {
        var text: String
        var links: [(text: String, url: String)] = []
    }

    /// A figure's credit as read from the end of its caption.
    struct CreditedCaption: Equatable {
        var caption: String
        var author: String?
        var source: String?
    }
}

extension WordPressHTML.Writer {
    typealias Block = WordPressHTML.Block
    typealias Caption = WordPressHTML.Caption
    typealias URLs = WordPressHTML.URLs

    // MARK: Images

    /// A `::: figure` for an image: its URL rewritten, its alt text (or the attachment's), its caption with the
    /// credit read from it. Nothing when there is neither a usable image nor a caption.
    mutating func imageFigure(_ image: Node?, caption: Caption?, attachmentID: Int? = nil) -> [Block] {
        let attachment = attachment(attachmentID ?? image.flatMap(Self.attachmentID))
        let url = (image.flatMap(Self.imageSource) ?? attachment?.url).flatMap { mediaURL($0) }
        let alt = Self.singleLine(image?.attributes["alt"] ?? "")
        let credited = Self.credit(in: caption?.text ?? "")
        guard url != nil || !credited.caption.isEmpty else { return [] }
        let creditName = credited.source ?? credited.author
        let creditURL = caption?.links.first { Self.singleLine($0.text) == creditName }.map(\.url)
        var lines = ["::: figure"]
        if let url { lines.append("image: \(url)") }
        let fields: [(String, String?, Int)] = [
            ("alt", alt.isEmpty ? attachment.map { Self.singleLine($0.alt) } : alt, 500),
            ("caption", credited.caption, 1_000),
            ("credit-author", credited.author, 200),
            ("credit-source", credited.source, 200),
            ("credit-url", creditURL.flatMap { URLs.isSafe($0) ? $0 : nil }, 2_000),
        ]
        for case (let key, let value?, let limit) in fields where !value.isEmpty {
            lines.append("\(key): \(Self.truncated(value, to: limit))")
        }
        lines.append(":::")
        return [.kibaru(lines.joined(separator: "\n"))]
    }

    /// The figure of an attachment, for galleries: its URL, alt text and caption.
    private mutating func attachmentFigure(_ id: Int) -> [Block] {
        guard let attachment = attachment(id) else { return [] }
        return imageFigure(nil, caption: Caption(text: Self.singleLine(attachment.caption)), attachmentID: id)
    }

    /// The `src` of an image, or the real one a lazy-loading plugin keeps aside.
    private static func imageSource(_ image: Node) -> String? {
        for name in ["src", "data-lazy-src", "data-src", "data-orig-file"] {
            if let value = image.attributes[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty,
                !value.lowercased().hasPrefix("data:")
            {
                return value
            }
        }
        return nil
    }

    /// The attachment id of an image from its `wp-image-ID` class or `data-id`.
    private static func attachmentID(_ image: Node) -> Int? {
        for name in image.classes where name.hasPrefix("wp-image-") {
            if let id = Int(name.dropFirst(9)) { return id }
        }
        return image.attributes["data-id"].flatMap { Int($0) }
    }

    /// The caption text and links of nodes (a `<figcaption>`'s children, a caption shortcode's content).
    static func caption(of nodes: [Node]) -> Caption {
        var caption = Caption(text: "")
        var text = ""
        func collect(_ node: Node) {
            switch node.kind {
            case .text: text += node.text
            case .element where node.name == "br": text += " "
            case .element where droppedElements.contains(node.name): break
            default:
                let offset = text.count
                node.children.forEach(collect)
                if node.isElement("a"), let url = URLs.linkTarget(node.attributes["href"]) {
                    let linked = singleLine(String(text.dropFirst(offset)))
                    if !linked.isEmpty { caption.links.append((linked, url)) }
                }
            }
        }
        nodes.forEach(collect)
        caption.text = singleLine(text)
        return caption
    }

    // Built once: a regular expression literal is parsed again each time it is evaluated. `Regex` is not marked
    // Sendable, but a built one is only read: its program is compiled once, behind an atomic swap.
    nonisolated(unsafe) private static let creditPatterns = [
        /(?i)(?:^|[.!?…,]\s+|\s+[-–—|\/]\s*|\s*[(\[]\s*)(?:cr[ée]dits?(?:\s+(?:photos?|images?))?|photos?|images?)\s*:\s*(?<name>[^()\[\]]+?)\s*[)\]]?\s*$/,
        /(?i)(?:^|\s|[(\[])©\s*(?<name>[^()\[\]]+?)\s*[)\]]?\s*$/,
    ]
    nonisolated(unsafe) private static let viaPattern =
        /(?i)(?:^|\s)via\s+(?<source>[^.,;:!?«»()\[\]]{1,60}?)\s*[)\]]?\s*$/

    /// Splits a credit off the end of a caption: "… via Source" gives the source; "Crédit : X",
    /// "Crédit photo : X", "Photo : X" and "© X" (after a sentence, dash, comma or parenthesis) give the author.
    static func credit(in caption: String) -> WordPressHTML.CreditedCaption {
        let lowered = caption.lowercased()
        guard ["crédit", "credit", "photo", "image", "©", "via"].contains(where: lowered.contains) else {
            return .init(caption: caption, author: nil, source: nil)
        }
        for pattern in creditPatterns {
            guard let match = caption.firstMatch(of: pattern) else { continue }
            let name = singleLine(String(match.output.name))
            guard !name.isEmpty else { continue }
            var rest = trimmingSeparators(caption[..<match.range.lowerBound])
            if let stop = caption[match.range].first, ".!?…".contains(stop), !rest.isEmpty { rest.append(stop) }
            if let via = viaSource(name), !via.before.isEmpty {
                return .init(caption: rest, author: via.before, source: via.source)
            }
            return .init(caption: rest, author: name, source: nil)
        }
        if let via = viaSource(caption) { return .init(caption: via.before, author: nil, source: via.source) }
        return .init(caption: caption, author: nil, source: nil)
    }

    /// "… via Source", the source one to five words without sentence punctuation.
    private static func viaSource(_ text: String) -> (before: String, source: String)? {
        guard let match = text.firstMatch(of: viaPattern) else { return nil }
        let source = singleLine(String(match.output.source))
        guard !source.isEmpty, source.split(separator: " ").count <= 5 else { return nil }
        return (trimmingSeparators(text[..<match.range.lowerBound]), source)
    }

    private static func trimmingSeparators(_ text: Substring) -> String {
        var text = text
        while let last = text.last, last.isWhitespace || "-–—|/,;:([".contains(last) { text.removeLast() }
        return String(text)
    }

    // MARK: Shortcodes and blocks

    /// `[caption]`, `[gallery]`, `[embed]`, `[audio]` and `[video]`.
    mutating func shortcodeBlocks(_ node: Node) -> [Block] {
        switch node.name {
        case "caption", "wp_caption":
            let image = node.descendants { $0.isElement("img") }.first
            let caption = node.attributes["caption"].map(Self.captionMarkup) ?? Self.caption(of: node.children)
            return imageFigure(image, caption: caption, attachmentID: Self.integers(in: node.attributes["id"]).first)
        case "gallery":
            return Self.integers(in: node.attributes["ids"] ?? node.attributes["include"]).flatMap {
                attachmentFigure($0)
            }
        case "embed":
            let url = node.attributes["src"] ?? Self.textContent(node, lineBreaks: false)
            return Self.embedLink(url, label: "")
        default:
            let formats = ["src", "mp3", "m4a", "ogg", "wav", "wma", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "0"]
            let source =
                formats.lazy.compactMap { node.attributes[$0] }.first ?? Self.textContent(node, lineBreaks: false)
            return mediaLink(source, label: "")
        }
    }

    /// A caption given as a shortcode attribute, which may hold markup.
    private static func captionMarkup(_ markup: String) -> Caption {
        caption(of: WordPressHTML.TreeBuilder.build(WordPressHTML.Tokenizer.tokens(of: markup)).root.children)
    }

    mutating func imageBlock(_ node: Node) -> [Block] {
        let image = node.descendants { $0.isElement("img") }.first
        let caption = node.descendants { $0.isElement("figcaption") }.first.map { Self.caption(of: $0.children) }
        return imageFigure(image, caption: caption, attachmentID: Int(node.attributes["id"] ?? ""))
    }

    /// A gallery's images as figures; from the attachments of its `ids` when its markup has none.
    mutating func galleryBlock(_ node: Node) -> [Block] {
        let written = blocks(node.children, autop: false)
        let hasFigures = written.contains { if case .kibaru = $0 { true } else { false } }
        guard !hasFigures else { return written }
        return written + Self.integers(in: node.attributes["ids"]).flatMap { attachmentFigure($0) }
    }

    /// `wp:embed` (and WordPress 5.0's `core-embed/…`): a link to what was embedded, titled by its caption.
    mutating func embedBlock(_ node: Node) -> [Block] {
        let caption = node.descendants { $0.isElement("figcaption") }.first.map { Self.caption(of: $0.children).text }
        let url = node.attributes["url"] ?? Self.textContent(node, lineBreaks: false)
        return Self.embedLink(url, label: caption ?? "")
    }

    /// `wp:audio`, `wp:video`: a link to the file, titled by the caption.
    mutating func mediaBlock(_ node: Node) -> [Block] {
        let element = node.descendants { $0.isElement(["audio", "video"]) }.first
        let source =
            element.flatMap(Self.mediaSource) ?? node.attributes["src"]
            ?? attachment(Int(node.attributes["id"] ?? ""))?.url
        let caption = node.descendants { $0.isElement("figcaption") }.first.map { Self.caption(of: $0.children).text }
        return mediaLink(source, label: caption ?? "")
    }

    /// `wp:file`: a link to the file, titled as the block's link.
    mutating func fileBlock(_ node: Node) -> [Block] {
        let link = node.descendants { $0.isElement("a") && $0.attributes["href"] != nil }.first
        let label = link.map { Self.caption(of: $0.children).text } ?? ""
        return mediaLink(node.attributes["href"] ?? link?.attributes["href"], label: label)
    }

    /// An `<iframe>` (a video player, a map): a link to its page.
    func frameLink(_ node: Node) -> [Block] {
        Self.embedLink(node.attributes["src"] ?? "", label: "")
    }

    /// A link to a media file on its own paragraph, titled by `label` or else by the file's name.
    mutating func mediaLink(_ source: String?, label: String) -> [Block] {
        guard let source, let url = mediaURL(source) else { return [] }
        let title = label.isEmpty ? URLs.fileName(url) : label
        return [.paragraph("[\(Markdown.escape(title, autolinks: false))](\(Markdown.destination(url)))")]
    }

    /// The `src` of an `<audio>` or `<video>`, or of its first `<source>`.
    static func mediaSource(_ node: Node) -> String? {
        node.attributes["src"] ?? node.descendants { $0.isElement("source") }.first?.attributes["src"]
    }

    /// A link to an embedded page (http or https only) on its own paragraph.
    private static func embedLink(_ raw: String, label: String) -> [Block] {
        let url = URLs.normalized(raw)
        guard url.lowercased().hasPrefix("http://") || url.lowercased().hasPrefix("https://"), URLs.isSafe(url) else {
            return []
        }
        if label.isEmpty { return [.paragraph(Markdown.autolink(url))] }
        return [.paragraph("[\(Markdown.escape(label, autolinks: false))](\(Markdown.destination(url)))")]
    }

    // MARK: Text

    /// Every number in a text: `attachment_12` gives 12, `"1, 2,3"` gives 1, 2, 3.
    static func integers(in text: String?) -> [Int] {
        (text ?? "").split(whereSeparator: { !$0.isASCII || !$0.isNumber }).compactMap { Int($0) }
    }

    /// A value for a Kibaru block line: one line, white space collapsed.
    static func singleLine(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private static func truncated(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)).trimmingCharacters(in: .whitespaces) + "…"
    }
}

extension WordPressHTML {
    /// URL checks for links and media.
    enum URLs {
        /// Whether a URL may go in a figure or credit: http(s) or a path from the root, without white space (the
        /// rule of `URLCheck.isSafeLink`, which Kibaru applies when it reads the figure).
        static func isSafe(_ url: String) -> Bool {
            let lowered = url.lowercased()
            guard !url.contains(where: \.isWhitespace) else { return false }
            if lowered.hasPrefix("https://") || lowered.hasPrefix("http://") {
                return url.count > lowered.prefix(while: { $0 != ":" }).count + 3
            }
            return url.hasPrefix("/") && !url.hasPrefix("//")
        }

        /// Trimmed, `//host/…` made `https://host/…`, spaces percent-encoded.
        static func normalized(_ url: String) -> String {
            var url = url.trimmingCharacters(in: .whitespacesAndNewlines)
            if url.hasPrefix("//") { url = "https:" + url }
            return url.replacing(" ", with: "%20")
        }

        /// The target of a link Kibaru keeps: http, https, mailto, a relative URL or `#anchor`; `nil` for any
        /// other scheme (`javascript:`, `data:`…), read as a browser would, ignoring tabs and line ends.
        static func linkTarget(_ href: String?) -> String? {
            guard let href else { return nil }
            let cleaned = String(String.UnicodeScalarView(href.unicodeScalars.filter { $0.value >= 0x20 }))
            let url = normalized(cleaned)
            guard !url.isEmpty else { return nil }
            let lowered = url.lowercased()
            if ["http://", "https://", "mailto:"].contains(where: lowered.hasPrefix) { return url }
            if let colon = url.firstIndex(of: ":"), !url[..<colon].contains(where: { "/?#".contains($0) }) {
                return nil
            }
            return url
        }

        private static let mediaExtensions: Set<String> = [
            "jpg", "jpeg", "png", "gif", "webp", "svg", "bmp", "tif", "tiff", "pdf", "mp3", "m4a", "ogg", "oga", "wav",
            "flac", "mp4", "m4v", "mov", "webm", "ogv", "avi", "wmv", "doc", "docx", "xls", "xlsx", "ppt", "pptx",
            "odt", "ods", "odp", "zip", "epub",
        ]

        /// Whether a link points at a media file (an image, a sound, a video, a document).
        static func isMediaFile(_ url: String) -> Bool {
            let path = url.prefix { $0 != "?" && $0 != "#" }
            guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return false }
            return mediaExtensions.contains(path[path.index(after: dot)...].lowercased())
        }

        /// The file name at the end of a URL's path, percent-decoded.
        static func fileName(_ url: String) -> String {
            let path = url.prefix { $0 != "?" && $0 != "#" }
            let name = path.split(separator: "/").last.map(String.init) ?? url
            return name.removingPercentEncoding ?? name
        }
    }
}
