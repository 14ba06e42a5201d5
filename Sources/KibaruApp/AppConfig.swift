import Foundation
import KibaruText
import KibaruWeb

/// How one `kibaru` process runs: where its data and resources are, where it listens. Read once, checked at
/// startup, so that a bad value stops the process with one clear line.
public struct AppConfig: Sendable {
    /// Where the content and media are: a data folder, or a PostgreSQL database and a media folder.
    public var data: DataDirectory
    /// The folder holding `themes/` (and `demo/`); see ``ResourceLocator``.
    public var resourcesDirectory: String
    public var host: String
    public var port: Int
    /// The public URL of the network; `http://{host}:{port}` when not given.
    public var baseURL: String
    /// bcrypt's cost: 12 in production, 4 in tests.
    public var bcryptCost: UInt8 = 12
    /// How often the scheduler looks for articles to publish.
    public var schedulerInterval: Duration = .seconds(15)
    /// Where mail goes (password links); `nil` when the network sends none and links are shown instead.
    public var smtp: SMTPSettings?
    /// The header a trusted reverse proxy sets to the client's address (`X-Real-IP`), for rate limits.
    public var clientAddressHeader: String?
    /// How long a connection may stay silent (between requests, or while its request head or body is being sent)
    /// before the server closes it.
    public var idleTimeout: Duration = .seconds(30)
    /// Who may read `/metrics`, by client address (loopback unless the operator widens it).
    public var metricsFrom: [AddressRange] = AddressRange.loopback
    /// The most bytes the page cache may hold (reader pages served again until a change touches them); `nil`
    /// renders every page.
    public var pageCacheBytes: Int? = AppConfig.defaultPageCacheBytes
    /// 64 MB.
    public static let defaultPageCacheBytes = 64 << 20
    /// Whether every request is logged (method, path, status, duration), as an access log.
    public var accessLog = false
    /// The requests each API token may make in a minute, on each node.
    public var apiRequestsPerMinute = AppConfig.defaultAPIRequestsPerMinute
    public static let defaultAPIRequestsPerMinute = 600
    /// The clock of every service; tests fix it.
    public var now: @Sendable () -> Date = { Date() }

    /// A configuration whose content and media are in the data folder `dataDirectory`.
    public init(dataDirectory: String, resourcesDirectory: String, host: String = "127.0.0.1", port: Int = 8080,
                baseURL: String? = nil) throws {
        try self.init(
            data: DataDirectory(path: dataDirectory), resourcesDirectory: resourcesDirectory, host: host, port: port,
            baseURL: baseURL)
    }

    public init(data: DataDirectory, resourcesDirectory: String, host: String = "127.0.0.1", port: Int = 8080,
                baseURL: String? = nil) throws {
        guard (0...65_535).contains(port) else {
            throw ConfigError(key: "port", message: L("{port} n’est pas un port TCP", ["port": "\(port)"]))
        }
        if let baseURL {
            guard baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://") else {
                throw ConfigError(
                    key: "base-url", message: L("« {url} » doit commencer par http:// ou https://", ["url": baseURL]))
            }
        }
        self.data = data
        self.resourcesDirectory = resourcesDirectory
        self.host = host
        self.port = port
        let shownHost = host.contains(":") ? "[\(host)]" : host
        self.baseURL = baseURL ?? "http://\(shownHost):\(port)"
    }

    /// The default theme's folder.
    public var themeDirectory: String { (resourcesDirectory as NSString).appendingPathComponent("themes/default") }
}

/// A configuration value that cannot be used.
public struct ConfigError: Error, CustomStringConvertible {
    /// The option or setting concerned (`port`, `base-url`…), as the command line names it.
    public var key: String
    /// What is wrong, in the command line's language (``L(_:_:)``).
    public var message: String

    public var description: String { L("configuration « {key} » : {message}", ["key": key, "message": message]) }
}
