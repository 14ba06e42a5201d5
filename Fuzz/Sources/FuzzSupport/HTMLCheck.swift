/// A strict reader of the HTML that Kibaru writes for reader-facing pages, working on bytes (so on Unicode scalars,
/// not on Swift `Character`s, whose grapheme clusters can hide a `<` or a `"` behind a combining mark).
///
/// It accepts only what cmark-gfm's safe mode and Kibaru's own blocks produce: allow-listed tags and attributes,
/// double-quoted attribute values without `<` or `"` inside, link and image URLs that are not `javascript:`,
/// `vbscript:`, `file:` or non-image `data:`, comments, and text in which `<` and `>` are always escaped. Anything
/// else is reported as a problem: a tag or an attribute that could run script, or text that a browser would read
/// as markup.
public struct HTMLCheck: Sendable {
    public var tags: Set<String>
    public var attributes: Set<String>
    /// Whether a raw `"` or `'` in text is a problem (escapers that promise to escape them).
    public var quotesEscapedInText: Bool

    public init(tags: Set<String>, attributes: Set<String>, quotesEscapedInText: Bool = false) {
        self.tags = tags
        self.attributes = attributes
        self.quotesEscapedInText = quotesEscapedInText
    }

    /// What ArticleRenderer may write: cmark-gfm (core, tables, strikethrough, autolinks, task lists, footnotes)
    /// and Kibaru's figure and LIRE AUSSI blocks.
    public static let article = HTMLCheck(
        tags: [
            "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "pre", "code", "em", "strong",
            "del", "a", "img", "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "input", "section", "sup",
            "span", "figure", "figcaption",
        ],
        attributes: [
            "href", "src", "alt", "title", "class", "id", "loading", "decoding", "rel", "align", "type", "checked",
            "disabled", "start", "data-footnotes", "data-footnote-ref", "data-footnote-backref",
            "data-footnote-backref-idx", "aria-label",
        ]
    )

