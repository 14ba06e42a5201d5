import Foundation
import GRDB
import KibaruCore
import KibaruText

/// The full-text index of published articles and the queries over it: reader search and article similarity.
enum SearchIndex {
    /// bm25 weights of `article_search`'s columns: title, standfirst, tags, body, site (not ranked).
    static let weights = "10.0, 4.0, 6.0, 1.0, 0.0"
    /// The `site` column holds this followed by the site's id: one token, searched by `site : "kbsite12"`.
    static let siteTokenPrefix = "kbsite"

    /// Puts an article in the index when it is published, takes it out otherwise, and keeps `search_term`'s
    /// counts of the articles holding each term.
    static func update(_ db: Database, articleID: Article.ID) throws {
        try count(termsOf: articleID, in: db, adding: -1)
        try db.cachedStatement(sql: "DELETE FROM article_search WHERE rowid = ?").execute(arguments: [articleID])
        try db.execute(
            sql: """
                INSERT INTO article_search (rowid, title, standfirst, tags, body, site)
                SELECT a.id, a.title, coalesce(a.standfirst, ''),
                    coalesce((SELECT group_concat(t.name, ' ; ') FROM article_tag x JOIN tag t ON t.id = x.tag_id
                        WHERE x.article_id = a.id), ''),
                    a.body_text, ? || a.site_id
                FROM article a WHERE a.id = ? AND a.state = 'published'
                """, arguments: [siteTokenPrefix, articleID])
        try count(termsOf: articleID, in: db, adding: 1)
    }

