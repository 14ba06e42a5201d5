import Foundation
import Hummingbird
import KibaruApp
import KibaruCore
import KibaruServices
import Logging

/// A real network in a temporary folder (real SQLite file), with one site, and the app built on it by the
/// production composition root.
public struct TestNetwork: Sendable {
    public let config: AppConfig
    public let store: any ContentStore
    public let site: Site

    /// The services over this network's store, with a fixed clock.
    public var articles: ArticleService { ArticleService(store: store, now: { TestNetwork.now }) }

    /// The fixed "now" of tests: 1 March 2024, 10:00 UTC.
    public static let now = Date(timeIntervalSince1970: 1_709_287_200)

    /// Creates the network and a site `mali-actu` (Africa/Bamako).
    public static func make(siteHost: String? = nil) async throws -> TestNetwork {
        let directory = try TestPaths.temporaryDirectory("network")
        let config = try AppConfig(dataDirectory: directory, resourcesDirectory: TestPaths.resources,
                                   baseURL: "https://kibaru.test")
        let store = try config.data.create()
        let sites = SiteService(store: store)
        try await sites.initialize(Network(title: "Réseau test", tagline: "Des blogs du Sahel"))
        let site = try await sites.create(
            Site(slug: try Slug(validating: "mali-actu"), title: "Mali Actu", tagline: "L’actualité malienne",
                 host: siteHost))
        return TestNetwork(config: config, store: store, site: site)
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
