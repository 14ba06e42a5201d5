import Foundation
import KibaruCore
import KibaruText
import PostgresNIO

/// PostgreSQL's full-text index of published articles (decision 0010, point 7): each article's words are analysed
/// by Kibaru's own French analyzer, exactly as SQLite's FTS5 tokenizer analyses them (``FrenchAnalyzer``: every
/// word's term, stop words included, and at the same position its surface behind ``surfaceMark`` when it differs),
/// and stored as a `tsvector` written by the store. Title and tags weigh `A`, the standfirst `B`, the body `C`.
enum PostgresSearchIndex {
    /// The `search_term` row counting the indexed articles (no text holds the empty term).
    static let indexedArticlesTerm = ""
    /// `ts_rank`'s weights, in PostgreSQL's order {D, C, B, A}: body 1, standfirst 4, title and tags 10 (SQLite's
    /// bm25 weighs title 10, tags 6, standfirst 4, body 1).
    static let rankWeights = "{0.0, 0.1, 0.4, 1.0}"
    /// What a surface starts with in the index, so that it is never taken for a term (as in SQLite's index).
    static let surfaceMark = "_"
    /// PostgreSQL's limits: positions from 1 to 16,383, 256 positions a lexeme, lexemes under 2 KB.
    static let lastPosition = 16_383, positionsPerLexeme = 255, longestLexeme = 2_000

    /// The words of `text`, as the index splits them: runs of letters and digits.
    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    /// The `tsvector` text of `text`: each word's term at the word's position and, at the same position, its
    /// surface behind ``surfaceMark`` when it differs from the term.
    static func document(_ text: String) -> String {
        var positions: [String: [Int]] = [:]
        func add(_ lexeme: String, at position: Int) {
            guard lexeme.utf8.count <= longestLexeme else { return }
            var list = positions[lexeme, default: []]
            guard list.count < positionsPerLexeme, list.last != position else { return }
            list.append(position)
            positions[lexeme] = list
        }
        var position = 0
        for word in words(text) {
            guard let term = FrenchAnalyzer.term(word) else { continue }
            position = min(position + 1, lastPosition)
            add(term, at: position)
            if let surface = FrenchAnalyzer.surface(word), surface != term { add(surfaceMark + surface, at: position) }
        }
        return positions.map { lexeme, at in quoted(lexeme) + ":" + at.map(String.init).joined(separator: ",") }
            .joined(separator: " ")
    }
}

extension PostgresTransaction {
    /// Puts an article in the index when it is published, takes it out otherwise, and keeps `search_term`'s
    /// counts of the articles holding each term: three statements, whatever the article's length.
    ///
    /// - Parameter countingTerms: `false` leaves `search_term` to ``countSearchTerms()``, for a job that indexes
    ///   every article in one transaction: there, the same counters updated once per article would each leave a
    ///   chain of row versions that every later update walks (a 10,000-article move ran for more than ten
    ///   minutes).
    func updateSearchIndex(articleID: Article.ID, countingTerms: Bool = true) async throws {
        // The article's text when it is published, and the terms it was indexed under before (`NULL` if it was not).
        guard let row = try await rows("""
            SELECT a.state = 'published' AS published, a.title, coalesce(a.standfirst, '') AS standfirst, a.body_text,
                a.site_id, a.published_at,
                coalesce((SELECT string_agg(t.name, ' ; ' ORDER BY x.position) FROM article_tag x JOIN tag t ON t.id = x.tag_id
                    WHERE x.article_id = a.id), '') AS tags,
                (SELECT tsvector_to_array(s.document) FROM article_search s WHERE s.article_id = a.id) AS indexed
            FROM article a WHERE a.id = \(articleID)
            """).first
        else { return }
        // Terms only: related articles compare terms, never surfaces.
        func counted(_ lexemes: [String]) -> Set<String> {
            Set(lexemes.filter { !$0.hasPrefix(PostgresSearchIndex.surfaceMark) } + [PostgresSearchIndex.indexedArticlesTerm])
        }
        let before = try row.get("indexed", as: [String]?.self).map(counted) ?? []
        var after: Set<String> = []
        if try row.get("published", as: Bool.self) {
            func document(_ column: String) throws -> String {
                PostgresSearchIndex.document(try row.get(column, as: String.self))
            }
            let terms = try await value("""
                INSERT INTO article_search (article_id, site_id, published_at, document)
                VALUES (\(articleID), \(try row.get("site_id", as: Int64.self)), \(try row.get("published_at", as: Date?.self)),
                    setweight(\(try document("title"))::TSVECTOR, 'A')
                    || setweight(\(try document("tags"))::TSVECTOR, 'A')
                    || setweight(\(try document("standfirst"))::TSVECTOR, 'B')
                    || setweight(\(try document("body_text"))::TSVECTOR, 'C'))
                ON CONFLICT (article_id) DO UPDATE SET site_id = excluded.site_id, published_at = excluded.published_at,
                    document = excluded.document
                RETURNING tsvector_to_array(document)
                """, as: [String].self) ?? []
            after = counted(terms)
        } else if !before.isEmpty {
            try await run("DELETE FROM article_search WHERE article_id = \(articleID)")
        }
        let added = Array(after.subtracting(before)), removed = Array(before.subtracting(after))
        guard countingTerms, !added.isEmpty || !removed.isEmpty else { return }
        try await run("""
            INSERT INTO search_term AS s (term, documents)
            SELECT term, greatest(change, 0) FROM unnest(\(added + removed)::TEXT[], \(
                [Int64](repeating: 1, count: added.count) + [Int64](repeating: -1, count: removed.count))::BIGINT[]) AS c(term, change)
            ON CONFLICT (term) DO UPDATE SET documents = greatest(s.documents + (
                CASE WHEN excluded.documents > 0 THEN 1 ELSE -1 END), 0)  -- excluded: 1 for an added term, 0 a removed one
            """)
    }

    /// Counts anew, in one pass over the index, the indexed articles holding each term (and, under the empty term,
    /// all of them): `search_term` as ``updateSearchIndex(articleID:countingTerms:)`` keeps it.
    func countSearchTerms() async throws {
        try await run("TRUNCATE search_term")
        try await run("""
            INSERT INTO search_term (term, documents)
            SELECT term, count(*) FROM article_search, unnest(tsvector_to_array(document)) AS term
            WHERE left(term, 1) <> \(PostgresSearchIndex.surfaceMark) GROUP BY term
            UNION ALL SELECT \(PostgresSearchIndex.indexedArticlesTerm), count(*) FROM article_search
            """)
    }

    /// Indexes again the articles carrying a tag (after it was renamed or merged).
    func updateSearchIndex(tagged tagID: Tag.ID) async throws {
        for id in try await column("SELECT article_id FROM article_tag WHERE tag_id = \(tagID)", as: Article.ID.self) {
            try await updateSearchIndex(articleID: id)
        }
    }
}
