import Foundation
import KibaruCore
import KibaruText

/// Turns what a reader types into an FTS5 MATCH expression, built by hand (never `FTS5Pattern`: see
/// docs/decisions/0007) so that nothing typed is ever FTS5 syntax: every word is quoted.
///
/// Understood: words (all required), `"une phrase exacte"`, `-exclu` or `-"phrase exclue"`, `préfixe*`.
/// Words joined by an apostrophe or a hyphen (`l'économie`, `Sahel-Sahara`) are searched as a phrase.
/// `mali "forces armées" -russie dipl*` → `("mali" "forces armées" "dipl"*) NOT ("russie")`.
enum MatchExpression {
    /// The longest query accepted, in characters.
    static let maximumLength = 200
    /// The most terms (words or phrases) accepted.
    static let maximumTerms = 12

    private struct Term {
        var words: [Substring]
        var isPrefix: Bool
        var isExcluded: Bool

        var fts5: String {
            MatchExpression.quoted(words.joined(separator: " ")) + (isPrefix ? "*" : "")
        }
    }

    /// The MATCH expression of `input`; throws ``SearchError`` for an empty, unreadable or stop-word-only query.
    static func make(from input: String) throws -> String {
        let text = input.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw SearchError.empty }
        guard text.count <= maximumLength else {
            throw SearchError.malformed("La recherche dépasse \(maximumLength) caractères : raccourcissez-la.")
        }
        let terms = try parse(text)
        guard !terms.isEmpty else { throw SearchError.empty }
        guard terms.count <= maximumTerms else {
            throw SearchError.malformed("La recherche compte plus de \(maximumTerms) mots : gardez les plus précis.")
        }
        let wanted = terms.filter { !$0.isExcluded }
        let excluded = terms.filter(\.isExcluded)
        guard !wanted.isEmpty else {
            throw SearchError.malformed("Ajoutez au moins un mot à chercher : les mots précédés d’un tiret sont exclus.")
        }
        // A term whose words are all stop words matches nothing on its own; FTS5 ignores it inside an AND.
        let meaningful = wanted.filter { term in
            term.isPrefix || term.words.contains { FrenchAnalyzer.normalize(String($0)) != nil }
        }
        guard !meaningful.isEmpty else { throw SearchError.onlyCommonWords }
        let positive = "(" + meaningful.map(\.fts5).joined(separator: " ") + ")"
        guard !excluded.isEmpty else { return positive }
        return positive + " NOT (" + excluded.map(\.fts5).joined(separator: " OR ") + ")"
    }

    /// What the snippets of `input`'s hits highlight: the search terms of its words and prefixes, excluded ones
    /// aside (`input` was accepted by ``make(from:)``).
    static func snippetTerms(from input: String) -> SearchSnippet.Terms {
        var terms = Set<String>(), prefixes: [String] = []
        for term in (try? parse(input.trimmingCharacters(in: .whitespacesAndNewlines))) ?? [] where !term.isExcluded {
            for (index, word) in term.words.enumerated() {
                guard let normalized = FrenchAnalyzer.normalize(String(word)) else { continue }
                if term.isPrefix, index == term.words.count - 1 {
                    prefixes.append(normalized)
                } else {
                    terms.insert(normalized)
                }
            }
        }
        return SearchSnippet.Terms(terms: terms, prefixes: prefixes)
    }

    /// Splits the query into terms; an unclosed quote is an error.
    private static func parse(_ text: String) throws -> [Term] {
        var terms: [Term] = []
        var rest = Substring(text)
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
                    throw SearchError.malformed("Un guillemet n’est pas refermé : fermez la phrase exacte ou retirez-le.")
                }
                let words = splitWords(inside[..<end])
                if !words.isEmpty { terms.append(Term(words: words, isPrefix: false, isExcluded: isExcluded)) }
                rest = inside[inside.index(after: end)...]
                if rest.first == "*" { rest = rest.dropFirst() }
                continue
            }
            let end = rest.firstIndex(where: \.isWhitespace) ?? rest.endIndex
            let chunk = rest[..<end]
            rest = rest[end...]
            let words = splitWords(chunk)
            guard !words.isEmpty else { continue }
            // A prefix of fewer than 3 letters would match most of the archive: it is searched as a word.
            let isPrefix = chunk.hasSuffix("*") && (words.last?.count ?? 0) >= 3
            terms.append(Term(words: words, isPrefix: isPrefix, isExcluded: isExcluded))
        }
        return terms
    }

    /// An FTS5 string: a `"` inside (a letter's combining mark may carry one) is doubled, so it never ends it.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Letters and digits only: quotes, stars and every other sign are separators.
    private static func splitWords(_ text: Substring) -> [Substring] {
        text.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
    }
}
