import GRDB
import KibaruText

/// The search index's tokenizer: SQLite's `unicode61` splits the text (accents kept, so that the stemmer sees
/// them), then each word is lowercased, stripped of its elision, dropped when it is a stop word, stemmed with
/// Snowball French and folded to ASCII ("Goïta" and "Goita" are the same word; so are "terroriste" and
/// "terrorisme"). Registered on every connection by ``SQLiteStore/open(path:)``.
final class FrenchTokenizer: FTS5WrapperTokenizer {
    static let name = "kibaru_fr"
    let wrappedTokenizer: any FTS5Tokenizer

    init(db: Database, arguments: [String]) throws {
        wrappedTokenizer = try db.makeTokenizer(.unicode61(diacritics: .keep))
    }

    func accept(
        token: String, flags: FTS5TokenFlags, for tokenization: FTS5Tokenization, tokenCallback: FTS5WrapperTokenCallback
    ) throws {
        guard let term = FrenchAnalyzer.normalize(token) else { return }
        try tokenCallback(term, flags)
    }
}
