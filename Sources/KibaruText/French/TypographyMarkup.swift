import Foundation

/// Private-use characters standing, in the text the rules read, for what they must not change. The rules read
/// Unicode scalars, not `Character`s: comparing graphemes outside ASCII took most of their time.
enum TypographyMark {
    /// An inline tag (`<em>`, `</a>`, a comment): the rules look through it.
    static let inlineTag: Unicode.Scalar = "\u{E000}"
    /// A block tag or a skipped block (`<p>`, `<li>`, `<pre>…</pre>`): quotes and spaces do not reach across it.
    static let boundary: Unicode.Scalar = "\u{E001}"
    /// The closing tag of `<h1>`…`<h6>` or `<title>`, a boundary before which a final period is dropped.
    static let headingEnd: Unicode.Scalar = "\u{E002}"
    /// Something read as a word and kept as it is: `<code>…</code>`, a URL, an e-mail address, an entity.
    static let word: Unicode.Scalar = "\u{E003}"
    /// `&quot;`: a straight double quote for the rules, written back as `&quot;` when it is not paired.
    static let quote: Unicode.Scalar = "\u{E004}"
    static let ampersand: Unicode.Scalar = "\u{E005}"
    static let lessThan: Unicode.Scalar = "\u{E006}"
    static let greaterThan: Unicode.Scalar = "\u{E007}"

    /// Marks that stand for a stashed original, in order.
    static let stashed: ClosedRange<Unicode.Scalar> = "\u{E000}"..."\u{E003}"
    static let all: ClosedRange<Unicode.Scalar> = "\u{E000}"..."\u{E007}"
}

extension Unicode.Scalar {
    /// A letter, as `Character.isLetter` reads its first scalar (the document composes letters and their accents
    /// into one scalar where Unicode has one).
    var isLetter: Bool { properties.isAlphabetic }

    var isNumber: Bool { properties.numericType != nil }
    var isWhitespace: Bool { properties.isWhitespace }
    var isUppercase: Bool { properties.isUppercase }
    var isLowercase: Bool { properties.isLowercase }

    /// A line break, as `Character.isNewline` reads it.
    var isNewline: Bool {
        switch value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// A space within a line: U+0020, a tab, U+00A0, U+202F, U+2009 and the other Unicode space separators.
    var isTypographicSpace: Bool {
        self == " " || self == "\t" || (!isASCII && properties.generalCategory == .spaceSeparator)
    }

    var isTypographicDigit: Bool { ("0"..."9").contains(self) }

    /// A letter, a digit, or something kept whole that reads as a word.
    var isTypographicWord: Bool { isLetter || isNumber || self == TypographyMark.word }

    /// A line break or the edge of a block.
    var isTypographicBreak: Bool {
        isNewline || self == TypographyMark.boundary || self == TypographyMark.headingEnd
    }

    var isStraightDoubleQuote: Bool { self == "\"" || self == TypographyMark.quote }
}

extension Character {
    /// `0` to `9`, as the tags and entities the document reads spell them.
    fileprivate var isASCIIDigit: Bool { asciiValue.map { (48...57).contains($0) } ?? false }
}

extension String {
    /// The string of `scalars`.
    init(scalars: some Sequence<Unicode.Scalar>) {
        self.init()
        unicodeScalars.append(contentsOf: scalars)
    }
}

extension Array where Element == Unicode.Scalar {
    /// The nearest character before `index`, looking through inline tags; `nil` at the start of a block.
    func typographicNeighbour(before index: Int) -> Unicode.Scalar? {
        typographicNeighbourIndex(before: index).map { self[$0] }
    }

    /// The position of the nearest character after `index`, looking through inline tags; `nil` at the end of a
    /// block.
    func typographicNeighbourIndex(after index: Int) -> Int? {
        var position = index + 1
        while position < count, self[position] == TypographyMark.inlineTag { position += 1 }
        return position < count && !isBlockEdge(self[position]) ? position : nil
    }

    func typographicNeighbour(after index: Int) -> Unicode.Scalar? {
        typographicNeighbourIndex(after: index).map { self[$0] }
    }

    /// The positions of the straight double quotes next to one another (through inline tags) around `index`.
    func straightQuoteRun(around index: Int) -> ClosedRange<Int> {
        var start = index
        while let previous = typographicNeighbourIndex(before: start), self[previous].isStraightDoubleQuote {
            start = previous
        }
        var end = index
        while let next = typographicNeighbourIndex(after: end), self[next].isStraightDoubleQuote { end = next }
        return start...end
    }

    /// The position of the nearest character before `index`, looking through inline tags; `nil` at the start of a
    /// block.
    func typographicNeighbourIndex(before index: Int) -> Int? {
        var position = index - 1
        while position >= 0, self[position] == TypographyMark.inlineTag { position -= 1 }
        return position >= 0 && !isBlockEdge(self[position]) ? position : nil
    }

    private func isBlockEdge(_ character: Unicode.Scalar) -> Bool {
        character == TypographyMark.boundary || character == TypographyMark.headingEnd
    }

