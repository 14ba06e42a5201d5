import Foundation
import KibaruPostgres
import Logging
import PostgresNIO

/// Throwaway PostgreSQL databases for tests, on the server whose address `KIBARU_TEST_POSTGRES_URL` holds
/// (`make test` starts one with `scripts/with-postgres`). Each store is a new database, copied from a template
/// migrated once per test process.
public actor ScratchPostgres {
    /// The server's address, `nil` when the tests run without PostgreSQL.
    public static let url: String? = ProcessInfo.processInfo.environment["KIBARU_TEST_POSTGRES_URL"].flatMap {
        $0.isEmpty ? nil : $0
    }

    /// Whether the tests that build a whole network (``TestNetwork``) keep its content in PostgreSQL rather than a
    /// SQLite file: `KIBARU_TEST_STORE=postgres` (`make test` runs the suite both ways).
    public static let networksUsePostgres = ProcessInfo.processInfo.environment["KIBARU_TEST_STORE"] == "postgres"

    /// Why PostgreSQL's tests are skipped, when they are.
    public static let skipReason = "KIBARU_TEST_POSTGRES_URL is not set: `make test` (scripts/with-postgres) starts a PostgreSQL server for these tests"

    public static let shared = ScratchPostgres()

    /// The connection that creates databases, with the template's name: made once, by the first test that asks.
    private var server: Task<(admin: PostgresConnection, template: String), any Error>?
    private var created = 0
    private static let prefix = "kibaru_test_\(getpid())"
    private static let logger = Logger(label: "kibaru.tests.postgres")

    /// A new, empty (migrated) store in a database of its own.
    public func newStore() async throws -> PostgresStore {
        try await PostgresStore.open(try await newDatabase(), maximumConnections: 4)
    }

    /// A new database without even Kibaru's schema.
    public func emptyDatabase() async throws -> PostgresLocation {
        try await newDatabase(template: "template0")
    }

    /// A new database with Kibaru's schema and nothing in it.
    public func newDatabase() async throws -> PostgresLocation {
        try await newDatabase(template: nil)
    }

    private func newDatabase(template wanted: String?) async throws -> PostgresLocation {
        guard let url = Self.url else { throw ScratchPostgresUnavailable() }
        let location = try PostgresLocation(url: url)
        let setup = server ?? Task { try await Self.prepare(location) }
        server = setup
        let (admin, prepared) = try await setup.value
        let template = wanted ?? prepared
        created += 1
        let name = "\(Self.prefix)_\(created)"
        // A template's last connection may take a moment to leave: CREATE DATABASE refuses a template in use.
        for attempt in 1...50 {
            do {
                try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE \(template)"), logger: Self.logger)
                break
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "55006" && attempt < 50 {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        return location.database(name)
    }

    /// Runs `sql` on the database at `location`, behind the store's back (tests that undo what an upgrade does).
    public static func execute(_ sql: String, in location: PostgresLocation) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration(
                host: location.host, port: location.port, username: location.user, password: location.password,
                database: location.database, tls: .disable),
            id: 2, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    /// Connects to the server, drops the databases of test processes that ended, and makes the template every
    /// store is copied from, migrated once.
    private static func prepare(_ location: PostgresLocation) async throws -> (admin: PostgresConnection, template: String) {
        let admin = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration(
                host: location.host, port: location.port, username: location.user, password: location.password,
                database: location.database, tls: .disable),
            id: 1, logger: logger)
        let leftovers = try await admin.query(
            "SELECT datname::TEXT FROM pg_database WHERE datname LIKE 'kibaru\\_test\\_%'", logger: logger
        ).collect().map { try $0.decode(String.self) }
        for name in leftovers {
            let owner = name.split(separator: "_").dropFirst(2).first.flatMap { Int32($0) }
            if let owner, kill(owner, 0) == 0 { continue }  // a test process's that still runs
            try await admin.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger)
        }
        let template = "\(prefix)_template"
        try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(template)"), logger: logger)
        let store = try await PostgresStore.open(location.database(template), maximumConnections: 1)
        await store.close()
        return (admin, template)
    }
}

/// PostgreSQL's tests ran without `KIBARU_TEST_POSTGRES_URL`.
public struct ScratchPostgresUnavailable: Error, CustomStringConvertible {
    public var description: String { ScratchPostgres.skipReason }
}