    /// Adds `change` to the count of each distinct term of the indexed article (nothing when it is not indexed),
    /// tokenized as the index tokenizes it (surfaces aside: related articles compare terms).
    private static func count(termsOf articleID: Article.ID, in db: Database, adding change: Int) throws {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT title, standfirst, tags, body, site FROM article_search WHERE rowid = ?"),
            arguments: [articleID])
        else { return }
        let tokenizer = try db.makeTokenizer(FTS5TokenizerDescriptor(components: [FrenchTokenizer.name]))
        var terms: Set<String> = [indexedArticlesTerm]
        for column in ["title", "standfirst", "tags", "body", "site"] {
            for token in try tokenizer.tokenize(document: row[column] ?? "")
            where !token.token.hasPrefix(FrenchTokenizer.surfaceMark) {
                terms.insert(token.token)
            }
        }
        // One statement for all the terms (a few hundred an article), passed as a JSON array.
        let list = JSONText.array(terms.map(JSONText.string)).written
        try db.cachedStatement(sql: """
            INSERT INTO search_term (term, documents) SELECT value, max(?, 0) FROM json_each(?) WHERE true
            ON CONFLICT (term) DO UPDATE SET documents = max(documents + ?, 0)
            """).execute(arguments: [change, list, change])
    }

    /// Indexes again the articles carrying a tag (after it was renamed or merged).
    static func update(_ db: Database, tagged tagID: Tag.ID) throws {
        for id in try Article.ID.fetchAll(db.cachedStatement(sql: "SELECT article_id FROM article_tag WHERE tag_id = ?"), arguments: [tagID]) {
            try update(db, articleID: id)
        }
    }

    /// How many of a search's matches, those added last, are ranked: a search's first pages show the best of
    /// them, and its later pages the older matches, newest first.
    static let rankedMatches = 2_000

    /// One page of published articles matching `query`, best first (bm25, title and tags weighted) among the
    /// ``rankedMatches`` most recent matches.
    ///
    /// Two steps: the matches are ranked on the index alone (SQLite would otherwise compute every selected column
    /// for every match before sorting), then the page's summaries and snippets (``SearchSnippet``) are
    /// made for those ids only.
    static func search(_ db: Database, _ query: SearchQuery, rankedMatches: Int = SearchIndex.rankedMatches) throws -> Page<SearchHit> {
        // The reader's words are searched in the text columns only; the site is a token of its own column.
        var match = "{title standfirst tags body} : (" + MatchExpression.make(from: query.expression) + ")"
        if let siteID = query.siteID { match = "site : \"\(siteTokenPrefix)\(siteID)\" AND " + match }
        for excluded in query.excludedSiteIDs.sorted(by: { $0.rawValue < $1.rawValue }) {
            match += " NOT site : \"\(siteTokenPrefix)\(excluded)\""
        }
        var join = ""
        var condition = "article_search MATCH ?"
        var arguments: StatementArguments = [match]
        if let tagID = query.tagID {
            condition += " AND EXISTS (SELECT 1 FROM article_tag x WHERE x.article_id = a.id AND x.tag_id = ?)"
            arguments += [tagID]
        }
        if let personID = query.personID {
            condition += " AND EXISTS (SELECT 1 FROM article_author w WHERE w.article_id = a.id AND w.person_id = ?)"
            arguments += [personID]
        }
        if let year = query.year, let start = startOfYear(year), let end = startOfYear(year + 1) {
            condition += " AND a.published_at >= ? AND a.published_at < ?"
            arguments += [start, end]
        }
        // The index holds published articles only: the article table is needed for filters alone.
        let filtered = query.tagID != nil || query.personID != nil || query.year != nil
        if filtered { join = "JOIN article a ON a.id = article_search.rowid" }
        let from = "FROM article_search \(join) WHERE \(condition)"
        // The matches added last (the highest ids: the index's own order) are ranked, at most `rankedMatches` of
        // them, so that ranking a common word costs the same in an archive of any size; past that, they are
        // counted (without ranking) and the older ones follow, newest first.
        var ranked: [(id: Article.ID, score: Double)] = []
        let matches = try Row.fetchCursor(
            db.cachedStatement(sql: """
                SELECT article_search.rowid, bm25(article_search, \(weights)) \(from)
                ORDER BY article_search.rowid DESC LIMIT ?
                """),
            arguments: arguments + [rankedMatches + 1])
        while let row = try matches.next() { ranked.append((row[0], row[1])) }
        var total = ranked.count
        if total > rankedMatches {
            ranked.removeLast()
            total = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) \(from)"), arguments: arguments) ?? 0
        }
        // bm25 is lower for better matches; among equals, the newer article (the higher id) first.
        ranked.sort { $0.score != $1.score ? $0.score < $1.score : $0.id > $1.id }
        var ids = ranked.dropFirst(query.page.offset).prefix(query.page.size).map(\.id)
        if ids.count < query.page.size, total > rankedMatches {
            ids += try Article.ID.fetchAll(
                db.cachedStatement(sql: "SELECT article_search.rowid \(from) ORDER BY article_search.rowid DESC LIMIT ? OFFSET ?"),
                arguments: arguments + [query.page.size - ids.count, rankedMatches + max(0, query.page.offset - rankedMatches)])
        }
        guard !ids.isEmpty else { return Page(items: [], request: query.page, total: total) }
        let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        // Snippets are cut here, reading each body up to its first match (FTS5's snippet() tokenized whole bodies).
        let snippetTerms = SearchSnippet.Terms(
            wanted: query.expression.searchableTerms(isStopWord: FrenchAnalyzer.isStopWord).map { ($0.words, $0.isPrefix) })
        var snippets: [Article.ID: String] = [:]
        let rows = try Row.mapAll(
            db.cachedStatement(sql: """
                SELECT \(ArticleQueries.summaryColumns), a.body_text FROM article a WHERE a.id IN (\(placeholders))
                """),
            arguments: StatementArguments(ids)
        ) { row in
            let summary = ArticleQueries.SummaryRow(row)
            snippets[summary.id] = SearchSnippet.make(
                row[9] ?? "", terms: snippetTerms, open: SearchHit.highlightStart, close: SearchHit.highlightEnd)
            return summary
        }
        let byID = Dictionary(try ArticleQueries.summaries(db, rows: rows).map { ($0.id, $0) }) { first, _ in first }
        let hits = ids.compactMap { id in byID[id].map { SearchHit(article: $0, snippet: snippets[id] ?? "") } }
        return Page(items: hits, request: query.page, total: total)
    }

    /// The `search_term` row counting the indexed articles (no text holds the empty term).
    static let indexedArticlesTerm = ""

    /// The published articles most similar to `input`: its ``SimilarityTerms`` searched with OR, ranked by bm25.
    static func similar(_ db: Database, to input: SimilarityInput, excluding: Article.ID?, limit: Int) throws -> [Article.ID] {
        let frequency = SimilarityTerms.frequencies(
            title: input.title, tags: input.tags, standfirst: input.standfirst, body: input.body)
        guard !frequency.isEmpty else { return [] }
        // Kept with the index: counting the indexed articles (or the published ones) walks the whole network.
        let documents = Double(try Int.fetchOne(
            db.cachedStatement(sql: "SELECT documents FROM search_term WHERE term = ?"),
            arguments: [indexedArticlesTerm]) ?? 0)
        guard documents > 1 else { return [] }
        let terms = Array(frequency.keys)
        var documentFrequency: [String: Double] = [:]
        for chunk in stride(from: 0, to: terms.count, by: 500) {
            let slice = Array(terms[chunk..<min(chunk + 500, terms.count)])
            let placeholders = Array(repeating: "?", count: slice.count).joined(separator: ", ")
            for row in try Row.fetchAll(
                db, sql: "SELECT term, documents FROM search_term WHERE term IN (\(placeholders))",
                arguments: StatementArguments(slice))
            {
                documentFrequency[row["term"]] = row["documents"]
            }
        }
        let selfIndexed = try excluding.map {
            try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM article_search WHERE rowid = ?)"), arguments: [$0])
                ?? false
        } ?? false
        let chosen = SimilarityTerms.choose(
            frequency, documents: documents, documentFrequency: documentFrequency, selfIndexed: selfIndexed
        ).map { MatchExpression.quoted($0.word) }
        guard !chosen.isEmpty else { return [] }
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT article_search.rowid AS id, bm25(article_search, \(weights)) AS score
                FROM article_search JOIN article a ON a.id = article_search.rowid
                WHERE article_search MATCH ? AND a.state = 'published' AND a.is_page = 0 AND a.id IS NOT ?
                ORDER BY score LIMIT ?
                """), arguments: [chosen.joined(separator: " OR "), excluding, limit * 2])
        // bm25 is negative, lower is better: keep what scores at least a fifth of the best.
        guard let best = rows.first.map({ $0["score"] as Double }) else { return [] }
        return rows.enumerated().filter { index, row in index < 3 || (row["score"] as Double) <= best * 0.2 }
            .prefix(limit).map { $0.element["id"] as Article.ID }
    }

    private static func startOfYear(_ year: Int) -> Date? {
        guard (1900...2200).contains(year) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        return calendar.date(from: DateComponents(year: year, month: 1, day: 1))
    }
}
