import Foundation
import KibaruText

extension WordPressHTML {
    /// One block of the Markdown written.
    enum Block {
        /// Inline text, lines joined by hard breaks.
        case paragraph(String)
        /// A list, given its marker only when written, so that two lists in a row get different markers.
        case list(List)
        /// A heading, code block, table, quote or thematic break, as written.
        case other(String)
        /// A `::: figure` or `::: lire-aussi` block: only ever at the top level of the document.
        case kibaru(String)
    }

    struct List {
        var ordered: Bool
        var start: Int
        /// Each item's content, already written.
        var items: [String]

        /// Whether CommonMark lets this list start right after a paragraph line (a "tight" nested list).
        var canInterruptParagraph: Bool { !ordered || start == 1 }
    }

    /// Markdown syntax: escaping text, joining and nesting blocks.
    enum Markdown {
        /// A hard line break inside a paragraph, written as a backslash at the end of the line.
        static let hardBreak = "\\\n"

        /// Joins blocks with one blank line; a list right after another list gets the other marker (`-`/`*`,
        /// `.`/`)`), since CommonMark would otherwise merge them. When `tight`, a list follows the paragraph it
        /// belongs to on the next line (the content of a list item).
        static func join(_ blocks: [Block], tight: Bool = false) -> String {
            var written = ""
            var previous: Block?
            var previousMarker: Character?
            for block in blocks {
                var marker: Character?
                let text: String
                switch block {
                case .paragraph(let value), .other(let value), .kibaru(let value):
                    text = value
                case .list(let list):
                    let markers: (Character, Character) = list.ordered ? (".", ")") : ("-", "*")
                    marker = previousMarker == markers.0 ? markers.1 : markers.0
                    text = write(list, marker: marker ?? markers.0)
                }
                if let previous {
                    written += separator(after: previous, before: block, tight: tight)
                }
                written += text
                previous = block
                previousMarker = marker
            }
            return written
        }

        private static func separator(after previous: Block, before block: Block, tight: Bool) -> String {
            guard tight, case .paragraph = previous, case .list(let list) = block, list.canInterruptParagraph else {
                return "\n\n"
            }
            return "\n"
        }

        /// A list with the given marker; loose (items apart) when an item holds several blocks.
        static func write(_ list: List, marker: Character) -> String {
            let loose = list.items.contains { $0.contains("\n\n") }
            var lines: [String] = []
            for (offset, item) in list.items.enumerated() {
                let bullet = list.ordered ? "\(list.start + offset)\(marker)" : String(marker)
                lines.append(indent(item, first: bullet + " ", rest: String(repeating: " ", count: bullet.count + 1)))
            }
            return lines.joined(separator: loose ? "\n\n" : "\n")
        }

        /// `text` with `first` before its first line and `rest` before every other non-empty line.
        static func indent(_ text: String, first: String, rest: String) -> String {
            guard !text.isEmpty else { return first.trimmingTrailingSpaces }
            return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { offset, line in
                if offset == 0 { return first + line }
                return line.isEmpty ? "" : rest + line
            }.joined(separator: "\n")
        }

