import Foundation

/// Related articles: similarity, the lists kept under each article, the refused LIRE AUSSI, and the queue of articles to compare.
///
/// Part of every ``ContentTransaction``: its requirements run isolated to the transaction (decision 0010).
public protocol DiscoveryRepository: Actor {
    /// Published articles of the network most similar to `input` (BM25 over shared stems, tags weighted),
    /// best first, without `excluding`.
    func similarArticles(to input: SimilarityInput, excluding: Article.ID?, limit: Int) async throws -> [Article.ID]
    /// Replaces the related articles listed under an article.
    func setRelatedArticles(_ related: [Article.ID], articleID: Article.ID) async throws
    /// The related articles listed under an article, best first.
    func relatedArticleIDs(articleID: Article.ID) async throws -> [Article.ID]
    /// Records that the editors do not want `relatedID` proposed as a LIRE AUSSI of `articleID` again.
    func rejectReadAlsoSuggestion(_ relatedID: Article.ID, articleID: Article.ID) async throws
    /// The articles the editors refused as LIRE AUSSI of `articleID`.
    func rejectedReadAlsoSuggestions(articleID: Article.ID) async throws -> Set<Article.ID>
    /// Notes that an article's related articles are still to be computed (imports defer it).
    func markRelatedPending(articleID: Article.ID) async throws
    /// Articles whose related articles are still to be computed, oldest first.
    func relatedPending(limit: Int) async throws -> [Article.ID]
    /// How many articles wait for their related articles (a metric of the background queue).
    func relatedPendingCount() async throws -> Int
    func clearRelatedPending(articleID: Article.ID) async throws
    /// Published articles the search index does not hold (after an upgrade made it anew), highest id first,
    /// those below `below` only when it is given.
    func articlesMissingFromSearch(below: Article.ID?, limit: Int) async throws -> [Article.ID]
    /// How many published articles the search index does not hold.
    func articlesMissingFromSearchCount() async throws -> Int
    /// Puts a published article in the search index (or takes out one that is not published), with its terms'
    /// counts.
    func indexForSearch(articleID: Article.ID) async throws
}
