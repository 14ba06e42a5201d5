import Foundation
import KibaruCore
import KibaruText
import PostgresNIO

/// Readers' search over ``PostgresSearchIndex``: the same syntax and the same terms as SQLite's, ranked by
/// `ts_rank` with the same column weights.
extension PostgresTransaction {
    /// How many of a search's matches, those added last, are ranked (as SQLite's store): a search's first pages
    /// show the best of them, and its later pages the older matches, newest first.
    static let rankedMatches = 2_000

    func search(_ query: SearchQuery) async throws -> Page<SearchHit> {
        let tsquery = PostgresSearchIndex.tsquery(from: query.expression)
        let start = query.year.flatMap { PostgresSearchIndex.startOfYear($0) }
        let end = query.year.flatMap { PostgresSearchIndex.startOfYear($0 + 1) }
        // Every filter is off when its parameter is NULL.
        let filters: PostgresQuery = """
            FROM article_search s WHERE s.document @@ \(tsquery)::TSQUERY
                AND (\(query.siteID)::BIGINT IS NULL OR s.site_id = \(query.siteID))
                AND (\(query.tagID)::BIGINT IS NULL OR EXISTS (SELECT 1 FROM article_tag x
                    WHERE x.article_id = s.article_id AND x.tag_id = \(query.tagID)))
                AND (\(query.personID)::BIGINT IS NULL OR EXISTS (SELECT 1 FROM article_author w
                    WHERE w.article_id = s.article_id AND w.person_id = \(query.personID)))
                AND (\(start)::TIMESTAMPTZ IS NULL OR (s.published_at >= \(start) AND s.published_at < \(end)))
                AND s.site_id <> ALL(\(query.excludedSiteIDs.map(\.rawValue).sorted())::BIGINT[])
            """
        // $1 is the search's tsquery, the filters' first parameter.
        var ranking = filters
        ranking.sql = "SELECT s.article_id, ts_rank('\(PostgresSearchIndex.rankWeights)'::REAL[], s.document, $1::TSQUERY) AS score "
            + filters.sql + " ORDER BY s.article_id DESC LIMIT \(Self.rankedMatches + 1)"
        var ranked = try await map(ranking) { (id: try $0.get("article_id", as: Article.ID.self), score: try $0.get("score", as: Float.self)) }
        var total = ranked.count
        if total > Self.rankedMatches {
            ranked.removeLast()
            var counting = filters
            counting.sql = "SELECT count(*) " + filters.sql
            total = Int(try await value(counting, as: Int64.self) ?? 0)
        }
        // Among equal scores, the newer article (the higher id) first.
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : $0.id > $1.id }
        var ids = ranked.dropFirst(query.page.offset).prefix(query.page.size).map(\.id)
        if ids.count < query.page.size, total > Self.rankedMatches {
            var older = filters
            older.sql = "SELECT s.article_id " + filters.sql
                + " ORDER BY s.article_id DESC LIMIT \(query.page.size - ids.count) OFFSET \(Self.rankedMatches + max(0, query.page.offset - Self.rankedMatches))"
            ids += try await column(older, as: Article.ID.self)
        }
        guard !ids.isEmpty else { return Page(items: [], request: query.page, total: total) }
        let snippetTerms = SearchSnippet.Terms(
            wanted: query.expression.searchableTerms(isStopWord: FrenchAnalyzer.isStopWord).map { ($0.words, $0.isPrefix) })
        let rows = try await rows(PostgresQuery(
            unsafeSQL: "SELECT \(Self.summaryColumns), a.body_text FROM article a WHERE a.id = ANY($1)", binds: {
                var binds = PostgresBindings()
                binds.append(ids)
                return binds
            }()))
        var snippets: [Article.ID: String] = [:]
        for row in rows {
            snippets[try row.get("id")] = SearchSnippet.make(
                try row.get("body_text"), terms: snippetTerms, open: SearchHit.highlightStart, close: SearchHit.highlightEnd)
        }
        let byID = Dictionary(try await summaries(rows).map { ($0.id, $0) }) { first, _ in first }
        let hits = ids.compactMap { id in byID[id].map { SearchHit(article: $0, snippet: snippets[id] ?? "") } }
        return Page(items: hits, request: query.page, total: total)
    }
}

extension PostgresSearchIndex {
    /// The `tsquery` text of a reader's search: its wanted terms joined by `&` (a phrase's words by `<->`), then
    /// `& !(…)` for the excluded ones. A word is its term; a prefix's words are their surfaces (the last one marked
    /// `:*`), each also compared with the terms, as SQLite's tokenizer does. Every lexeme is quoted, so nothing a
    /// reader typed is ever `tsquery` syntax.
    static func tsquery(from expression: SearchExpression) -> String {
        let wanted = expression.searchableTerms(isStopWord: FrenchAnalyzer.isStopWord)
        let positive = wanted.compactMap(term).joined(separator: " & ")
        let excluded = expression.excluded.compactMap(term)
        guard !excluded.isEmpty else { return positive }
        return "(" + positive + ") & !(" + excluded.joined(separator: " | ") + ")"
    }

    /// One term: its words' lexemes as a phrase; `nil` when no word gives one.
    private static func term(_ term: SearchExpression.Term) -> String? {
        var lexemes: [String] = []
        for (index, word) in term.words.enumerated() {
            if term.isPrefix {
                guard let surface = FrenchAnalyzer.surface(word) else { continue }
                let star = index == term.words.count - 1 ? ":*" : ""
                lexemes.append("(" + quoted(surfaceMark + surface) + star + " | " + quoted(surface) + star + ")")
            } else if let lexeme = FrenchAnalyzer.term(word) {
                lexemes.append(quoted(lexeme))
            }
        }
        guard !lexemes.isEmpty else { return nil }
        return lexemes.count == 1 ? lexemes[0] : "(" + lexemes.joined(separator: " <-> ") + ")"
    }

    /// A lexeme as `tsquery` reads it: between single quotes, with quotes and backslashes escaped.
    static func quoted(_ lexeme: String) -> String {
        "'" + lexeme.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
    }

    static func startOfYear(_ year: Int) -> Date? {
        guard (1900...2200).contains(year) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        return calendar.date(from: DateComponents(year: year, month: 1, day: 1))
    }
}