    /// Whether the character at `index` ends what it follows: a space, punctuation or the end of the block comes
    /// next, not a letter (`?` in `page?id=3`, `.` in `.docx` do not).
    func typographicClauseEnds(after index: Int) -> Bool {
        guard let next = typographicNeighbour(after: index) else { return true }
        return next.isWhitespace || next.isStraightDoubleQuote || ".,;:!?…)]}»›’'".unicodeScalars.contains(next)
    }
}

/// Text or HTML with tags, protected spans and entities replaced by ``TypographyMark``s, so that the rules work on
/// prose only; ``restored()`` puts the originals back.
struct TypographyDocument {
    var characters: [Unicode.Scalar] = []
    private var stash: [String] = []

    /// Reads an HTML fragment (or document).
    init(html: String) {
        var rest = html[...]
        while let open = rest.firstIndex(where: { $0.unicodeScalars.first == "<" }) {
            appendText(rest[..<open], html: true)
            rest = rest[open...]
            guard let (mark, end) = Self.markup(at: rest) else {
                appendText(rest.prefix(1), html: true)
                rest = rest.dropFirst()
                continue
            }
            append(mark, standingFor: rest[..<end])
            rest = rest[end...]
        }
        appendText(rest, html: true)
    }

    /// Reads plain text.
    init(text: String) {
        appendText(text[...], html: false)
    }

    /// The text with every mark replaced by what it stands for.
    func restored() -> String {
        var result = ""
        result.reserveCapacity(characters.count + characters.count / 8)
        var originals = stash.makeIterator()
        for scalar in characters {
            if !TypographyMark.all.contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else if TypographyMark.stashed.contains(scalar) {
                result += originals.next() ?? ""
            } else {
                result += Self.writtenMarks[scalar] ?? ""
            }
        }
        return result
    }

    private static let writtenMarks: [Unicode.Scalar: String] = [
        TypographyMark.quote: "&quot;", TypographyMark.ampersand: "&amp;", TypographyMark.lessThan: "&lt;",
        TypographyMark.greaterThan: "&gt;",
    ]

    private mutating func append(_ mark: Unicode.Scalar, standingFor original: Substring) {
        characters.append(mark)
        stash.append(String(original))
    }

    // MARK: Tags

    /// Elements whose content is never typeset, read as a boundary (blocks) or as a word (inline).
    private static let skippedBlocks: Set<String> = ["pre", "script", "style", "textarea"]
    private static let skippedInline: Set<String> = ["code", "kbd", "samp"]
    private static let blocks: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "div", "dl", "dt",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html",
        "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
        "title", "tr", "ul",
    ]
    private static let headings: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6", "title"]

    /// The mark for the tag, comment or skipped element at the start of `text`, and where it ends; `nil` when the
    /// `<` opens nothing.
    private static func markup(at text: Substring) -> (Unicode.Scalar, Substring.Index)? {
        if text.hasPrefix("<!--") {
            return (TypographyMark.inlineTag, text.range(of: "-->")?.upperBound ?? text.endIndex)
        }
        let afterOpen = text.dropFirst()
        if afterOpen.first == "!" || afterOpen.first == "?" {
            return tagEnd(in: text).map { (TypographyMark.inlineTag, $0) }
        }
        let closing = afterOpen.first == "/"
        let name = (closing ? afterOpen.dropFirst() : afterOpen).prefix { $0.isLetter || $0.isASCIIDigit }
        guard let first = name.first, first.isASCII, first.isLetter, let end = tagEnd(in: text) else { return nil }
        let tag = name.lowercased()
        let selfClosing = text[..<end].dropLast().last == "/"
        if !closing, !selfClosing, skippedBlocks.contains(tag) || skippedInline.contains(tag) {
            let mark = skippedBlocks.contains(tag) ? TypographyMark.boundary : TypographyMark.word
            guard let close = text[end...].range(of: "</" + tag, options: .caseInsensitive) else {
                return (mark, text.endIndex)
            }
            return (mark, tagEnd(in: text[close.lowerBound...]) ?? text.endIndex)
        }
        if closing, headings.contains(tag) { return (TypographyMark.headingEnd, end) }
        return (blocks.contains(tag) ? TypographyMark.boundary : TypographyMark.inlineTag, end)
    }

    /// Just after the `>` closing the tag that starts `text`, skipping quoted attribute values.
    private static func tagEnd(in text: Substring) -> Substring.Index? {
        var index = text.startIndex
        while index < text.endIndex {
            switch text[index].unicodeScalars.first {
            case ">"?:
                return text.index(after: index)
            case "="?:
                let value = text[text.index(after: index)...].drop { $0.isWhitespace }
                if let quote = value.first, quote == "\"" || quote == "'" {
                    guard let close = value.dropFirst().firstIndex(of: quote) else { return nil }
                    index = text.index(after: close)
                    continue
                }
            default:
                break
            }
            index = text.index(after: index)
        }
        return nil
    }

    // MARK: Text

