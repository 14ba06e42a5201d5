import Foundation
import KibaruCore
import Logging
import PostgresNIO
import Synchronization

/// Kibaru's content in a PostgreSQL database: the same repositories as SQLite's store, on a pool of connections
/// that several nodes may share (decision 0010).
///
/// Write transactions run one at a time across every node, as SQLite's do (each takes the same advisory lock
/// after `BEGIN`): check-then-record rules (one-use tokens, throttling, unique slugs checked before saving) hold
/// as they do on SQLite, while readers never wait, each on its own snapshot.
public final class PostgresStore: TransactionalStore {
    /// Where the database is.
    public let location: PostgresLocation
    let client: PostgresClient
    private let running: Task<Void, Never>
    let logger: Logger
    /// Who hears of each committed write's changes (the page cache).
    let observers: ChangeObservers
    /// The turns of this process's writes to the database, shared by its stores.
    let writerTurns: Turns
    /// The connection that listens for other processes' commits, once someone observes them.
    let listening = Mutex<Task<Void, Never>?>(nil)
    /// Whether that connection listens now.
    let isListening = Flag()

    /// The advisory lock every write transaction holds until it ends: this number (`kibu` in ASCII) with the hash
    /// of the schema, so that a dry run's throwaway schema has a writer of its own.
    static let writerLock: Int32 = 0x6B69_6275
    /// The advisory lock held while a schema is brought up to date, so that two nodes starting together do not
    /// both migrate it (with the schema's hash too).
    static let migrationLock: Int32 = 0x6B69_626D

    private init(location: PostgresLocation, maximumConnections: Int, logger: Logger, started: CheckedContinuation<Void, Never>) {
        self.location = location
        self.logger = logger
        observers = ChangeObservers.of(location)
        writerTurns = Turns.of("\(location)#\(location.schema ?? "")")
        var configuration = location.configuration
        configuration.options.maximumConnections = maximumConnections
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        running = Task {
            started.resume()
            await client.run()
        }
    }

    /// The pool's own messages at warning level and above (each failed connection attempt is logged at info).
    public static var defaultLogger: Logger {
        var logger = Logger(label: "kibaru.postgres")
        logger.logLevel = .warning
        return logger
    }

    deinit {
        running.cancel()
        listening.withLock { $0?.cancel() }
    }

    /// Connects to the database at `location` and brings its schema up to date (``PostgresSchema``); throws
    /// ``ContentError/storeUnavailable(reason:)`` when the server cannot be reached.
    public static func open(
        _ location: PostgresLocation, maximumConnections: Int = 20, logger: Logger = PostgresStore.defaultLogger
    ) async throws -> PostgresStore {
        // One connection first: a server that does not answer is told at once (the pool would try for a minute).
        do {
            let probe = try await PostgresConnection.connect(
                configuration: try location.connectionConfiguration(), id: 0, logger: logger)
            try await probe.close()
        } catch {
            throw unreachable(location, error)
        }
        // The pool serves connections once its `run()` has begun.
        var made: PostgresStore?
        await withCheckedContinuation { started in
            made = PostgresStore(location: location, maximumConnections: maximumConnections, logger: logger, started: started)
        }
        guard let store = made else { preconditionFailure("the store is made before its pool starts") }
        do {
            try await store.migrate()
        } catch let failure as PostgresFailure {
            throw failure
        } catch {
            throw Self.unreachable(location, error)  // the store goes, and its pool with it
        }
        return store
    }

    /// Closes every connection; the store cannot be used afterwards.
    public func close() async {
        let listener = listening.withLock { $0 }
        listener?.cancel()
        await listener?.value
        running.cancel()
        await running.value
    }

    /// Runs the schema's versions the database does not have yet, each in its own transaction.
    private func migrate() async throws {
        try await client.withConnection { connection in
            try await connection.query(
                "SELECT pg_advisory_lock(\(Self.migrationLock), hashtext(current_schema()))", logger: logger)
            do {
                try await connection.query("""
                    CREATE TABLE IF NOT EXISTS kibaru_schema_version (
                        version BIGINT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                    """, logger: logger)
                let current = try await connection.query(
                    "SELECT coalesce(max(version), 0) FROM kibaru_schema_version", logger: logger
                ).collect().first.map { try $0.decode(Int64.self) } ?? 0
                for (index, script) in PostgresSchema.versions.enumerated() where index + 1 > current {
                    try await connection.query("BEGIN", logger: logger)
                    do {
                        for statement in SQLStatements.split(script) {
                            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                        }
                        try await connection.query(
                            "INSERT INTO kibaru_schema_version (version) VALUES (\(Int64(index + 1)))", logger: logger)
                        try await connection.query("COMMIT", logger: logger)
                    } catch {
                        _ = try? await connection.query("ROLLBACK", logger: logger)
                        if let error = error as? PSQLError {
                            throw PostgresFailure(error, query: "version \(index + 1) of the schema")
                        }
                        throw error
                    }
                }
            } catch {
                _ = try? await connection.query(
                    "SELECT pg_advisory_unlock(\(Self.migrationLock), hashtext(current_schema()))", logger: logger)
                throw error
            }
            try await connection.query(
                "SELECT pg_advisory_unlock(\(Self.migrationLock), hashtext(current_schema()))", logger: logger)
        }
    }

    public func read<T: Sendable>(
        _ body: @escaping @Sendable (isolated any ContentTransaction) async throws -> T
    ) async throws -> T {
        try await transaction(writing: false) { tx in try await body(tx) }
    }

    public func write<T: Sendable>(
        _ body: @escaping @Sendable (isolated any ContentTransaction) async throws -> T
    ) async throws -> T {
        try await transaction(writing: true) { tx in try await body(tx) }
    }

