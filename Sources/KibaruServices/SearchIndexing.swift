import Foundation
import KibaruCore

/// Puts back in the search index the published articles it does not hold: after an upgrade that makes the index
/// anew (a new tokenizer), the server does it in the background and `kibaru reindex` at once.
public struct SearchIndexing: Sendable {
    let store: any ContentStore

    public init(store: any ContentStore) {
        self.store = store
    }

    /// How many published articles the index lacks.
    public func missingCount() async throws -> Int {
        try await store.read { tx in try await tx.articlesMissingFromSearchCount() }
    }

    /// Indexes the published articles the index lacks, newest first (readers search recent news first),
    /// `batchSize` articles per write transaction (20, about a tenth of a second of writing, as imports do), so
    /// that readers' comments and editors' saves go between batches. Each batch leaves the index and its term
    /// counts consistent; a shutdown stops it between two batches (``CancellationError``), and the next run takes
    /// up what is still missing. `progress` receives the count indexed so far after each batch. Returns how many
    /// were indexed.
    @discardableResult
    public func indexMissingArticles(
        batchSize: Int = 20, progress: @Sendable (Int) -> Void = { _ in }
    ) async throws -> Int {
        var below: Article.ID?
        var indexed = 0
        while true {
            try Task.checkCancellation()
            let cursor = below
            let batch = try await store.read { tx in
                try await tx.articlesMissingFromSearch(below: cursor, limit: max(batchSize, 1))
            }
            guard let last = batch.last else { return indexed }
            try await store.write { tx in
                for id in batch { try await tx.indexForSearch(articleID: id) }
            }
            indexed += batch.count
            below = last
            progress(indexed)
        }
    }
}
