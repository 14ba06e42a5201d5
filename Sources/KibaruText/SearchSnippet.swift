/// The passage of a text shown under a search hit: a few words before the first word the search matched and what
/// follows, each matched word between two marks. Words match as the index matched them (``FrenchAnalyzer``): by
/// their term (`gouvernements` for `gouvernement`), or by their surface for a prefix (`économique` for `econom*`).
///
/// Only the words up to the passage are analysed (FTS5's `snippet()` ran the tokenizer over whole bodies, most of a
/// search's time): the first passage that matches is shown rather than the one that matches most.
public enum SearchSnippet {
    /// What a search looks for: whole terms, and prefixes of surfaces (`dipl*`).
    public struct Terms: Sendable, Equatable {
        public let terms: Set<String>
        public let prefixes: [String]
        /// The first letters of the terms and prefixes, or `nil` when one does not start with an ASCII character
        /// (every word is then analysed).
        private let initials: Set<UInt8>?

        public init(terms: Set<String> = [], prefixes: [String] = []) {
            self.terms = terms
            self.prefixes = prefixes
            var initials: Set<UInt8>? = []
            for term in terms.union(prefixes) {
                guard let first = term.utf8.first, first < 0x80 else {
                    initials = nil
                    break
                }
                initials?.insert(first)
            }
            self.initials = initials
        }

        /// What the hits of a search highlight: the search terms of its wanted words, each given as the words a
        /// reader typed (a phrase has several) and whether its last word is a prefix (`dipl*`).
        public init(wanted: [(words: [String], isPrefix: Bool)]) {
            var terms = Set<String>(), prefixes: [String] = []
            for term in wanted {
                for (index, word) in term.words.enumerated() {
                    if term.isPrefix, index == term.words.count - 1 {
                        if let surface = FrenchAnalyzer.surface(word) { prefixes.append(surface) }
                    } else if let analysed = FrenchAnalyzer.term(word) {
                        terms.insert(analysed)
                    }
                }
            }
            self.init(terms: terms, prefixes: prefixes)
        }

        /// Whether a word of the text (its UTF-8) matches.
        func match(_ word: ArraySlice<UInt8>) -> Bool {
            guard mayMatch(word) else { return false }
            let token = String(decoding: word, as: UTF8.self)
            if !terms.isEmpty, let term = FrenchAnalyzer.term(token), terms.contains(term) { return true }
            guard !prefixes.isEmpty, let surface = FrenchAnalyzer.surface(token) else { return false }
            return prefixes.contains { surface.hasPrefix($0) }
        }

        /// Whether `word` may give a term starting with one of the initials: a term is the word's stem (a suffix
        /// cut) folded to ASCII and lowercase, so it starts with the word's first letter. A word with an
        /// apostrophe (`l’économie`, `'avion`, `lʼÉtat`: elisions and quotes) is always analysed. Analysing a word
        /// costs far more than this check.
        private func mayMatch(_ word: ArraySlice<UInt8>) -> Bool {
            guard let initials else { return true }
            guard let first = Self.folded(word, at: word.startIndex) else { return true }  // a letter it cannot fold
            if initials.contains(first) { return true }
            for index in word.indices {
                switch word[index] {
                case 0x27: return true  // '
                case 0xE2 where index + 2 < word.endIndex && word[index + 1] == 0x80 && word[index + 2] == 0x99:
                    return true  // ’
                case 0xCA where index + 1 < word.endIndex && word[index + 1] == 0xBC: return true  // ʼ
                default: continue
                }
            }
            return false
        }

        /// The character at `index` lowercased and folded to ASCII (`É` → `e`), `nil` when it is none this knows.
        private static func folded(_ word: ArraySlice<UInt8>, at index: Int) -> UInt8? {
            guard index < word.endIndex else { return nil }
            let byte = word[index]
            if byte < 0x80 { return (0x41...0x5A).contains(byte) ? byte + 0x20 : byte }
            guard byte == 0xC3, index + 1 < word.endIndex else { return nil }
            // Latin-1 letters À…ÿ (U+00C0…U+00FF) by their second byte, capitals (0x80…0x9E) as small ones.
            let second = word[index + 1]
            guard second != 0x9F else { return nil }  // ß
            switch second | 0x20 {
            case 0xA0...0xA5: return UInt8(ascii: "a")
            case 0xA7: return UInt8(ascii: "c")
            case 0xA8...0xAB: return UInt8(ascii: "e")
            case 0xAC...0xAF: return UInt8(ascii: "i")
            case 0xB1: return UInt8(ascii: "n")
            case 0xB2...0xB6, 0xB8: return UInt8(ascii: "o")
            case 0xB9...0xBC: return UInt8(ascii: "u")
            case 0xBD, 0xBF: return UInt8(ascii: "y")
            default: return nil
            }
        }
    }

