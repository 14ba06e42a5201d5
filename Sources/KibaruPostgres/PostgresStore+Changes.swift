import Foundation
import KibaruCore
import PostgresNIO
import Synchronization

/// The change log (`content_change`, written by the schema's triggers in the transactions that make the changes).
///
/// Write transactions hold the writer's lock from `BEGIN` to `COMMIT`, so the log's ids grow in commit order, as
/// SQLite's do; a rolled-back transaction may leave a gap.
extension PostgresStore: ContentStore {
    public func latestChangeID() async throws -> Int64 {
        try await transaction(writing: false) { tx in try await tx.latestChangeID() }
    }

    public func changes(after id: Int64, limit: Int) async throws -> [ContentChange]? {
        try await transaction(writing: false) { tx in
            if let oldest = try await tx.value("SELECT min(id) FROM content_change", as: Int64?.self) ?? nil, oldest > id + 1 {
                return nil
            }
            return try await tx.changes(after: id, limit: limit)
        }
    }

    public func observeCommittedChanges(_ handler: @escaping @Sendable ([ContentChange]) -> Void) {
        observers.add(handler)
    }

    public func pruneChanges(before date: Date) async throws -> Int {
        try await transaction(writing: true) { tx in
            // The newest entry stays, so that a reader can tell "nothing new" from "pruned past me".
            try await tx.column("""
                DELETE FROM content_change WHERE at < \(date) AND id < (SELECT max(id) FROM content_change) RETURNING id
                """, as: Int64.self).count
        }
    }
}

/// The handlers of ``PostgresStore/observeCommittedChanges(_:)``, one list per database (and schema), shared by
/// every store of this process that opened it: a write through any of them reaches them all, as SQLite's do (a
/// command or a test may open a database twice). Other processes' writes reach them through the log itself.
final class ChangeObservers: Sendable {
    private let handlers = Mutex<[@Sendable ([ContentChange]) -> Void]>([])
    private static let byDatabase = Mutex<[String: ChangeObservers]>([:])

    /// The handlers of the database at `location`.
    static func of(_ location: PostgresLocation) -> ChangeObservers {
        let key = "\(location)#\(location.schema ?? "")"
        return byDatabase.withLock { all in
            if let known = all[key] { return known }
            let made = ChangeObservers()
            all[key] = made
            return made
        }
    }

    func add(_ handler: @escaping @Sendable ([ContentChange]) -> Void) {
        handlers.withLock { $0.append(handler) }
    }

    var isEmpty: Bool { handlers.withLock { $0.isEmpty } }

    /// Hands a committed transaction's changes to every handler.
    func notify(_ changes: [ContentChange]) {
        guard !changes.isEmpty else { return }
        for handler in handlers.withLock({ $0 }) { handler(changes) }
    }
}

extension PostgresTransaction {
    func latestChangeID() async throws -> Int64 {
        try await value("SELECT coalesce(max(id), 0) FROM content_change", as: Int64.self) ?? 0
    }

    func changes(after id: Int64, limit: Int = Int(Int32.max)) async throws -> [ContentChange] {
        try await map("SELECT id, key FROM content_change WHERE id > \(id) ORDER BY id LIMIT \(Int64(limit))") { row in
            ContentChange(id: try row.get("id"), dependency: ContentDependency(key: try row.get("key")))
        }
    }
}
