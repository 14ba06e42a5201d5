import Foundation

/// Turns French text into search terms: lowercase, without elisions and stop words, stemmed, folded to ASCII.
/// `"L’Économie"` and `"économiques"` both give `"econom"`; `"Goïta"` and `"Goita"` both give `"goit"`.
public enum FrenchAnalyzer {
    /// The search term for one token, or `nil` for a stop word or a token with nothing left.
    ///
    /// Lowercases, reads `’` and `ʼ` as `'`, trims apostrophes at both ends, drops a leading elision (`l'`, `d'`,
    /// `j'`, `m'`, `n'`, `s'`, `t'`, `c'`, `qu'`, `jusqu'`, `lorsqu'`, `puisqu'`, `quoiqu'`), then stems with
    /// ``FrenchStemmer`` and folds the stem to ASCII with ``Folding``.
    public static func normalize(_ token: String) -> String? {
        if let known = memoLock.withLock({ memo[token] }) { return known }
        let term = analyze(token)
        memoLock.withLock {
            if memo.count >= memoLimit { memo.removeAll(keepingCapacity: true) }
            memo[token] = term
        }
        return term
    }

    /// The terms of the tokens seen most recently: a language has far fewer word forms than a network has words,
    /// and indexing, snippets and related articles stem the same forms again and again. Read and written under
    /// `memoLock` only.
    nonisolated(unsafe) private static var memo: [String: String?] = [:]
    private static let memoLock = NSLock()
    private static let memoLimit = 200_000

    private static func analyze(_ token: String) -> String? {
        var word = withASCIIApostrophes(composed(token.lowercased()))
        word = withoutElision(trimmingApostrophes(word))
        guard !word.isEmpty, !FrenchStopWords.contains(word) else { return nil }
        let stem = FrenchStemmer.stem(word)
        return stem.utf8.allSatisfy { $0 < 0x80 } ? stem : Folding.fold(stem)
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
