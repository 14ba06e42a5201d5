import Foundation

/// Turns French text into search terms: lowercase, without elisions, stemmed, folded to ASCII.
/// `"L’Économie"` and `"économiques"` both give `"econom"`; `"Goïta"` and `"Goita"` both give `"goit"`.
///
/// Each word has two forms: its **term** (the stem, what a search for the word matches: `avions` and `avion` are
/// the same term) and its **surface** (the word as typed, lowercase and folded: what a prefix such as `ordinat*`
/// is compared with, as stems are cut shorter than readers type). Stop words (`le`, `des`, and `avions`, a form of
/// *avoir* as well as the plural of *avion*) have terms too: the index keeps them, and a query leaves them out
/// only when it has other words (``SearchExpression/searchableTerms(isStopWord:)``).
public enum FrenchAnalyzer {
    /// The term of one token, or `nil` for a token with nothing left: the word (see ``word(_:)``) stemmed with
    /// ``FrenchStemmer`` and folded to ASCII with ``Folding``.
    public static func term(_ token: String) -> String? {
        analysis(token).term
    }

    /// The term of one token, or `nil` for a stop word or a token with nothing left: what related articles and
    /// summaries compare, where words such as `le` or `des` say nothing of a text.
    public static func normalize(_ token: String) -> String? {
        let analysis = analysis(token)
        return analysis.isStopWord ? nil : analysis.term
    }

    /// The surface of one token: the word (see ``word(_:)``) folded to ASCII, not stemmed; `nil` when nothing is
    /// left.
    public static func surface(_ token: String) -> String? {
        analysis(token).surface
    }

    /// Whether the token is a French stop word (`le`, `des`, `avions`…), elision and case aside.
    public static func isStopWord(_ token: String) -> Bool {
        analysis(token).isStopWord
    }

    /// The word a token stands for: lowercase, `’` and `ʼ` read as `'`, apostrophes trimmed at both ends, a
    /// leading elision dropped (`l'`, `d'`, `j'`, `m'`, `n'`, `s'`, `t'`, `c'`, `qu'`, `jusqu'`, `lorsqu'`,
    /// `puisqu'`, `quoiqu'`).
    public static func word(_ token: String) -> String {
        withoutElision(trimmingApostrophes(withASCIIApostrophes(composed(token.lowercased()))))
    }

    /// What one token gives: its term, its surface, and whether it is a stop word.
    private struct Analysis {
        var term: String?
        var surface: String?
        var isStopWord: Bool
    }

    private static func analysis(_ token: String) -> Analysis {
        if let known = memoLock.withLock({ memo[token] }) { return known }
        let result = analyze(token)
        memoLock.withLock {
            if memo.count >= memoLimit { memo.removeAll(keepingCapacity: true) }
            memo[token] = result
        }
        return result
    }

    /// The analyses of the tokens seen most recently: a language has far fewer word forms than a network has
    /// words, and indexing, snippets and related articles stem the same forms again and again. Read and written
    /// under `memoLock` only.
    nonisolated(unsafe) private static var memo: [String: Analysis] = [:]
    private static let memoLock = NSLock()
    private static let memoLimit = 200_000

    private static func analyze(_ token: String) -> Analysis {
        let word = word(token)
        guard !word.isEmpty else { return Analysis(term: nil, surface: nil, isStopWord: false) }
        return Analysis(
            term: folded(FrenchStemmer.stem(word)), surface: folded(word), isStopWord: FrenchStopWords.contains(word))
    }

    private static func folded(_ text: String) -> String {
        text.utf8.allSatisfy { $0 < 0x80 } ? text : Folding.fold(text)
    }

    /// The search terms of `text`, in order, duplicates kept: its runs of letters, digits and apostrophes
    /// (`'`, `’` or `ʼ`), each passed through ``normalize(_:)``.
    public static func terms(in text: String) -> [String] {
        text.split { !isWordCharacter($0) }.compactMap { normalize(String($0)) }
    }

    private static let elisions: Set<String> = [
        "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
    ]

    private static func withoutElision(_ word: String) -> String {
        guard let apostrophe = word.firstIndex(of: "'"), elisions.contains(String(word[..<apostrophe])) else {
            return word
        }
        return String(word[word.index(after: apostrophe)...])
    }

    private static func trimmingApostrophes(_ word: String) -> String {
        guard word.first == "'" || word.last == "'" else { return word }
        var trimmed = word.drop { $0 == "'" }
        while trimmed.last == "'" { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }

    private static func withASCIIApostrophes(_ word: String) -> String {
        guard word.unicodeScalars.contains(where: isTypographicApostrophe) else { return word }
        var scalars = String.UnicodeScalarView()
        for scalar in word.unicodeScalars {
            scalars.append(isTypographicApostrophe(scalar) ? "'" : scalar)
        }
        return String(scalars)
    }

    /// Precomposes decomposed accents (`e` + U+0301 → `é`), which the stemmer would not recognise.
    private static func composed(_ word: String) -> String {
        let hasCombiningMark = word.unicodeScalars.contains { (0x300...0x36F).contains($0.value) }
        return hasCombiningMark ? word.precomposedStringWithCanonicalMapping : word
    }

    private static func isTypographicApostrophe(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\u{2019}" || scalar == "\u{02BC}"
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isWholeNumber || character == "'" || character == "\u{2019}"
    }
}
