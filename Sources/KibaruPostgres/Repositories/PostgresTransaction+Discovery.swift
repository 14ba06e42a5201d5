import Foundation
import KibaruCore
import KibaruText
import PostgresNIO

/// ``DiscoveryRepository``: similarity, the related articles kept under each article, refused LIRE AUSSI, and
/// the queue of articles to compare.
extension PostgresTransaction {
    func similarArticles(to input: SimilarityInput, excluding: Article.ID?, limit: Int) async throws -> [Article.ID] {
        let frequency = SimilarityTerms.frequencies(
            title: input.title, tags: input.tags, standfirst: input.standfirst, body: input.body)
        guard !frequency.isEmpty else { return [] }
        let documents = Double(try await value(
            "SELECT documents FROM search_term WHERE term = \(PostgresSearchIndex.indexedArticlesTerm)", as: Int64.self) ?? 0)
        guard documents > 1 else { return [] }
        var documentFrequency: [String: Double] = [:]
        for row in try await rows("SELECT term, documents FROM search_term WHERE term = ANY(\(Array(frequency.keys)))") {
            documentFrequency[try row.get("term")] = Double(try row.get("documents", as: Int64.self))
        }
        let selfIndexed: Bool =
            if let excluding {
                try await value("SELECT EXISTS (SELECT 1 FROM article_search WHERE article_id = \(excluding))", as: Bool.self) ?? false
            } else { false }
        let chosen = SimilarityTerms.choose(
            frequency, documents: documents, documentFrequency: documentFrequency, selfIndexed: selfIndexed
        ).map(\.term)
        guard !chosen.isEmpty else { return [] }
        let scores = try await map("""
            SELECT s.article_id AS id, ts_rank(\(PostgresSearchIndex.rankWeights)::REAL[], s.document, q) AS score
            FROM article_search s JOIN article a ON a.id = s.article_id,
                (SELECT array_to_string(array_agg(quote_literal(term)), ' | ')::TSQUERY AS q FROM unnest(\(chosen)::TEXT[]) term) terms
            WHERE s.document @@ q AND a.state = 'published' AND NOT a.is_page AND a.id IS DISTINCT FROM \(excluding)
            ORDER BY score DESC, s.article_id DESC LIMIT \(Int64(limit * 2))
            """) { (id: try $0.get("id", as: Article.ID.self), score: Double(try $0.get("score", as: Float.self))) }
        // Keep what scores at least a fifth of the best (and the first three).
        guard let best = scores.first?.score else { return [] }
        return scores.enumerated().filter { index, match in index < 3 || match.score >= best * 0.2 }
            .prefix(limit).map(\.element.id)
    }

    func setRelatedArticles(_ related: [Article.ID], articleID: Article.ID) async throws {
        var seen: Set<Article.ID> = [articleID]
        let wanted = related.filter { seen.insert($0).inserted }
        guard try await relatedArticleIDs(articleID: articleID) != wanted else {
            return  // unchanged: the article's page stays as it is
        }
        try await run("DELETE FROM article_related WHERE article_id = \(articleID)")
        try await run("""
            INSERT INTO article_related (article_id, related_id, position)
            SELECT \(articleID), related, position - 1 FROM unnest(\(wanted)::BIGINT[]) WITH ORDINALITY AS r(related, position)
            ON CONFLICT DO NOTHING
            """)
    }

    func relatedArticleIDs(articleID: Article.ID) async throws -> [Article.ID] {
        try await column("SELECT related_id FROM article_related WHERE article_id = \(articleID) ORDER BY position", as: Article.ID.self)
    }

    func rejectReadAlsoSuggestion(_ relatedID: Article.ID, articleID: Article.ID) async throws {
        try await run("""
            INSERT INTO read_also_rejection (article_id, related_id) VALUES (\(articleID), \(relatedID)) ON CONFLICT DO NOTHING
            """)
    }

    func rejectedReadAlsoSuggestions(articleID: Article.ID) async throws -> Set<Article.ID> {
        Set(try await column("SELECT related_id FROM read_also_rejection WHERE article_id = \(articleID)", as: Article.ID.self))
    }

    func markRelatedPending(articleID: Article.ID) async throws {
        try await run("INSERT INTO related_pending (article_id) VALUES (\(articleID)) ON CONFLICT DO NOTHING")
    }

    func relatedPending(limit: Int) async throws -> [Article.ID] {
        try await column("SELECT article_id FROM related_pending ORDER BY article_id LIMIT \(Int64(limit))", as: Article.ID.self)
    }

    func relatedPendingCount() async throws -> Int {
        Int(try await value("SELECT count(*) FROM related_pending", as: Int64.self) ?? 0)
    }

    func clearRelatedPending(articleID: Article.ID) async throws {
        try await run("DELETE FROM related_pending WHERE article_id = \(articleID)")
    }

    func articlesMissingFromSearch(below: Article.ID?, limit: Int) async throws -> [Article.ID] {
        try await column("""
            SELECT a.id FROM article a WHERE a.state = 'published' AND a.id < \(below ?? Article.ID(rawValue: .max))
            AND NOT EXISTS (SELECT 1 FROM article_search s WHERE s.article_id = a.id) ORDER BY a.id DESC LIMIT \(Int64(limit))
            """, as: Article.ID.self)
    }

    func articlesMissingFromSearchCount() async throws -> Int {
        Int(try await value("""
            SELECT count(*) FROM article a WHERE a.state = 'published'
            AND NOT EXISTS (SELECT 1 FROM article_search s WHERE s.article_id = a.id)
            """, as: Int64.self) ?? 0)
    }

    func indexForSearch(articleID: Article.ID) async throws {
        try await updateSearchIndex(articleID: articleID)
    }
}