    /// Appends text between tags: URLs, e-mail addresses and (in plain text) entity-like sequences become words;
    /// in HTML the rest has its entities read.
    private mutating func appendText(_ text: Substring, html: Bool) {
        var rest = text
        while let match = Self.firstProtected(in: rest, html: html) {
            appendProse(rest[..<match.lowerBound], html: html)
            append(TypographyMark.word, standingFor: rest[match])
            rest = rest[match.upperBound...]
        }
        appendProse(rest, html: html)
    }

    // Built once: a regular expression literal is parsed again each time it is evaluated. `Regex` is not marked
    // Sendable, but a built one is only read: its program is compiled once, behind an atomic swap.
    // Letters, digits and the ASCII punctuation of URLs, not ending on `. , ; : ! ? ) ] '`. An entity ends a URL,
    // except `&amp;` in HTML; a plain `&` is part of it in text.
    nonisolated(unsafe) private static let urlInHTML = #/(?:https?://|ftp://|www\.)(?:[\w\-.~:/?#\[\]@!$'()*+,;=%]|&amp;)*[\w\-~#@$*+=%/]/#
    nonisolated(unsafe) private static let urlInText = #/(?:https?://|ftp://|www\.)(?:[\w\-.~:/?#\[\]@!$'()*+,;=%]|&(?!#?\w+;))*[\w\-~#@$*+=%/]/#
    nonisolated(unsafe) private static let emailAddress = #/[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+/#
    nonisolated(unsafe) private static let entityLike = #/&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);/#

    /// The first URL, e-mail address or (in plain text) entity-like sequence in `text`. Regexes run only on text
    /// that may hold one: they are slow.
    private static func firstProtected(in text: Substring, html: Bool) -> Range<Substring.Index>? {
        var found: [Range<Substring.Index>?] = []
        let bytes = text.utf8
        if text.containsBytes(of: "://") || text.containsBytes(of: "www.") {
            found.append(text.firstMatch(of: html ? Self.urlInHTML : Self.urlInText)?.range)
        }
        if bytes.contains(UInt8(ascii: "@")) {
            found.append(text.firstMatch(of: Self.emailAddress)?.range)
        }
        if !html, bytes.contains(UInt8(ascii: "&")) {
            found.append(text.firstMatch(of: Self.entityLike)?.range)
        }
        return found.compactMap { $0 }.min { $0.lowerBound < $1.lowerBound }
    }

    private mutating func appendProse(_ text: Substring, html: Bool) {
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if html, character == "&", let (decoded, end) = Self.entity(at: text[index...]) {
                if let decoded {
                    characters.append(decoded)
                } else {
                    append(TypographyMark.word, standingFor: text[index..<end])
                }
                index = end
                continue
            }
            if character.unicodeScalars.contains(where: TypographyMark.all.contains) {
                append(TypographyMark.word, standingFor: text[index...index])
            } else if character.unicodeScalars.count > 1 {
                // A letter and its accents in one scalar when Unicode has one (`e` U+0300 → `è`), as the rules
                // compare scalars: an ordinal typed `1e`+U+0300`re` is read as `1ère`.
                characters += String(character).precomposedStringWithCanonicalMapping.unicodeScalars
            } else {
                characters += character.unicodeScalars
            }
            index = text.index(after: index)
        }
    }

    /// Entities the rules read as characters; other named ones are kept as written.
    private static let namedEntities: [String: Unicode.Scalar] = [
        "nbsp": "\u{A0}", "thinsp": "\u{2009}", "ensp": "\u{2002}", "emsp": "\u{2003}",
        "laquo": "«", "raquo": "»", "lsaquo": "‹", "rsaquo": "›", "rsquo": "’", "apos": "'", "hellip": "…",
        "quot": TypographyMark.quote, "amp": TypographyMark.ampersand, "lt": TypographyMark.lessThan,
        "gt": TypographyMark.greaterThan,
    ]

    /// The entity at the start of `text` and where it ends: its character, or `nil` to keep it as written. `nil`
    /// overall when the `&` starts no entity.
    private static func entity(at text: Substring) -> (Unicode.Scalar?, Substring.Index)? {
        guard let semicolon = text.prefix(34).firstIndex(of: ";") else { return nil }
        let name = text[text.index(after: text.startIndex)..<semicolon]
        let end = text.index(after: semicolon)
        if let first = name.first, first.isASCII, first.isLetter,
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        {
            return (namedEntities[String(name)], end)
        }
        let hex = name.dropFirst().first.map { $0 == "x" || $0 == "X" } ?? false
        let digits = name.dropFirst(hex ? 2 : 1)
        guard name.first == "#", !digits.isEmpty, digits.allSatisfy({ hex ? $0.isHexDigit : $0.isASCIIDigit })
        else { return nil }
        guard let scalar = UInt32(digits, radix: hex ? 16 : 10).flatMap(Unicode.Scalar.init),
            !TypographyMark.all.contains(scalar)
        else { return (nil, end) }
        let decoded: Unicode.Scalar =
            switch scalar {
            case "\"": TypographyMark.quote
            case "&": TypographyMark.ampersand
            case "<": TypographyMark.lessThan
            case ">": TypographyMark.greaterThan
            default: scalar
            }
        return (decoded, end)
    }
}