    /// What a transaction may do, and how it begins.
    enum TransactionKind {
        /// Reads, on one snapshot.
        case read
        /// Writes, one at a time across every node (the writer's lock).
        case write
        /// Reads one snapshot and writes elsewhere without the writer's lock (copies into a dry run's schema).
        case copy
    }

    func transaction<T: Sendable>(
        writing: Bool, _ body: @escaping @Sendable (isolated PostgresTransaction) async throws -> T
    ) async throws -> T {
        try await transaction(writing ? .write : .read, body)
    }

    /// Leases a connection, begins (a write: and waits for the writer's lock; a read: on a snapshot), runs `body`
    /// isolated to the transaction, then commits, or rolls back when `body` throws.
    func transaction<T: Sendable>(
        _ kind: TransactionKind, _ body: @escaping @Sendable (isolated PostgresTransaction) async throws -> T
    ) async throws -> T {
        let writing = kind == .write
        if writing {
            Self.refuseNestedWrite(self)
            // One write of this process at a time waits for the writer's lock, on one connection: the others wait
            // here, so that queued writes never hold the connections readers need.
            await writerTurns.take()
        }
        defer { if writing { writerTurns.end() } }
        let logger = logger
        let leased = Flag()
        do {
            let value = try await client.withConnection { connection in
                leased.set(true)
                let tx = PostgresTransaction(connection: connection, logger: logger)
                let outcome: Result<T, any Error>
                do {
                    outcome = .success(try await run(kind, body, in: tx))
                } catch {
                    outcome = .failure(error)
                    // Whatever failed (the body, the lock, COMMIT, a cancelled query), the connection goes back to
                    // the pool outside any transaction, or not at all.
                    if !(await Self.rollBack(connection, logger: logger)) { try? await connection.close() }
                }
                await tx.end()
                return try outcome.get()
            }
            if kind == .write { await deliverChanges() }
            return value
        } catch where Task.isCancelled && !(error is PostgresFailure) {
            throw CancellationError()  // the pool's "request cancelled": the caller stopped waiting
        } catch where !leased.isOn {
            throw Self.unreachable(location, error)  // no connection could be had
        } catch let error as PSQLError where error.code != .server {
            throw Self.unreachable(location, error)  // the connection was lost
        }
    }

    /// Begins, runs `body` isolated to the transaction and commits.
    private func run<T: Sendable>(
        _ kind: TransactionKind, _ body: @escaping @Sendable (isolated PostgresTransaction) async throws -> T,
        in tx: PostgresTransaction
    ) async throws -> T {
        switch kind {
        case .write:
            try await tx.run("BEGIN ISOLATION LEVEL READ COMMITTED")
            try await tx.run("SELECT pg_advisory_xact_lock(\(Self.writerLock), hashtext(current_schema()))")
        case .read:
            try await tx.run("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        case .copy:
            try await tx.run("BEGIN ISOLATION LEVEL REPEATABLE READ")
        }
        let value = try await Self.$heldWriter.withValue(kind == .write ? writerKey : Self.heldWriter) {
            try await body(tx)
        }
        try await tx.run("COMMIT")
        return value
    }

    /// Ends whatever transaction `connection` is in; `false` when it cannot say so (the connection is then closed
    /// rather than lent again). Not cancelled with the task that failed.
    private static func rollBack(_ connection: PostgresConnection, logger: Logger) async -> Bool {
        await Task.detached { (try? await connection.query("ROLLBACK", logger: logger)) != nil }.value
    }

    /// The server could not be reached (or stopped answering): ``ContentError/storeUnavailable(reason:)``, naming
    /// where it was looked for, never the password.
    static func unreachable(_ location: PostgresLocation, _ error: any Error) -> ContentError {
        let reason: String =
            if let error = error as? PSQLError {
                error.serverInfo?[.message] ?? (error.underlying.map { "\($0)" } ?? "\(error.code)")
            } else {
                "aucune connexion n’a pu être ouverte"
            }
        return ContentError.storeUnavailable(reason: "PostgreSQL injoignable à \(location) (\(reason))")
    }

    /// The database (and schema) whose writer the current task holds, inside a write transaction's body.
    @TaskLocal static var heldWriter: String?

    /// The database and schema this store writes to, whichever store of the process opened it.
    var writerKey: String { "\(location)#\(location.schema ?? "")" }

    /// Stops the process when a write transaction's body waits for another write of the same database, through
    /// this store or another: the writer is its own until it returns, so the second would wait for ever.
    static func refuseNestedWrite(_ store: PostgresStore) {
        precondition(heldWriter != store.writerKey, "a write transaction waited for another write of the same database")
    }
}

/// A boolean that tasks set and read.
final class Flag: Sendable {
    private let value = Mutex(false)

    func set(_ on: Bool) { value.withLock { $0 = on } }
    var isOn: Bool { value.withLock { $0 } }
}

/// Turns taken one at a time, in the order asked, across tasks: the writes of one database in this process.
final class Turns: Sendable {
    private struct State {
        var taken = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private static let byKey = Mutex<[String: Turns]>([:])

    /// The turns of `key` (a database and schema).
    static func of(_ key: String) -> Turns {
        byKey.withLock { all in
            if let known = all[key] { return known }
            let made = Turns()
            all[key] = made
            return made
        }
    }

    /// Waits for the turn.
    func take() async {
        await withCheckedContinuation { turn in
            let now = state.withLock { state in
                guard state.taken else {
                    state.taken = true
                    return true
                }
                state.waiting.append(turn)
                return false
            }
            if now { turn.resume() }
        }
    }

    /// Gives the turn to the next in line.
    func end() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiting.isEmpty else {
                state.taken = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}