    /// The first problem in `html` as `code: description with its surroundings` (the code, such as `raw-lt` or
    /// `attribute-breakout`, names the kind of problem); `nil` when the HTML is as expected.
    public func problem(in html: String) -> String? {
        let bytes = Array(html.utf8)
        var index = 0
        func at(_ offset: Int) -> UInt8? { offset < bytes.count ? bytes[offset] : nil }
        func starts(_ text: String, at offset: Int) -> Bool {
            let needle = Array(text.utf8)
            return offset + needle.count <= bytes.count && Array(bytes[offset..<(offset + needle.count)]) == needle
        }
        func report(_ what: String, _ offset: Int, _ code: String) -> String {
            "\(code): \(what) at byte \(offset): \(Fuzz.show(html, around: offset))"
        }
        func isNameByte(_ byte: UInt8) -> Bool {
            (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2D
        }

        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "<"):
                if starts("<!--", at: index) {
                    var end = index + 4
                    while end < bytes.count, !starts("-->", at: end) { end += 1 }
                    guard end < bytes.count else { return report("unterminated comment", index, "unterminated-comment") }
                    index = end + 3
                    continue
                }
                var cursor = index + 1
                let closing = at(cursor) == UInt8(ascii: "/")
                if closing { cursor += 1 }
                let nameStart = cursor
                while let byte = at(cursor), isNameByte(byte) { cursor += 1 }
                guard cursor > nameStart else { return report("raw `<` that opens no known tag", index, "raw-lt") }
                let name = String(decoding: bytes[nameStart..<cursor], as: UTF8.self)
                guard tags.contains(name) else { return report("tag <\(name)> not allowed", index, "tag-not-allowed") }
                if closing {
                    guard at(cursor) == UInt8(ascii: ">") else { return report("malformed closing tag", index, "malformed-tag") }
                    index = cursor + 1
                    continue
                }
                // Attributes, up to `>` or `/>`.
                while true {
                    while let byte = at(cursor), byte == 0x20 || byte == 0x0A { cursor += 1 }
                    guard let byte = at(cursor) else { return report("unterminated tag", index, "malformed-tag") }
                    if byte == UInt8(ascii: ">") { cursor += 1; break }
                    if byte == UInt8(ascii: "/"), at(cursor + 1) == UInt8(ascii: ">") { cursor += 2; break }
                    let attributeStart = cursor
                    while let byte = at(cursor), isNameByte(byte) { cursor += 1 }
                    guard cursor > attributeStart else { return report("unexpected byte inside a tag", cursor, "attribute-breakout") }
                    let attribute = String(decoding: bytes[attributeStart..<cursor], as: UTF8.self)
                    guard attributes.contains(attribute) else {
                        return report("attribute \(attribute) not allowed on <\(name)>", attributeStart, "attribute-not-allowed")
                    }
                    guard at(cursor) == UInt8(ascii: "=") else { continue }
                    guard at(cursor + 1) == UInt8(ascii: "\"") else { return report("unquoted attribute value", cursor, "attribute-breakout") }
                    let valueStart = cursor + 2
                    var valueEnd = valueStart
                    while let byte = at(valueEnd), byte != UInt8(ascii: "\"") {
                        if byte == UInt8(ascii: "<") { return report("`<` inside an attribute value", valueEnd, "lt-in-attribute") }
                        valueEnd += 1
                    }
                    guard valueEnd < bytes.count else { return report("unterminated attribute value", cursor, "attribute-breakout") }
                    if attribute == "href" || attribute == "src" {
                        let value = String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self)
                        if let scheme = HTMLCheck.dangerousScheme(value) {
                            return report("\(scheme) URL in \(attribute)", valueStart, "dangerous-url")
                        }
                    }
                    cursor = valueEnd + 1
                    // After a value, a space, `>` or `/>` must follow.
                    guard let next = at(cursor), next == 0x20 || next == 0x0A || next == UInt8(ascii: ">")
                        || (next == UInt8(ascii: "/") && at(cursor + 1) == UInt8(ascii: ">"))
                    else { return report("attribute value followed by garbage", cursor, "attribute-breakout") }
                }
                index = cursor
            case UInt8(ascii: ">"):
                return report("raw `>` in text", index, "raw-gt")
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                if quotesEscapedInText { return report("raw quote in text", index, "raw-quote") }
                index += 1
            default:
                index += 1
            }
        }
        return nil
    }

    /// The dangerous scheme of a URL attribute value, as a browser would read it (entities decoded, ASCII
    /// whitespace and control characters ignored, any case); `nil` for a safe one.
    public static func dangerousScheme(_ attributeValue: String) -> String? {
        let decoded = decodeEntities(attributeValue)
        var url = decoded.unicodeScalars.filter { $0.value > 0x20 || $0 == " " }
        while let first = url.first, first.value <= 0x20 { url.removeFirst() }
        let cleaned = String(String.UnicodeScalarView(url.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }))
            .lowercased()
        guard let colon = cleaned.firstIndex(of: ":") else { return nil }
        let scheme = cleaned[..<colon]
        guard !scheme.contains(where: { "/?#".contains($0) }) else { return nil }
        switch scheme {
        case "javascript", "vbscript", "file": return String(scheme)
        case "data":
            let rest = cleaned[cleaned.index(after: colon)...]
            let images = ["image/png", "image/gif", "image/jpeg", "image/webp"]
            return images.contains(where: { rest.hasPrefix($0) }) ? nil : "data"
        default: return nil
        }
    }

    /// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;` and numeric references, as a browser reads them in an attribute.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            if scalars[index] == "&", let semicolon = scalars[index...].prefix(12).firstIndex(of: ";") {
                let name = String(String.UnicodeScalarView(scalars[(index + 1)..<semicolon]))
                var decoded: Unicode.Scalar?
                switch name {
                case "amp": decoded = "&"
                case "lt": decoded = "<"
                case "gt": decoded = ">"
                case "quot": decoded = "\""
                case "apos": decoded = "'"
                case "colon": decoded = ":"
                case "Tab": decoded = "\t"
                case "NewLine": decoded = "\n"
                default:
                    if name.hasPrefix("#x") || name.hasPrefix("#X") {
                        decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                    } else if name.hasPrefix("#") {
                        decoded = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
                    }
                }
                if let decoded {
                    result.append(decoded)
                    index = semicolon + 1
                    continue
                }
            }
            result.append(scalars[index])
            index += 1
        }
        return String(result)
    }
}
