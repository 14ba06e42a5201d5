import Foundation
import KibaruCore
import KibaruText

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
    /// up what is still missing. A batch that fails is done again one article at a time, so that one article that
    /// cannot be indexed holds back no other: those are named by ``SearchIndexingFailure`` once every other one is
    /// done. `progress` receives the count indexed so far after each batch. Returns how many were indexed.
    @discardableResult
    public func indexMissingArticles(
        batchSize: Int = 20, progress: @Sendable (Int) -> Void = { _ in }
    ) async throws -> Int {
        var below: Article.ID?
        var indexed = 0
        var failed: [Article.ID] = []
        while true {
            try Task.checkCancellation()
            let cursor = below
            let batch = try await store.read { tx in
                try await tx.articlesMissingFromSearch(below: cursor, limit: max(batchSize, 1))
            }
            guard let last = batch.last else { break }
            do {
                try await index(batch)
                indexed += batch.count
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                for id in batch {
                    do {
                        try await index([id])
                        indexed += 1
                    } catch is CancellationError {
                        throw CancellationError()
                    } catch {
                        failed.append(id)
                    }
                }
            }
            below = last
            progress(indexed)
        }
        if !failed.isEmpty { throw SearchIndexingFailure(indexed: indexed, failed: failed) }
        return indexed
    }

    private func index(_ ids: [Article.ID]) async throws {
        try await store.write { tx in
            for id in ids { try await tx.indexForSearch(articleID: id) }
        }
    }
}

/// Articles that could not be put in the search index (``SearchIndexing/indexMissingArticles(batchSize:progress:)``),
/// after every other one was; the next run tries them again.
public struct SearchIndexingFailure: Error, CustomStringConvertible {
    public var indexed: Int
    public var failed: [Article.ID]

    public var description: String {
        L("{indexed} articles indexés ; {failed} en échec, absents de la recherche : {ids}",
          ["indexed": "\(indexed)", "failed": "\(failed.count)", "ids": failed.map { "\($0)" }.joined(separator: ", ")])
    }
}
