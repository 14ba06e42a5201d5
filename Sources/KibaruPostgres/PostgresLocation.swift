import Foundation
import KibaruCore
import KibaruText
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL database is, read from a `postgres://` URL as libpq reads it: `postgres://user:password@host:port/database`,
/// with `?host=/run/postgresql` for a Unix socket folder and `?sslmode=disable|prefer|require|verify-full`.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// The folder of the server's Unix socket, when it is reached through one rather than TCP.
    public var socketFolder: String?
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// The schema Kibaru's tables live in; `nil` for the user's default (`public`). Dry runs use a throwaway one.
    public var schema: String?

    /// How the connection is encrypted, as libpq's `sslmode` says: `prefer` and `require` encrypt without checking
    /// the server's certificate, `verify-full` checks it and its name against the system's authorities.
    public enum TLSMode: String, Sendable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    /// Reads `url`; throws ``ContentError/storeUnavailable(reason:)`` naming what is wrong with it.
    public init(url: String) throws {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? "") else {
            throw ContentError.storeUnavailable(reason: L("« {url} » n’est pas une adresse postgres://utilisateur@hôte/base", ["url": url]))
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }) { _, last in last }
        host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        port = components.port ?? 5432
        socketFolder = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        user = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        password = components.password.flatMap { $0.removingPercentEncoding }
        database = String(components.path.drop(while: { $0 == "/" })).removingPercentEncoding ?? ""
        guard !database.isEmpty else {
            throw ContentError.storeUnavailable(reason: L("l’adresse « {url} » ne nomme pas de base (…/kibaru)", ["url": Self.redacted(url)]))
        }
        guard let mode = TLSMode(rawValue: query["sslmode"] ?? "prefer") else {
            throw ContentError.storeUnavailable(
                reason: L("sslmode « {mode} » inconnu (disable, prefer, require ou verify-full)", ["mode": query["sslmode"] ?? ""]))
        }
        // A socket is local: there is nothing to encrypt.
        tls = socketFolder == nil ? mode : .disable
        schema = nil
    }

    /// The URL without its password, for messages.
    public var description: String {
        let place = socketFolder.map { "?host=\($0)" } ?? ""
        return "postgres://\(user)@\(socketFolder == nil ? "\(host):\(port)" : "")/\(database)\(place)"
    }

    /// The location as a `postgres://` URL, password included (for another process: a node, a command).
    public var url: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = user
        components.password = password
        components.host = socketFolder == nil ? host : ""
        components.port = port
        components.path = "/" + database
        var query = [URLQueryItem(name: "sslmode", value: tls.rawValue)]
        if let socketFolder { query.append(URLQueryItem(name: "host", value: socketFolder)) }
        components.queryItems = query
        return components.string ?? description
    }

    /// The same database under another name (the tests' throwaway databases).
    public func database(_ name: String) -> PostgresLocation {
        var location = self
        location.database = name
        return location
    }

    /// postgres-nio's settings for this location.
    var configuration: PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socketFolder {
            configuration = PostgresClient.Configuration(
                unixSocketPath: "\(socketFolder)/.s.PGSQL.\(port)", username: user, password: password, database: database)
        } else {
            var unverified = TLSConfiguration.makeClientConfiguration()
            unverified.certificateVerification = .none
            let tls: PostgresClient.Configuration.TLS =
                switch self.tls {
                case .disable: .disable
                case .prefer: .prefer(unverified)
                case .require: .require(unverified)
                case .verifyFull: .require(.makeClientConfiguration())
                }
            configuration = PostgresClient.Configuration(
                host: host, port: port, username: user, password: password, database: database, tls: tls)
        }
        configuration.options.maximumConnections = 20
        if let schema { configuration.options.additionalStartupParameters = [("search_path", schema)] }
        return configuration
    }

    /// The settings of one connection opened directly (not from the pool): to tell at once whether the server
    /// answers, where the pool would keep trying for a minute.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        if let socketFolder {
            return PostgresConnection.Configuration(
                unixSocketPath: "\(socketFolder)/.s.PGSQL.\(port)", username: user, password: password, database: database)
        }
        var unverified = TLSConfiguration.makeClientConfiguration()
        unverified.certificateVerification = .none
        let tls: PostgresConnection.Configuration.TLS =
            switch self.tls {
            case .disable: .disable
            case .prefer: .prefer(try NIOSSLContext(configuration: unverified))
            case .require: .require(try NIOSSLContext(configuration: unverified))
            case .verifyFull: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        return PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
    }

    private static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "…"
        return components.string ?? url
    }
}
