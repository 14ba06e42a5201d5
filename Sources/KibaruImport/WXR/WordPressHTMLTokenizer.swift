/// The pieces of WordPress post content conversion: a tolerant HTML and shortcode tokenizer, a tree builder and a
/// Markdown writer. Nothing here is public: ``WordPressContent`` is the entry point.
enum WordPressHTML {
    /// One piece of post content, in source order.
    enum Token: Equatable {
        /// Text, character references decoded.
        case text(String)
        /// `<name …>`: a lowercased name, attribute values decoded, the first of a repeated attribute kept.
        case startTag(name: String, attributes: [String: String], selfClosing: Bool)
        case endTag(name: String)
        /// `<!-- … -->`, including Gutenberg's block delimiters.
        case comment(String)
        /// `[name …]`, or `[name … /]` when self-closing.
        case shortcode(Shortcode)
        /// `[/name]`, with its source text.
        case shortcodeEnd(name: String, text: String)
    }

    /// An opening shortcode as WordPress reads it (`shortcode_parse_atts`).
    struct Shortcode: Equatable {
        var name: String
        /// Named attributes by lowercased name; positional ones under "0", "1"…, as WordPress numbers them.
        var attributes: [String: String]
        var selfClosing: Bool
        /// The shortcode as typed, references decoded: what shows when it is kept as text.
        var text: String
    }

    /// Splits post content into tokens; never fails, whatever the input.
    ///
    /// Malformed markup degrades to text: a `<` that opens no tag and a `[` that opens no shortcode are text.
    /// The content of `script`, `style`, `iframe`, `noscript` and the other raw-text elements is skipped.
    struct Tokenizer {
        private let scalars: [Unicode.Scalar]
        private var index = 0
        private var tokens: [Token] = []
        private var text = String.UnicodeScalarView()

        /// Elements whose content is not markup; Kibaru drops them with their content.
        static let rawTextElements: Set<String> = [
            "script", "style", "iframe", "noscript", "noembed", "noframes", "textarea", "title", "xmp",
        ]
        /// Bracketed words of editors that look like shortcodes without arguments: `[sic]`, `[ndlr]`.
        static let editorialBrackets: Set<String> = ["sic", "ndlr", "ndt", "nda", "ndr", "trad", "etc"]
        /// The longest shortcode opening read, so that a stray `[` costs little.
        private static let maximumShortcodeLength = 4_000

        private init(_ source: String) {
            var cleaned = String.UnicodeScalarView()
            var previousWasReturn = false
            for scalar in source.unicodeScalars {
                defer { previousWasReturn = scalar == "\r" }
                if scalar == "\n" && previousWasReturn { continue }
                if scalar == "\r" || scalar == "\u{0C}" {
                    cleaned.append("\n")
                } else if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" {
                    continue
                } else {
                    cleaned.append(scalar)
                }
            }
            scalars = Array(cleaned)
        }

        /// The tokens of `source`; line ends are normalised to `\n` and control characters removed.
        static func tokens(of source: String) -> [Token] {
            var tokenizer = Tokenizer(source)
            tokenizer.run()
            return tokenizer.tokens
        }

        private mutating func run() {
            while index < scalars.count {
                let scalar = scalars[index]
                if scalar == "<", readMarkup() { continue }
                if scalar == "[", readShortcode() { continue }
                if scalar == "&", let (decoded, end) = Entities.decode(scalars, at: index) {
                    text.append(contentsOf: decoded.unicodeScalars)
                    index = end
                    continue
                }
                text.append(scalar)
                index += 1
            }
            flushText()
        }

        private mutating func flushText() {
            guard !text.isEmpty else { return }
            tokens.append(.text(String(text)))
            text = String.UnicodeScalarView()
        }

        private mutating func emit(_ token: Token) {
            flushText()
            tokens.append(token)
        }

        // MARK: Markup

        /// Reads a tag, comment or declaration at `<`; `false` when the `<` is text.
        private mutating func readMarkup() -> Bool {
            guard index + 1 < scalars.count else { return false }
            let next = scalars[index + 1]
            if matches("<!--", at: index) {
                readComment()
                return true
            }
            if next == "!" || next == "?" {
                skipPast(">", from: index + 2)
                return true
            }
            if next == "/" {
                return readEndTag()
            }
            guard isASCIILetter(next) else { return false }
            return readStartTag()
        }

        private mutating func readComment() {
            let start = index + 4
            var end = start
            while end < scalars.count, !matches("-->", at: end) {
                if end == start, matches(">", at: end) || matches("->", at: end) { break }
                end += 1
            }
            emit(.comment(String(String.UnicodeScalarView(scalars[start..<end]))))
            if end >= scalars.count {
                index = end
            } else {
                index = end + (matches(">", at: end) ? 1 : matches("->", at: end) ? 2 : 3)
            }
        }

