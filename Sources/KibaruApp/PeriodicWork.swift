import Logging
import ServiceLifecycle

/// Background work the server repeats: once at startup, then every `interval`, until shutdown. Each run returns
/// how many things it did (logged when some); a failure is logged and the next run comes as usual. Runs on every
/// node: the store's write transactions make each piece of work happen once.
///
/// - Scheduled publication: articles due while the server was down are published at startup, then on time.
/// - Related articles left pending by imports and publications, in short transactions with a pause between them,
///   until none is left.
///
/// A graceful shutdown (SIGTERM, Ctrl-C) ends the loop quietly: the run in progress finishes, `atShutdown` runs if
/// given (the query planner's statistics are refreshed as the store closes), then `run()` returns without an
/// error, so that the process exits 0.
struct PeriodicWork: Service {
    /// What is logged ("scheduled articles published").
    let name: String
    let interval: Duration
    let logger: Logger
    /// One run; returns how many things it did.
    let work: @Sendable () async throws -> Int
    /// Run once after the last run, when the server shuts down gracefully.
    let atShutdown: (@Sendable () async throws -> Void)?

    init(
        name: String, interval: Duration, logger: Logger, atShutdown: (@Sendable () async throws -> Void)? = nil,
        work: @escaping @Sendable () async throws -> Int
    ) {
        self.name = name
        self.interval = interval
        self.logger = logger
        self.atShutdown = atShutdown
        self.work = work
    }

    func run() async throws {
        await runUntilShutdown()
        guard let atShutdown else { return }
        do {
            try await atShutdown()
        } catch is CancellationError {
            // The process stops without a graceful shutdown (a server that could not start): nothing failed.
            logger.debug("\(name): cancelled at shutdown")
        } catch {
            logger.error("\(name): failed at shutdown", metadata: ["kibaru.error": "\(error)"])
        }
    }

    private func runUntilShutdown() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let count = try await work()
                    if count > 0 { logger.info("\(name)", metadata: ["kibaru.count": "\(count)"]) }
                } catch is CancellationError {
                    break  // the shutdown interrupted the run: nothing failed
                } catch {
                    logger.error("\(name): failed", metadata: ["kibaru.error": "\(error)"])
                }
                // Cancelled by the graceful shutdown: the loop's condition ends the service without an error.
                try? await Task.sleep(for: interval)
            }
        }
    }
}
