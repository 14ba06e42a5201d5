import Foundation

extension WordPressHTML {
    /// Paragraphs pointing at another article — "LIRE AUSSI : <a>Titre</a>" — read as `::: lire-aussi` blocks.
    ///
    /// The paragraph starts with "Lire aussi", "À lire aussi", "A LIRE AUSSI", "Lire également" or "Voir aussi"
    /// (any case, bold or not, an optional colon or dash after). Each link then gives a title, provided the
    /// paragraph holds nothing but the links; without links, the rest of each line is a title, provided a colon,
    /// a dash, a marker in capitals, quotation marks or a capital letter show that it is one, not a sentence
    /// ("Voir aussi la carte").
    enum ReadAlso {
        /// The words of a marker, lowercased and without accents.
        private static let markers: Set<[String]> = [
            ["lire", "aussi"], ["lire", "egalement"], ["voir", "aussi"], ["a", "lire", "aussi"],
            ["a", "lire", "egalement"],
        ]
        private static let separators: Set<Character> = [":", "-", "–", "—"]
        private static let quotes: Set<Character> = ["«", "»", "\"", "“", "”", "„", "‘", "’", "'", "‹", "›"]
        private static let maximumTitleLength = 300

        /// The titles a paragraph names, or `nil` when it is not a LIRE AUSSI paragraph.
        static func titles(_ items: [Writer.Item], autop: Bool) -> [String]? {
            let (text, links) = plainText(items, autop: autop)
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let markerEnd = markerEnd(in: Substring(trimmed)) else { return nil }
            let markerText = trimmed[..<markerEnd]
            var rest = trimmed[markerEnd...].drop(while: \.isWhitespace)
            let separated = rest.first.map(separators.contains) ?? false
            rest = rest.drop { separators.contains($0) || $0.isWhitespace }
            let titles: [String]
            if links.isEmpty {
                let announced = rest.first.map { quotes.contains($0) || $0.isUppercase } ?? false
                guard separated || announced || markerText == markerText.uppercased() else { return nil }
                titles = rest.split(separator: "\n").map(cleanTitle)
            } else {
                titles = links.map { cleanTitle(withoutMarker($0)) }
                var leftover = String(rest)
                for title in titles {
                    if let range = leftover.range(of: title) { leftover.removeSubrange(range) }
                }
                guard !leftover.contains(where: { $0.isLetter || $0.isNumber }) else { return nil }
            }
            let named = titles.filter { !$0.isEmpty }
            guard !named.isEmpty, named.allSatisfy({ $0.count <= maximumTitleLength }) else { return nil }
            return named
        }

        /// The `::: lire-aussi` block naming an article by its title.
        static func block(_ title: String) -> Block {
            .kibaru("::: lire-aussi\ntitle: \(title)\n:::")
        }

        /// The text of a paragraph, line breaks as line ends, and the text of each link Kibaru keeps.
        private static func plainText(_ items: [Writer.Item], autop: Bool) -> (String, [String]) {
            var text = ""
            var links: [String] = []
            func collect(_ node: Node) {
                switch node.kind {
                case .text:
                    text += autop ? node.text : node.text.replacing("\n", with: " ")
                case .element where node.name == "br":
                    text += "\n"
                case .element where Writer.droppedElements.contains(node.name):
                    break
                default:
                    let offset = text.count
                    let isBlock = node.isElement(blockElements)
                    if isBlock { text += "\n" }
                    node.children.forEach(collect)
                    if isBlock { text += "\n" }
                    if node.isElement("a"), URLs.linkTarget(node.attributes["href"]) != nil {
                        let linked = Writer.singleLine(String(text.dropFirst(offset)))
                        if !linked.isEmpty { links.append(linked) }
                    }
                }
            }
            for item in items {
                switch item {
                case .lineEnd: text += "\n"
                case .text(let line): text += line
                case .node(let node): collect(node)
                }
            }
            return (text, links)
        }

        /// Where the marker a text starts with ends: after its last word, followed by the end of the text, white
        /// space, a separator or a quotation mark.
        private static func markerEnd(in text: Substring) -> Substring.Index? {
            var words: [String] = []
            var index = text.startIndex
            while words.count < 3 {
                while index < text.endIndex, text[index].isWhitespace { index = text.index(after: index) }
                let start = index
                while index < text.endIndex, text[index].isLetter { index = text.index(after: index) }
                guard index > start else { return nil }
                words.append(
                    text[start..<index].folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil))
                guard markers.contains(words) else { continue }
                guard index < text.endIndex else { return index }
                let next = text[index]
                return next.isWhitespace || separators.contains(next) || quotes.contains(next) ? index : nil
            }
            return nil
        }

        /// A link's text without a marker it may start with (the whole "Lire aussi : Titre" linked).
        private static func withoutMarker(_ text: String) -> String {
            guard let end = markerEnd(in: Substring(text)) else { return text }
            return String(text[end...].drop { separators.contains($0) || $0.isWhitespace })
        }

        private static func cleanTitle(_ text: some StringProtocol) -> String {
            Writer.singleLine(String(text)).trimmingCharacters(in: .whitespaces.union(quoteSet))
        }

        private static let quoteSet = CharacterSet(charactersIn: "«»\"“”„‘’'‹›")
    }
}