        /// A block quote: `> ` before every line, `>` alone on blank ones.
        static func quote(_ text: String) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? ">" : "> " + $0 }
                .joined(separator: "\n")
        }

        /// Escapes text so that it renders as typed. Outside links, `http(s)://` URLs become autolinks.
        static func escape(_ text: String, autolinks: Bool) -> String {
            guard autolinks else { return escapeCharacters(text) }
            var written = ""
            var rest = Substring(text)
            while let url = firstURL(in: rest) {
                written += escapeCharacters(rest[..<url.startIndex])
                written += "<\(url)>"
                rest = rest[url.endIndex...]
            }
            return written + escapeCharacters(rest)
        }

        /// The first `http://` or `https://` URL of a text, without what ends the sentence around it (`.`, `,`,
        /// `)` when unbalanced…).
        private static func firstURL(in text: Substring) -> Substring? {
            // Most texts hold no URL: told by their bytes, before a search that ignores case.
            guard text.containsBytes(of: "://") else { return nil }
            var searchStart = text.startIndex
            while let scheme = text[searchStart...].range(of: "http", options: .caseInsensitive) {
                var end = scheme.upperBound
                if end < text.endIndex, text[end] == "s" || text[end] == "S" { end = text.index(after: end) }
                guard text[end...].hasPrefix("://") else {
                    searchStart = scheme.upperBound
                    continue
                }
                end = text.index(end, offsetBy: 3)
                let afterScheme = end
                while end < text.endIndex, !text[end].isWhitespace, !"<>\"`".contains(text[end]),
                    !WordPressHTML.Mark.isMark(text[end])
                {
                    end = text.index(after: end)
                }
                var url = text[scheme.lowerBound..<end]
                while let last = url.last {
                    if ".,;:!?'’»”*_~".contains(last) {
                        url.removeLast()
                    } else if last == ")", url.count(where: { $0 == "(" }) < url.count(where: { $0 == ")" }) {
                        url.removeLast()
                    } else {
                        break
                    }
                }
                if url.endIndex > afterScheme { return url }
                searchStart = end
            }
            return nil
        }

        /// Puts a backslash before each of `` \`*_[]<>&|~ ``. They are ASCII, so the bytes are read, not the
        /// characters: comparing characters made a third of a post's conversion.
        private static func escapeCharacters(_ text: some StringProtocol) -> String {
            var escaped: [UInt8] = []
            escaped.reserveCapacity(text.utf8.count + 16)
            for byte in text.utf8 {
                if byte < 0x80, escapedBytes[Int(byte)] { escaped.append(UInt8(ascii: "\\")) }
                escaped.append(byte)
            }
            return String(decoding: escaped, as: UTF8.self)
        }

        private static let escapedBytes: [Bool] = (0..<128).map { byte in
            "\\`*_[]<>&|~".utf8.contains(UInt8(byte))
        }

        /// Escapes what would start a block at the start of a paragraph line: `#`, `-`, `+`, `=`, `:`, `>`
        /// and `1.`/`1)`. Other markup characters are escaped wherever they are.
        static func escapeLineStart(_ line: String) -> String {
            guard let first = line.first else { return line }
            if "#-+=:>".contains(first) { return "\\" + line }
            guard first.isASCII, first.isNumber else { return line }
            let digits = line.prefix(while: { $0.isASCII && $0.isNumber })
            guard digits.count <= 9, let marker = line.dropFirst(digits.count).first, marker == "." || marker == ")"
            else { return line }
            return digits + "\\" + line.dropFirst(digits.count)
        }

        /// A code span with enough backticks for its content.
        static func codeSpan(_ code: String) -> String {
            let fence = String(repeating: "`", count: longestRun(of: "`", in: code) + 1)
            let padded = code.hasPrefix("`") || code.hasSuffix("`") || (code.hasPrefix(" ") && code.hasSuffix(" "))
            return padded ? "\(fence) \(code) \(fence)" : "\(fence)\(code)\(fence)"
        }

        /// A fenced code block, with a fence longer than any backtick run of the code.
        static func codeBlock(_ code: String, language: String?) -> String {
            let fence = String(repeating: "`", count: max(3, longestRun(of: "`", in: code) + 1))
            return "\(fence)\(language ?? "")\n\(code)\n\(fence)"
        }

        static func longestRun(of character: Character, in text: String) -> Int {
            var longest = 0
            var current = 0
            for scalar in text {
                current = scalar == character ? current + 1 : 0
                longest = max(longest, current)
            }
            return longest
        }

        /// A link destination: spaces percent-encoded, parentheses, angle brackets and backslashes escaped.
        static func destination(_ url: String) -> String {
            var written = ""
            for character in url {
                switch character {
                case " ": written += "%20"
                case "(", ")", "<", ">", "\\": written += "\\\(character)"
                default: written.append(character)
                }
            }
            return written
        }

        /// `<url>` when CommonMark reads it as an autolink, else `[url](url)`.
        static func autolink(_ url: String) -> String {
            let plain = url.allSatisfy { !$0.isWhitespace && $0 != "<" && $0 != ">" && !$0.isASCIIControl }
            return plain ? "<\(url)>" : "[\(escape(url, autolinks: false))](\(destination(url)))"
        }
    }
}

extension Character {
    fileprivate var isASCIIControl: Bool { isASCII && (asciiValue ?? 0) < 0x20 }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
