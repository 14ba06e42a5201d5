import GRDB
import KibaruText

/// The search index's tokenizer: SQLite's `unicode61` splits the text (accents kept, so that the stemmer sees
/// them), then ``FrenchAnalyzer`` gives each word's term (its stem folded to ASCII: "Goïta" and "Goita" are the
/// same word; so are "terroriste" and "terrorisme") and its surface (the word as typed, folded). Registered on
/// every connection by ``SQLiteStore/open(path:)``.
///
/// - A document gives each word's term, stop words included (« avions » is also a form of *avoir*), and at the
///   same position (`colocated`) its surface behind ``surfaceMark`` when it differs from the term.
/// - A query gives each word's term; a prefix query (`ordinat*`) gives its surface behind the mark and, as an
///   alternative, the surface itself, so that the prefix is compared with the words as written and with the terms
///   of the words whose term is their surface.
final class FrenchTokenizer: FTS5WrapperTokenizer {
    static let name = "kibaru_fr"
    /// What a surface starts with in the index, so that it is never taken for a term: `unicode61` never makes it
    /// part of a word.
    static let surfaceMark = "_"
    let wrappedTokenizer: any FTS5Tokenizer

    init(db: Database, arguments: [String]) throws {
        wrappedTokenizer = try db.makeTokenizer(.unicode61(diacritics: .keep))
    }

    func accept(
        token: String, flags: FTS5TokenFlags, for tokenization: FTS5Tokenization, tokenCallback: FTS5WrapperTokenCallback
    ) throws {
        if tokenization.contains(.prefix) {
            guard let surface = FrenchAnalyzer.surface(token) else { return }
            try tokenCallback(Self.surfaceMark + surface, flags)
            try tokenCallback(surface, flags.union(.colocated))
            return
        }
        guard let term = FrenchAnalyzer.term(token) else { return }
        try tokenCallback(term, flags)
        if tokenization.contains(.document), let surface = FrenchAnalyzer.surface(token), surface != term {
            try tokenCallback(Self.surfaceMark + surface, flags.union(.colocated))
        }
    }
}