    /// The passage of `text` for `terms`: `length` words starting a few words before the first match (at the
    /// start of the text when nothing matches, as when the search matched the title only), with `…` where the
    /// text was cut and each matching word between `open` and `close`.
    public static func make(
        _ text: String, terms: Terms, length: Int = 24, open: Character, close: Character
    ) -> String {
        let context = 4
        var bytes = Array(text.utf8)
        // The marks themselves, should a text hold them, are left out: only the matches are marked.
        let markStarts = [open, close].compactMap { $0.utf8.first }
        if bytes.contains(where: markStarts.contains) {
            bytes = Array(String(text.unicodeScalars.filter { Character($0) != open && Character($0) != close }).utf8)
        }
        var words: [Range<Int>] = []
        var firstMatch: Int?
        var matches = Set<Int>()
        var scanner = WordScanner(bytes: bytes)
        while let word = scanner.next() {
            let index = words.count
            words.append(word)
            if terms.match(bytes[word]) {
                matches.insert(index)
                if firstMatch == nil { firstMatch = index }
            }
            if let firstMatch, words.count >= max(0, firstMatch - context) + length { break }
        }
        guard !words.isEmpty else { return "" }
        let start = max(0, (firstMatch ?? 0) - context)
        let end = min(words.count, start + length)
        var passage: [UInt8] = start > 0 ? Array("…".utf8) : []
        passage.reserveCapacity(words[end - 1].upperBound - words[start].lowerBound + 64)
        let openBytes = Array(String(open).utf8), closeBytes = Array(String(close).utf8)
        var position = words[start].lowerBound
        for index in start..<end {
            let word = words[index]
            passage += bytes[position..<word.lowerBound]
            if matches.contains(index) {
                passage += openBytes + bytes[word] + closeBytes
            } else {
                passage += bytes[word]
            }
            position = word.upperBound
        }
        if end < words.count || scanner.hasMore {
            passage += "…".utf8
        } else {
            passage += bytes[position...]  // the end of the text: its last punctuation
        }
        return String(decoding: passage, as: UTF8.self)
    }
}

/// The words of a text's UTF-8, in order, as byte ranges: runs of letters, digits, combining marks and
/// apostrophes (`'`, `’`), as ``FrenchAnalyzer/terms(in:)`` reads them. ASCII is read byte by byte; other
/// characters are decoded to ask Unicode.
private struct WordScanner {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Whether a word remains after the last one given (the passage was cut).
    var hasMore: Bool {
        var copy = self
        return copy.next() != nil
    }

    mutating func next() -> Range<Int>? {
        while position < bytes.count {
            let (isWord, size) = scalar(at: position)
            if isWord { break }
            position += size
        }
        guard position < bytes.count else { return nil }
        let start = position
        while position < bytes.count {
            let (isWord, size) = scalar(at: position)
            if !isWord { break }
            position += size
        }
        return start..<position
    }

    /// Whether the character starting at `offset` belongs to a word, and its length in bytes.
    private func scalar(at offset: Int) -> (isWord: Bool, size: Int) {
        let byte = bytes[offset]
        if byte < 0x80 {
            let isWord = (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte)
                || byte == 0x27
            return (isWord, 1)
        }
        let size = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
        guard offset + size <= bytes.count, size > 1 else { return (false, 1) }
        var value = UInt32(byte) & (0xFF >> UInt32(size + 1))
        for continuation in bytes[offset + 1..<offset + size] { value = value << 6 | UInt32(continuation & 0x3F) }
        guard let scalar = Unicode.Scalar(value) else { return (false, 1) }
        let properties = scalar.properties
        let isWord = properties.isAlphabetic || properties.numericType != nil || scalar == "\u{2019}"
            || properties.generalCategory == .nonspacingMark
        return (isWord, size)
    }
}
