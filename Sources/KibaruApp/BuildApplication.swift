import Foundation
import Hummingbird
import KibaruCore
import KibaruSQLite
import KibaruServices
import KibaruTheme
import KibaruWeb
import ServiceLifecycle
import Logging
import Metrics
import Synchronization

/// The composition root, used by `kibaru serve`, `kibaru demo` and the tests: opens the store, renders again
/// the articles an older renderer produced, loads the theme (failing on a missing template) and builds the
/// server, with its scheduler and related-articles worker.
/// - Parameter onListening: called once the server accepts connections (the commands say so then, not before).
public func buildApplication(
    _ config: AppConfig, logger: Logger = Logger(label: "kibaru"), onListening: @escaping @Sendable () async -> Void = {}
) async throws -> some ApplicationProtocol {
    _ = Observability.registry  // metrics recorded from here on reach /metrics
    let store = try await config.data.open()
    var pageCache: PageCache?
    if let bytes = config.pageCacheBytes { pageCache = try await PageCache.following(store, capacity: bytes) }
    let router = try await makeKibaruRouter(config, store: store, pageCache: pageCache, logger: logger)
    let serverName = "Kibaru"
    let webhooks = WebhookDeliverer(store: store, client: DeliveryClient(), logger: logger, now: config.now)
    // Hits of the page cache are answered in the channel pipeline, before the router.
    let cachedPages = pageCache.map {
        CachedPageAnswers(
            cache: $0, baseURL: config.baseURL, serverName: serverName, accessLogger: config.accessLog ? logger : nil,
            now: config.now)
    }
    // Set once this node's first run of the search index's refill has ended (articles that cannot be indexed
    // then stay missing, and must not hold related articles back for good).
    let indexRefilled = Mutex(false)
    return Application(
        router: router,
        server: .http1(idleTimeout: config.idleTimeout, cachedPages: cachedPages),
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: serverName),
        services: [
            PeriodicWork(name: "scheduled articles published", interval: config.schedulerInterval, logger: logger) {
                try await EditorialService(store: store, now: config.now).publishDue()
            },
            // After an upgrade that changes the HTML, every article is rendered again, in short transactions while
            // the server serves the older rendering; later runs find none.
            PeriodicWork(name: "articles rendered again", interval: .seconds(3_600), logger: logger) {
                try await ArticleService(store: store, now: config.now).renderStaleArticles()
            },
            // After an upgrade that makes the search index anew, the published articles go back in, newest first,
            // in short transactions; search finds them as they do.
            PeriodicWork(name: "articles indexed for search", interval: .seconds(3_600), logger: logger) {
                defer { indexRefilled.withLock { $0 = true } }
                return try await SearchIndexing(store: store).indexMissingArticles()
            },
            PeriodicWork(
                name: "query planner statistics refreshed", interval: .seconds(3_600), logger: logger,
                atShutdown: { try await store.optimize() }
            ) {
                try await store.optimize()
                return 0
            },
            PeriodicWork(
                name: "webhook deliveries sent", interval: config.schedulerInterval, logger: logger,
                atShutdown: { try await webhooks.client.shutdown() }
            ) {
                try await webhooks.deliverDue()
            },
            PeriodicWork(name: "webhook deliveries pruned", interval: .seconds(3_600), logger: logger) {
                try await webhooks.prune()
            },
            PeriodicWork(name: "related articles computed", interval: config.schedulerInterval, logger: logger) {
                let articles = ArticleService(store: store, now: config.now)
                // Related articles are found through the search index: while an upgrade refills it, they wait
                // (compared with part of the archive, they would be stored wrong).
                let pending = try await store.read { tx in try await tx.relatedPendingCount() }
                guard pending > 0 else { return 0 }
                if !indexRefilled.withLock({ $0 }), try await SearchIndexing(store: store).missingCount() > 0 { return 0 }
                var done = 0
                while !Task.isCancelled {
                    let batch = try await articles.computePendingRelated()
                    if batch == 0 { break }
                    done += batch
                    // A pause between batches: a command writing meanwhile (`kibaru user add`) gets its turn.
                    try? await Task.sleep(for: .milliseconds(50))
                }
                Gauge(label: "kibaru_related_pending").record(try await store.read { tx in try await tx.relatedPendingCount() })
                return done
            },
        ] + pageCacheWork(pageCache, store: store, logger: logger),
        onServerRunning: { _ in await onListening() },
        logger: logger)
}

/// The page cache's background work: applying the changes other processes commit (an import run from the command
/// line, another node), every second, and pruning the change log of what is ten minutes old.
private func pageCacheWork(_ cache: PageCache?, store: any ContentStore, logger: Logger) -> [any Service] {
    guard let cache else { return [] }
    return [
        PeriodicWork(name: "page cache: changes of other processes applied", interval: .seconds(1), logger: logger) {
            let applied = try await cache.follow(store)
            let statistics = cache.statistics
            for (name, value) in [
                ("hits", statistics.hits), ("misses", statistics.misses), ("stored", statistics.stored),
                ("invalidated", statistics.invalidated), ("evicted", statistics.evicted), ("pages", statistics.pages),
                ("bytes", statistics.bytes),
            ] {
                Gauge(label: "kibaru_page_cache_\(name)").record(value)
            }
            return applied
        },
        PeriodicWork(name: "change log pruned", interval: .seconds(60), logger: logger) {
            // The clock of the log is the database's: real time, whatever the services' clock says.
            try await store.pruneChanges(before: Date().addingTimeInterval(-PageCache.changeLogRetention))
        },
    ]
}

/// Every route of the network over `store`, as the server and the static build (``StaticSiteBuilder``) use it.
/// Refuses a folder without a network. The articles an older renderer produced are rendered again by the server
/// in the background (``PeriodicWork``) and by the static build before it starts.
func makeKibaruRouter(
    _ config: AppConfig, store: any ContentStore & StaffStore, pageCache: PageCache? = nil, logger: Logger
) async throws -> Router<KibaruContext> {
    _ = try await store.network()  // a folder without a network is refused before listening
    let theme = try await Theme.load(from: config.themeDirectory)
    let hasher = BcryptHasher(cost: config.bcryptCost)
    let mailWording = try MailWording.load(resourcesDirectory: config.resourcesDirectory)
    let mailer = config.smtp.map(SMTPMailSender.init(settings:))
    let editorial = EditorialService(store: store, now: config.now)
    let admin = AdminServices(
        store: store, auth: AuthService(store: store, hasher: hasher, now: config.now),
        staff: StaffService(store: store, hasher: hasher, now: config.now), editorial: editorial,
        media: MediaService(store: store, media: config.data.mediaStorage, now: config.now),
        moderation: CommentModeration(store: store, now: config.now),
        mailer: mailer, mailWording: mailWording, baseURL: config.baseURL)
    return try await makeRouter(
        store: store, theme: theme, admin: admin, comments: CommentPosting(store: store, now: config.now),
        notifier: mailer.map { CommentNotifier(store: store, mailer: $0, baseURL: config.baseURL, wording: mailWording) },
        mailer: mailer, mailWording: mailWording,
        pageCache: pageCache,
        resourcesDirectory: config.resourcesDirectory,
        configuration: WebConfiguration(
            baseURL: config.baseURL, mediaDirectory: config.data.mediaPath,
            clientAddressHeader: config.clientAddressHeader, metrics: Observability.text, metricsFrom: config.metricsFrom,
            accessLog: config.accessLog, apiRequestsPerMinute: config.apiRequestsPerMinute),
        logger: logger, now: config.now)
}
