import Foundation

/// What a reader typed in a search box, read once and for every store: words (all required), `"une phrase
/// exacte"` or `« une phrase »`, `-exclu` or `-"phrase exclue"`, `préfixe*`. Nothing typed is ever a store's own
/// syntax: each store turns these terms into its query language (FTS5 MATCH, `tsquery`).
///
/// Words joined by an apostrophe or a hyphen (`l'économie`, `Sahel-Sahara`) are one term, searched as a phrase.
/// `mali "forces armées" -russie dipl*` → `mali`, `forces armées` (phrase), `dipl` (prefix); `russie` excluded.
public struct SearchExpression: Equatable, Sendable {
    /// One word or phrase of the query.
    public struct Term: Equatable, Sendable {
        /// Letters and digits only: quotes, stars and every other sign separate words.
        public var words: [String]
        /// `dipl*`: the last word is a prefix (3 letters at least; a shorter one is searched as a word).
        public var isPrefix: Bool
        /// `-russie`: the hits must not contain it.
        public var isExcluded: Bool
        /// `"avions"`, `« le »`: typed between quotes, so searched even when it is a stop word.
        public var isQuoted: Bool

        public init(words: [String], isPrefix: Bool = false, isExcluded: Bool = false, isQuoted: Bool = false) {
            self.words = words
            self.isPrefix = isPrefix
            self.isExcluded = isExcluded
            self.isQuoted = isQuoted
        }
    }

    /// The longest query accepted, in characters.
    public static let maximumLength = 200
    /// The most terms (words or phrases) accepted.
    public static let maximumTerms = 12

    /// The terms in the order typed.
    public let terms: [Term]

    /// The terms the hits must contain (at least one).
    public var wanted: [Term] { terms.filter { !$0.isExcluded } }
    /// The terms the hits must not contain.
    public var excluded: [Term] { terms.filter(\.isExcluded) }

    /// Reads `text`. Throws ``SearchError`` for an empty query, one too long or of too many terms, an unclosed
    /// quote, or exclusions alone.
    public init(parsing text: String) throws(SearchError) {
        let text = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        guard !text.isEmpty else { throw SearchError.empty }
        guard text.count <= Self.maximumLength else {
            throw SearchError.tooLong(Self.maximumLength)
        }
        let terms = try Self.terms(of: text)
        guard !terms.isEmpty else { throw SearchError.empty }
        guard terms.count <= Self.maximumTerms else {
            throw SearchError.tooManyTerms(Self.maximumTerms)
        }
        guard terms.contains(where: { !$0.isExcluded }) else {
            throw SearchError.onlyExclusions
        }
        self.terms = terms
    }

    /// The wanted terms a store searches: a lone stop word typed without quotes (`le`, `des`, `avions`) is left
    /// out when the query has other terms, as it would rank every article alike; alone, or between quotes, or in a
    /// phrase, it is searched (the index keeps every word, so that « avions » finds the planes).
    public func searchableTerms(isStopWord: (String) -> Bool) -> [Term] {
        let precise = wanted.filter { term in
            term.isPrefix || term.isQuoted || term.words.count > 1 || !term.words.allSatisfy(isStopWord)
        }
        return precise.isEmpty ? wanted : precise
    }

    /// Splits the query into terms; an unclosed quote is an error.
    private static func terms(of text: Substring) throws(SearchError) -> [Term] {
        var terms: [Term] = []
        var rest = text
        while let start = rest.firstIndex(where: { !$0.isWhitespace }) {
            rest = rest[start...]
            var isExcluded = false
            if rest.first == "-" {
                isExcluded = true
                rest = rest.dropFirst()
            }
            if rest.first == "\"" || rest.first == "«" {
                let closing: Character = rest.first == "\"" ? "\"" : "»"
                let inside = rest.dropFirst()
                guard let end = inside.firstIndex(of: closing) else {
                    throw SearchError.unclosedQuote
                }
                let words = Self.words(of: inside[..<end])
                if !words.isEmpty { terms.append(Term(words: words, isExcluded: isExcluded, isQuoted: true)) }
                rest = inside[inside.index(after: end)...]
                if rest.first == "*" { rest = rest.dropFirst() }
                continue
            }
            let end = rest.firstIndex(where: \.isWhitespace) ?? rest.endIndex
            let chunk = rest[..<end]
            rest = rest[end...]
            let words = Self.words(of: chunk)
            guard !words.isEmpty else { continue }
            // A prefix of fewer than 3 letters would match most of the archive: it is searched as a word.
            let isPrefix = chunk.hasSuffix("*") && (words.last?.count ?? 0) >= 3
            terms.append(Term(words: words, isPrefix: isPrefix, isExcluded: isExcluded))
        }
        return terms
    }

    /// Runs of letters and digits; `ʼ` (a modifier letter, but an apostrophe to the analyzer) separates too, so
    /// that no word is left empty once the analyzer trims apostrophes.
    private static func words(of text: Substring) -> [String] {
        text.split(whereSeparator: { (!$0.isLetter && !$0.isNumber) || $0 == "\u{02BC}" }).map(String.init)
    }
}
