import Foundation
import GRDB
import KibaruCore
import Synchronization

/// The change log (`content_change`, written by the triggers of migration 0015).
extension SQLiteStore {
    public func latestChangeID() async throws -> Int64 {
        try await pool.read { db in try Self.latestChangeID(db) }
    }

    public func changes(after id: Int64, limit: Int) async throws -> [ContentChange]? {
        try await pool.read { db in try Self.changes(db, after: id, limit: limit) }
    }

    public func observeCommittedChanges(_ handler: @escaping @Sendable ([ContentChange]) -> Void) {
        CommittedChanges.shared.add(handler, path: path)
    }

    public func pruneChanges(before date: Date) async throws -> Int {
        try await writeDatabase { db in
            // The newest entry stays, so that a reader can tell "nothing new" from "pruned past me".
            try db.execute(
                sql: "DELETE FROM content_change WHERE at < ? AND id < (SELECT max(id) FROM content_change)",
                arguments: [date])
            return db.changesCount
        }
    }

    public func optimize() async throws {
        try await writeDatabase { db in try db.execute(sql: "PRAGMA optimize") }
    }

    static func latestChangeID(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT max(id) FROM content_change") ?? 0
    }

    static func changes(_ db: Database, after id: Int64, limit: Int) throws -> [ContentChange]? {
        if let oldest = try Int64.fetchOne(db, sql: "SELECT min(id) FROM content_change"), oldest > id + 1 {
            return nil
        }
        return try Row.fetchAll(
            db, sql: "SELECT id, key FROM content_change WHERE id > ? ORDER BY id LIMIT ?", arguments: [id, limit]
        ).map { row in ContentChange(id: row["id"], dependency: ContentDependency(key: row["key"])) }
    }

}

/// The handlers of ``SQLiteStore/observeCommittedChanges(_:)`` by database file, for every store of this process
/// that opened it: a write through any of them reaches them all (tests and commands may open a file twice).
final class CommittedChanges: Sendable {
    static let shared = CommittedChanges()

    private let handlers = Mutex<[String: [@Sendable ([ContentChange]) -> Void]]>([:])

    func add(_ handler: @escaping @Sendable ([ContentChange]) -> Void, path: String) {
        handlers.withLock { $0[path, default: []].append(handler) }
    }

    func handlers(path: String) -> [@Sendable ([ContentChange]) -> Void] {
        handlers.withLock { $0[path] ?? [] }
    }

    /// Makes the commits of `pool` reach the handlers of `path`.
    func observe(_ pool: DatabasePool, path: String) {
        let observer = CommitObserver(path: path, broadcast: self)
        // On the writer's queue: no commit can come between reading the newest id and observing.
        pool.writeWithoutTransaction { db in
            observer.lastSeen = (try? SQLiteStore.latestChangeID(db)) ?? 0
            db.add(transactionObserver: observer, extent: .databaseLifetime)  // retained until the pool closes
        }
    }
}

/// Reads, right after each commit on a writer connection, the log entries written since the last it read, and
/// hands them to the handlers before the write returns.
private final class CommitObserver: TransactionObserver, @unchecked Sendable {
    let path: String
    let broadcast: CommittedChanges
    /// Only read and written on the writer connection's queue.
    var lastSeen: Int64 = 0

    init(path: String, broadcast: CommittedChanges) {
        self.path = path
        self.broadcast = broadcast
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseDidRollback(_ db: Database) {}

    func databaseDidCommit(_ db: Database) {
        let handlers = broadcast.handlers(path: path)
        guard !handlers.isEmpty else {
            // Nobody listens (a command such as an import): only remember where the log is.
            lastSeen = (try? SQLiteStore.latestChangeID(db)) ?? lastSeen
            return
        }
        guard let rows = try? Row.fetchAll(
            db, sql: "SELECT id, key FROM content_change WHERE id > ? ORDER BY id", arguments: [lastSeen]),
            let last = rows.last
        else { return }
        lastSeen = last["id"]
        let changes = rows.map { row in ContentChange(id: row["id"], dependency: ContentDependency(key: row["key"])) }
        for handler in handlers { handler(changes) }
    }
}
