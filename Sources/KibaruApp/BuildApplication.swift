import Hummingbird
import KibaruCore
import KibaruSQLite
import KibaruServices
import KibaruTheme
import KibaruWeb
import ServiceLifecycle
import Logging

/// The composition root, used by `kibaru serve`, `kibaru demo` and the tests: opens the store, renders again
/// the articles an older renderer produced, loads the theme (failing on a missing template) and builds the
/// server.
public func buildApplication(_ config: AppConfig, logger: Logger = Logger(label: "kibaru")) async throws
    -> some ApplicationProtocol
{
    let store = try config.data.open()
    _ = try await store.network()  // a folder without a network is refused before listening
    let rerendered = try await ArticleService(store: store, now: config.now).renderStaleArticles()
    if rerendered > 0 { logger.info("articles rendered again", metadata: ["kibaru.count": "\(rerendered)"]) }
    let theme = try await Theme.load(from: config.themeDirectory)
    let hasher = BcryptHasher(cost: config.bcryptCost)
    let editorial = EditorialService(store: store, now: config.now)
    let admin = AdminServices(
        store: store, auth: AuthService(store: store, hasher: hasher, now: config.now),
        staff: StaffService(store: store, hasher: hasher, now: config.now), editorial: editorial,
        media: MediaService(store: store, mediaDirectory: config.data.mediaPath, now: config.now),
        moderation: CommentModeration(store: store, now: config.now),
        mailer: config.smtp.map(SMTPMailSender.init(settings:)), baseURL: config.baseURL)
    let mailer = config.smtp.map(SMTPMailSender.init(settings:))
    let router = try await makeRouter(
        store: store, theme: theme, admin: admin, comments: CommentPosting(store: store, now: config.now),
        notifier: mailer.map { CommentNotifier(store: store, mailer: $0, baseURL: config.baseURL) }, mailer: mailer,
        resourcesDirectory: config.resourcesDirectory,
        configuration: WebConfiguration(
            baseURL: config.baseURL, mediaDirectory: config.data.mediaPath,
            clientAddressHeader: config.clientAddressHeader),
        logger: logger, now: config.now)
    return Application(
        router: router,
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "Kibaru"),
        services: [ScheduledPublisher(editorial: editorial, interval: config.schedulerInterval, logger: logger)],
        logger: logger)
}
