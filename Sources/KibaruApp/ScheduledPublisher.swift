import KibaruServices
import Logging
import ServiceLifecycle

/// Publishes scheduled articles on time: once at startup (articles due while the server was down), then every
/// `interval`. Runs on every node; the store's write transaction makes each publication happen once.
struct ScheduledPublisher: Service {
    let editorial: EditorialService
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let count = try await editorial.publishDue()
                    if count > 0 { logger.info("scheduled articles published", metadata: ["kibaru.count": "\(count)"]) }
                } catch {
                    logger.error("scheduled publishing failed", metadata: ["kibaru.error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
