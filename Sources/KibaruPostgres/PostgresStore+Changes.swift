import Foundation
import KibaruCore
import Logging
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

    /// Calls `handler` with the log's new entries right after each write of this process commits, and as soon as
    /// another process (a node, a command) commits: its commits send `NOTIFY kibaru_changes` (the schema's
    /// trigger), which a connection of this store listens for from the first handler on.
    public func observeCommittedChanges(_ handler: @escaping @Sendable ([ContentChange]) -> Void) {
        observers.add(handler) { [client] in
            try await client.query("SELECT coalesce(max(id), 0) FROM content_change").collect().first?.decode(Int64.self) ?? 0
        }
        listening.withLock { listener in
            guard listener == nil else { return }
            listener = Task { [client, observers, logger, isListening] in
                await Self.listen(client: client, observers: observers, logger: logger, isListening: isListening)
            }
        }
    }

    /// The channel the schema's trigger notifies after each transaction that logged changes.
    static let notificationChannel = "kibaru_changes"

    /// Hands the log's new entries to the handlers, after a write of this process committed.
    func deliverChanges() async {
        await observers.deliver { [client] after in try await Self.changes(client: client, after: after) }
    }

    /// Listens for other processes' commits until cancelled, delivering the log's new entries after each
    /// notification (and once when it starts listening, for what was committed before); connects again a second
    /// after a failure.
    static func listen(client: PostgresClient, observers: ChangeObservers, logger: Logger, isListening: Flag) async {
        _ = await observers.started()
        defer { isListening.set(false) }
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: notificationChannel) { notifications in
                        isListening.set(true)
                        await observers.deliver { after in try await changes(client: client, after: after) }
                        for try await _ in notifications {
                            await observers.deliver { after in try await changes(client: client, after: after) }
                        }
                    }
                }
            } catch {
                isListening.set(false)
                guard !Task.isCancelled else { return }
                logger.warning("listening for other nodes' changes failed, again in a second", metadata: ["kibaru.error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// The log's entries after `id`, in order, read in one statement (one snapshot).
    static func changes(client: PostgresClient, after id: Int64) async throws -> [ContentChange] {
        try await client.query("SELECT id, key FROM content_change WHERE id > \(id) ORDER BY id").collect().map { row in
            let (id, key) = try row.decode((Int64, String).self)
            return ContentChange(id: id, dependency: ContentDependency(key: key))
        }
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
/// every store of this process that opened it, and what was handed to them.
///
/// Deliveries start at the log's end when the first handler came. Each hands over the log's entries after the last
/// one delivered, read after a commit: those of this process's write and of every other process's commits since,
/// in id order. Deliveries take turns, so that each entry is handed over once and in order.
final class ChangeObservers: Sendable {
    private struct State {
        var handlers: [@Sendable ([ContentChange]) -> Void] = []
        /// The newest entry handed to every handler, once the start is known.
        var delivered: Int64?
        /// Reads where deliveries start, from the first handler on.
        var starting: Task<Void, Never>?
    }

    private let state = Mutex(State())
    /// Deliveries take turns.
    private let turns = Turns()
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

    /// Adds a handler; the first one makes deliveries start at the log's newest entry (`latest`, tried every second
    /// for half a minute: without it, the page cache's own reading of the log every second still applies the
    /// changes).
    func add(_ handler: @escaping @Sendable ([ContentChange]) -> Void, latest: @escaping @Sendable () async throws -> Int64) {
        state.withLock { state in
            state.handlers.append(handler)
            guard state.starting == nil else { return }
            state.starting = Task { [self] in
                for _ in 0..<30 where !Task.isCancelled {
                    if let newest = try? await latest() {
                        self.state.withLock { $0.delivered = max($0.delivered ?? newest, newest) }
                        return
                    }
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
    }

    /// Waits until deliveries know where they start; `false` when nobody listens.
    func started() async -> Bool {
        guard let starting = state.withLock({ $0.starting }) else { return false }
        await starting.value
        return true
    }

    /// Reads the entries after the last delivered (`read`) and hands them to every handler. A failed read is left
    /// to the next delivery, or to the page cache's own reading of the log every second.
    func deliver(reading read: @Sendable (Int64) async throws -> [ContentChange]) async {
        guard await started() else { return }
        await turns.take()
        defer { turns.end() }
        let (handlers, from) = state.withLock { ($0.handlers, $0.delivered) }
        guard let from, let changes = try? await read(from), let last = changes.last else { return }
        for handler in handlers { handler(changes) }
        state.withLock { $0.delivered = last.id }
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
