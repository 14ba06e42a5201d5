import Foundation
import KibaruCore
import Logging
import PostgresNIO

/// ``ContentTransaction`` over one PostgreSQL connection inside `BEGIN … COMMIT`.
///
/// An actor like SQLite's, so that a transaction's body and the services it calls run isolated to it (decision
/// 0010); here each requirement is a round trip on the connection, which no other task uses meanwhile.
actor PostgresTransaction: ContentTransaction {
    private let connection: PostgresConnection
    private let logger: Logger
    /// Set when the transaction ended: the body kept it and used it afterwards.
    private var ended = false

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Called once the transaction committed or rolled back.
    func end() { ended = true }

    /// Runs `query`, and returns its rows.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        precondition(!ended, "a PostgreSQL transaction was used after it ended")
        do {
            return try await connection.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
        } catch let error as PSQLError {
            throw PostgresFailure(error, query: query.sql)
        }
    }

    /// Runs `query` for its effects.
    func run(_ query: PostgresQuery) async throws {
        try await rows(query)
    }

    /// The first column of each row of `query`.
    func column<T: PostgresDecodable>(_ query: PostgresQuery, as type: T.Type = T.self) async throws -> [T] {
        try await rows(query).map { try $0[0].decode(T.self) }
    }

    /// The first column of the first row of `query`, `nil` without rows.
    func value<T: PostgresDecodable>(_ query: PostgresQuery, as type: T.Type = T.self) async throws -> T? {
        try await rows(query).first.map { try $0[0].decode(T.self) }
    }

    /// The id an `INSERT … RETURNING id` gave the new row.
    func insertedID<Entity>(_ query: PostgresQuery, of entity: Entity.Type) async throws -> Tagged<Entity, Int64> {
        guard let id = try await value(query, as: Tagged<Entity, Int64>.self) else {
            throw ContentError.storeUnavailable(reason: "PostgreSQL n’a rendu aucun identifiant pour : \(query.sql)")
        }
        return id
    }

    /// Each row of `query` turned into a value.
    func map<T>(_ query: PostgresQuery, _ transform: (PostgresRandomAccessRow) throws -> T) async throws -> [T] {
        try await rows(query).map(transform)
    }
}

/// An error PostgreSQL answered, with what it said (postgres-nio hides it from `description` by default).
public struct PostgresFailure: Error, CustomStringConvertible {
    /// The SQLSTATE code (`23505` for a unique violation), when the server answered one.
    public let sqlState: String?
    public let message: String

    init(_ error: PSQLError, query: String) {
        sqlState = error.serverInfo?[.sqlState]
        let detail = error.serverInfo?[.message] ?? "\(error.code)"
        message = "\(detail) (SQLSTATE \(sqlState ?? "—")) in: \(query.prefix(160))"
    }

    public var description: String { "PostgreSQL: \(message)" }
}
