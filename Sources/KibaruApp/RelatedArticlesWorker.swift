import KibaruServices
import Logging
import ServiceLifecycle

/// Computes in the background the related articles that imports left pending, a batch at a time, so that a
/// 10,000-article import neither waits for them nor blocks readers: batches are short write transactions.
struct RelatedArticlesWorker: Service {
    let articles: ArticleService
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    var done = 0
                    while !Task.isCancelled {
                        let batch = try await articles.computePendingRelated(limit: 50)
                        done += batch
                        if batch == 0 { break }
                    }
                    if done > 0 { logger.info("related articles computed", metadata: ["kibaru.count": "\(done)"]) }
                } catch {
                    logger.error("related articles failed", metadata: ["kibaru.error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
