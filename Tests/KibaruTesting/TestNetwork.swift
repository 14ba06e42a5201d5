import Foundation
import Hummingbird
import KibaruApp
import KibaruCore
import KibaruPostgres
import KibaruServices
import KibaruText
import Logging

/// A real network in a temporary folder (real SQLite file), with one site, and the app built on it by the
/// production composition root.
public struct TestNetwork: Sendable {
    public private(set) var config: AppConfig
    public let store: any ContentStore & StaffStore
    public let site: Site

    /// The services over this network's store, with a fixed clock.
    public var articles: ArticleService { ArticleService(store: store, now: { TestNetwork.now }) }

    /// The fixed "now" of tests: 1 March 2024, 10:00 UTC.
    public static let now = Date(timeIntervalSince1970: 1_709_287_200)

    /// Creates the network and a site `mali-actu` (Africa/Bamako).
    public static func make(siteHost: String? = nil, baseURL: String = "https://kibaru.test") async throws -> TestNetwork {
        var config = try AppConfig(data: try await testData("network"), resourcesDirectory: TestPaths.resources,
                                   baseURL: baseURL)
        config.bcryptCost = 4
        config.now = { TestNetwork.now }
        config.clientAddressHeader = "X-Test-Client-Address"
        let store = try await config.data.create()
        let sites = SiteService(store: store)
        try await sites.initialize(Network(title: "Réseau test", tagline: "Des blogs du Sahel"))
        let site = try await sites.create(
            NewSite(slug: try Slug(validating: "mali-actu"), title: "Mali Actu", tagline: "L’actualité malienne",
                 host: siteHost))
        return TestNetwork(config: config, store: store, site: site)
    }

    /// The demo network of `kibaru demo` (`Resources/demo/`), with the site `siteSlug` as ``site``.
    public static func demo(
        siteSlug: String = "bamako-chroniques", baseURL: String = "https://kibaru.test", storage: Storage = .default
    ) async throws -> TestNetwork {
        let data = try await testData("demo", storage)
        _ = try await DemoNetwork.create(in: data, resourcesDirectory: TestPaths.resources)
        var config = try AppConfig(data: data, resourcesDirectory: TestPaths.resources, baseURL: baseURL)
        config.bcryptCost = 4
        config.now = { TestNetwork.now }
        config.clientAddressHeader = "X-Test-Client-Address"
        let store = try await config.data.open()
        let site = try await store.site(slug: try Slug(validating: siteSlug))
        return TestNetwork(config: config, store: store, site: try unwrap(site, "demo site \(siteSlug)"))
    }

    /// Where a test network keeps its content.
    public enum Storage: Sendable {
        /// A data folder, or, with `KIBARU_TEST_STORE=postgres`, a new PostgreSQL database and a media folder.
        case `default`
        /// A data folder whatever the run (`backup` and `check` work on one only).
        case dataFolder
    }

    /// The options that give a `kibaru` command this network's store: `--data` or `--database … --media-dir …`.
    public var storeArguments: [String] {
        if let database = config.data.database { return ["--database", database.url, "--media-dir", config.data.path] }
        return ["--data", config.data.path]
    }

    private static func testData(_ label: String, _ storage: Storage = .default) async throws -> DataDirectory {
        let directory = try TestPaths.temporaryDirectory(label)
        guard ScratchPostgres.networksUsePostgres, storage == .default else { return DataDirectory(path: directory) }
        return DataDirectory(database: try await ScratchPostgres.shared.newDatabase(), media: directory)
    }

    private struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    private static func unwrap<T>(_ value: T?, _ what: String) throws -> T {
        guard let value else { throw Missing(description: "\(what) is missing") }
        return value
    }

    /// Stores a published article in the test site.
    @discardableResult
    public func publish(
        _ title: String, body: String = "Un paragraphe.", authors: [String] = ["Awa Diarra"], tags: [String] = [],
        at date: Date = TestNetwork.now, siteSlug: Slug? = nil
    ) async throws -> Article {
        try await articles.save(
            ArticleDraft(siteSlug: siteSlug ?? site.slug, title: title, bodyMarkdown: body, authorNames: authors,
                         tagNames: tags, state: .published, publishedAt: date))
    }

    /// The password of every staff member made by ``staff(_:role:)``.
    public static let password = "un-mot-de-passe-de-test"

    /// A logged-in staff member: the cookie header and CSRF token to send with requests.
    public struct Login: Sendable {
        public var staff: StaffMember
        public var token: String
        public var csrf: String
        /// `Cookie: kibaru_session=…`
        public var cookie: String { "kibaru_session=\(token)" }
    }

    /// Creates a staff member with `role` on the test site (or a network administrator when `role` is `nil`) and
    /// logs them in through the real login service.
    public func staff(_ name: String, role: Role?) async throws -> Login {
        let hasher = BcryptHasher(cost: 4)
        let email = "\(Slugify.slug(name))@kibaru.test"
        let staff = try await StaffService(store: store, hasher: hasher).add(
            email: email, name: name, password: TestNetwork.password, role: role, siteSlug: role == nil ? nil : site.slug,
            isNetworkAdmin: role == nil)
        let opened = try await AuthService(store: store, hasher: hasher)
            .login(email: email, password: TestNetwork.password, clientAddress: "test")
        return Login(staff: staff, token: opened.token, csrf: opened.session.csrfToken)
    }

    /// The same network with other settings (SMTP, …) for the servers it builds.
    public func configured(_ change: (inout AppConfig) -> Void) -> TestNetwork {
        var copy = self
        change(&copy.config)
        return copy
    }

    /// The same network served by a process whose clock says `now`, as after a restart.
    public func restarted(at now: Date) -> TestNetwork {
        var copy = self
        copy.config.now = { now }
        return copy
    }

    /// The server application, as `kibaru serve` builds it.
    public func application() async throws -> some ApplicationProtocol {
        try await buildApplication(config, logger: TestNetwork.logger)
    }

    /// A logger that keeps test output to warnings and errors.
    public static var logger: Logger {
        var logger = Logger(label: "kibaru-test")
        logger.logLevel = .warning
        return logger
    }
}