        private mutating func readEndTag() -> Bool {
            let nameStart = index + 2
            guard nameStart < scalars.count, isASCIILetter(scalars[nameStart]) else {
                skipPast(">", from: nameStart)
                return true
            }
            var nameEnd = nameStart
            while nameEnd < scalars.count, !isTagNameEnd(scalars[nameEnd]) { nameEnd += 1 }
            guard let close = firstIndex(of: ">", from: nameEnd) else { return false }
            emit(.endTag(name: lowercased(nameStart..<nameEnd)))
            index = close + 1
            return true
        }

        private mutating func readStartTag() -> Bool {
            var position = index + 1
            while position < scalars.count, !isTagNameEnd(scalars[position]) { position += 1 }
            let name = lowercased(index + 1..<position)
            var attributes: [String: String] = [:]
            var selfClosing = false
            while true {
                while position < scalars.count, isSpace(scalars[position]) || scalars[position] == "/" {
                    selfClosing = scalars[position] == "/"
                    position += 1
                }
                guard position < scalars.count else { return false }
                if scalars[position] == ">" { break }
                selfClosing = false
                let (attributeName, value, end) = readAttribute(at: position)
                if attributes[attributeName] == nil { attributes[attributeName] = value }
                position = end
            }
            emit(.startTag(name: name, attributes: attributes, selfClosing: selfClosing))
            index = position + 1
            if !selfClosing && Self.rawTextElements.contains(name) { skipRawText(of: name) }
            return true
        }

        private func readAttribute(at start: Int) -> (name: String, value: String, end: Int) {
            var position = start + 1
            while position < scalars.count, !isSpace(scalars[position]),
                !"=>/".unicodeScalars.contains(scalars[position])
            {
                position += 1
            }
            let name = lowercased(start..<position)
            var lookahead = position
            while lookahead < scalars.count, isSpace(scalars[lookahead]) { lookahead += 1 }
            guard lookahead < scalars.count, scalars[lookahead] == "=" else { return (name, "", position) }
            position = lookahead + 1
            while position < scalars.count, isSpace(scalars[position]) { position += 1 }
            guard position < scalars.count else { return (name, "", position) }
            let quote = scalars[position]
            let valueStart: Int
            var valueEnd: Int
            if quote == "\"" || quote == "'" {
                valueStart = position + 1
                valueEnd = valueStart
                while valueEnd < scalars.count, scalars[valueEnd] != quote { valueEnd += 1 }
                position = min(valueEnd + 1, scalars.count)
            } else {
                valueStart = position
                valueEnd = position
                while valueEnd < scalars.count, !isSpace(scalars[valueEnd]), scalars[valueEnd] != ">" { valueEnd += 1 }
                position = valueEnd
            }
            let raw = String(String.UnicodeScalarView(scalars[valueStart..<valueEnd]))
            return (name, Entities.decodeAll(raw), position)
        }

        /// Skips the content of a raw-text element up to its end tag, which it emits.
        private mutating func skipRawText(of name: String) {
            var position = index
            while position < scalars.count {
                if scalars[position] == "<", matches("</\(name)", at: position, caseInsensitive: true) {
                    let after = position + 2 + name.unicodeScalars.count
                    if after >= scalars.count || isTagNameEnd(scalars[after]) {
                        index = (firstIndex(of: ">", from: after) ?? scalars.count - 1) + 1
                        emit(.endTag(name: name))
                        return
                    }
                }
                position += 1
            }
            index = scalars.count
        }

        // MARK: Shortcodes

        /// Reads a shortcode at `[`; `false` when the `[` is text. `[[name]]` is WordPress's way of writing a
        /// shortcode as text: it becomes `[name]`.
        private mutating func readShortcode() -> Bool {
            if index + 1 < scalars.count, scalars[index + 1] == "[" {
                guard let (_, end) = shortcode(at: index + 1), end < scalars.count, scalars[end] == "]" else {
                    return false
                }
                let literal = String(String.UnicodeScalarView(scalars[index + 1..<end]))
                text.append(contentsOf: Entities.decodeAll(literal).unicodeScalars)
                index = end + 1
                return true
            }
            guard let (token, end) = shortcode(at: index) else { return false }
            emit(token)
            index = end
            return true
        }

