import Foundation
import KibaruCore
import KibaruText

/// Turns a reader's parsed search (``SearchExpression``) into an FTS5 MATCH expression, built by hand (never
/// `FTS5Pattern`: see docs/decisions/0007) so that nothing typed is ever FTS5 syntax: every word is quoted.
///
/// `mali "forces armées" -russie dipl*` → `("mali" "forces armées" "dipl"*) NOT ("russie")`.
enum MatchExpression {
    /// The MATCH expression of `expression`. The index's tokenizer (``FrenchTokenizer``) reads each quoted string:
    /// a word as its stem, a prefix's words as typed.
    static func make(from expression: SearchExpression) -> String {
        let wanted = expression.searchableTerms(isStopWord: FrenchAnalyzer.isStopWord)
        let positive = "(" + wanted.map(fts5).joined(separator: " ") + ")"
        let excluded = expression.excluded
        guard !excluded.isEmpty else { return positive }
        return positive + " NOT (" + excluded.map(fts5).joined(separator: " OR ") + ")"
    }

    /// A term as FTS5 reads it: its words as one quoted phrase, followed by `*` for a prefix.
    private static func fts5(_ term: SearchExpression.Term) -> String {
        quoted(term.words.joined(separator: " ")) + (term.isPrefix ? "*" : "")
    }

    /// An FTS5 string: a `"` inside (a letter's combining mark may carry one) is doubled, so it never ends it.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
