import FuzzSupport
import GRDB
import KibaruCore
@testable import KibaruSQLite

/// An in-memory index shaped like `article_search` (migration M0012), with Kibaru's French tokenizer.
private let database: DatabaseQueue = {
    var configuration = Configuration()
    configuration.prepareDatabase { db in db.add(tokenizer: FrenchTokenizer.self) }
    do {
        let queue = try DatabaseQueue(configuration: configuration)
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE VIRTUAL TABLE article_search USING fts5(
                        title, standfirst, tags, body, site, tokenize = '\(FrenchTokenizer.name)', prefix = '3 4');
                    INSERT INTO article_search VALUES ('Le Mali et l''économie', 'Bamako', 'Sahel-Sahara',
                        'Les forces armées maliennes « diplomatie » 2024', 'site-1');
                    """)
        }
        return queue
    } catch {
        Fuzz.fail("search-query/harness", "cannot create the index: \(error)")
    }
}()

/// What a reader types in the search box, read (`SearchExpression(parsing:)`) then turned into FTS5
/// (`MatchExpression.make(from:)`), run as SearchIndex runs it.
///
/// Invariants:
/// - the only errors are `SearchError`s;
/// - the expression is made of quoted strings (`""` inside), `*` right after a string, `(`, `)`, spaces, `NOT` and
///   `OR` only, with balanced parentheses: nothing typed is FTS5 syntax;
/// - FTS5 accepts it: `article_search MATCH '{title standfirst tags body} : (…)'` runs without an error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSearchQuery(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = Fuzz.string(data, size)
    let expression: String
    do {
        expression = try MatchExpression.make(from: SearchExpression(parsing: text))
    } catch is SearchError {
        return 0
    } catch {
        Fuzz.fail("search-query/unexpected-error", "\(type(of: error)): \(error)")
    }
    if let problem = structureProblem(expression) {
        Fuzz.fail(
            "search-query/structure",
            "\(problem)\nquery: \(Fuzz.show(text, limit: 300))\nMATCH: \(Fuzz.show(expression, limit: 400))")
    }
    let match = "{title standfirst tags body} : (" + expression + ")"
    do {
        _ = try database.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM article_search WHERE article_search MATCH ?", arguments: [match])
        }
    } catch {
        Fuzz.fail(
            "search-query/fts5-error",
            "FTS5 refuses the expression: \(error)\nquery: \(Fuzz.show(text, limit: 300))\nMATCH: "
                + Fuzz.show(expression, limit: 400))
    }
    return 0
}

/// Reads the expression on scalars: strings, `*` after a string, parentheses, spaces, `NOT`, `OR`.
private func structureProblem(_ expression: String) -> String? {
    let scalars = Array(expression.unicodeScalars)
    var index = 0
    var depth = 0
    var afterString = false
    while index < scalars.count {
        let scalar = scalars[index]
        switch scalar {
        case "\"":
            index += 1
            var closed = false
            while index < scalars.count {
                if scalars[index] == "\"" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                        index += 2
                        continue
                    }
                    closed = true
                    index += 1
                    break
                }
                index += 1
            }
            if !closed { return "unterminated string" }
            afterString = true
            continue
        case "*":
            if !afterString { return "`*` not right after a string at scalar \(index)" }
            afterString = false
        case "(":
            depth += 1
            afterString = false
        case ")":
            depth -= 1
            if depth < 0 { return "unbalanced `)` at scalar \(index)" }
            afterString = false
        case " ":
            afterString = false
        case "N", "O":
            let word = scalar == "N" ? "NOT" : "OR"
            let end = index + word.unicodeScalars.count
            guard end <= scalars.count, String(String.UnicodeScalarView(scalars[index..<end])) == word else {
                return "unexpected \(scalar) at scalar \(index)"
            }
            index = end
            afterString = false
            continue
        default:
            return "unexpected \(scalar.escaped(asASCII: true)) outside a string at scalar \(index)"
        }
        index += 1
    }
    return depth == 0 ? nil : "unbalanced parentheses"
}