        /// The shortcode token starting at `start` and the index after it.
        private func shortcode(at start: Int) -> (Token, Int)? {
            var position = start + 1
            let closing = position < scalars.count && scalars[position] == "/"
            if closing { position += 1 }
            let nameStart = position
            guard position < scalars.count, ("a"..."z").contains(scalars[position]) else { return nil }
            while position < scalars.count, isShortcodeNameCharacter(scalars[position]) { position += 1 }
            let name = String(String.UnicodeScalarView(scalars[nameStart..<position]))
            guard position < scalars.count else { return nil }
            if closing {
                guard scalars[position] == "]" else { return nil }
                return (.shortcodeEnd(name: name, text: source(start..<position + 1)), position + 1)
            }
            guard scalars[position] == "]" || scalars[position] == "/" || isSpace(scalars[position]) else { return nil }
            let limit = min(scalars.count, start + Self.maximumShortcodeLength)
            guard let close = firstIndex(of: "]", from: position, before: limit) else { return nil }
            var arguments = String(String.UnicodeScalarView(scalars[position..<close]))
            let selfClosing = arguments.hasSuffix("/")
            if selfClosing { arguments.removeLast() }
            guard Self.isShortcode(name, arguments: arguments) else { return nil }
            let shortcode = Shortcode(
                name: name, attributes: Self.shortcodeAttributes(arguments), selfClosing: selfClosing,
                text: source(start..<close + 1))
            return (.shortcode(shortcode), close + 1)
        }

        /// Whether `[name arguments]` reads as a shortcode rather than bracketed words ("[sic]", "[simple
        /// boat]"): a known name, or a bare name not among editors' words, or arguments that look like
        /// attributes (`=`, quotes, a URL).
        private static func isShortcode(_ name: String, arguments: String) -> Bool {
            if knownShortcodes.contains(name) { return true }
            if arguments.allSatisfy(\.isWhitespace) { return !editorialBrackets.contains(name) }
            return arguments.contains { "=\"“”".contains($0) } || arguments.contains("://")
        }

        /// `shortcode_parse_atts`: `name="value"`, `name='value'`, `name=value`, then positional values.
        static func shortcodeAttributes(_ arguments: String) -> [String: String] {
            var attributes: [String: String] = [:]
            var positional = 0
            var rest = Substring(arguments.replacing("\u{00A0}", with: " ").replacing("\u{200B}", with: " "))
            while true {
                rest = rest.drop(while: \.isWhitespace)
                guard !rest.isEmpty else { break }
                let name = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
                let afterName = rest[name.endIndex...].drop(while: \.isWhitespace)
                if !name.isEmpty, afterName.first == "=" {
                    let (value, remaining) = attributeValue(afterName.dropFirst().drop(while: \.isWhitespace))
                    attributes[name.lowercased()] = Entities.decodeAll(String(value))
                    rest = remaining
                } else {
                    let (value, remaining) = attributeValue(rest)
                    attributes[String(positional)] = Entities.decodeAll(String(value))
                    positional += 1
                    rest = remaining
                }
            }
            return attributes
        }

        /// A quoted value, or one up to the next white space; and what follows it.
        private static func attributeValue(_ text: Substring) -> (value: Substring, rest: Substring) {
            guard let quote = text.first, quote == "\"" || quote == "'" else {
                let value = text.prefix { !$0.isWhitespace }
                return (value, text[value.endIndex...])
            }
            let body = text.dropFirst()
            guard let end = body.firstIndex(of: quote) else { return (body, body[body.endIndex...]) }
            return (body[..<end], body[body.index(after: end)...])
        }

        // MARK: Scanning

        private func source(_ range: Range<Int>) -> String {
            Entities.decodeAll(String(String.UnicodeScalarView(scalars[range])))
        }

        private func lowercased(_ range: Range<Int>) -> String {
            String(String.UnicodeScalarView(scalars[range])).lowercased()
        }

        private func matches(_ literal: String, at position: Int, caseInsensitive: Bool = false) -> Bool {
            var offset = position
            for expected in literal.unicodeScalars {
                guard offset < scalars.count else { return false }
                let actual = scalars[offset]
                let equal =
                    caseInsensitive
                    ? actual.properties.lowercaseMapping == expected.properties.lowercaseMapping : actual == expected
                guard equal else { return false }
                offset += 1
            }
            return true
        }

        private func firstIndex(of scalar: Unicode.Scalar, from start: Int, before limit: Int? = nil) -> Int? {
            var position = start
            let end = limit ?? scalars.count
            while position < end {
                if scalars[position] == scalar { return position }
                position += 1
            }
            return nil
        }

        private mutating func skipPast(_ scalar: Unicode.Scalar, from start: Int) {
            flushText()
            index = (firstIndex(of: scalar, from: start) ?? scalars.count - 1) + 1
        }

        private func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\n" || scalar == "\t"
        }

        private func isTagNameEnd(_ scalar: Unicode.Scalar) -> Bool {
            isSpace(scalar) || scalar == "/" || scalar == ">"
        }

        private func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
        }

        private func isShortcodeNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
        }
    }
}
