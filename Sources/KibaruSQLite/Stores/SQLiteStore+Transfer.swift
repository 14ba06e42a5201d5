import Foundation
import GRDB
import KibaruCore

/// Moving a network in and out of a SQLite file (`kibaru migrate-store`).
extension SQLiteStore: TableTransfer {
    public func columns(of table: String) async throws -> [String] {
        try await pool.read { db in try db.columns(in: table).map(\.name) }
    }

    public func holdsNetwork() async throws -> Bool {
        try await pool.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM network)") ?? false }
    }

    public func readTables(
        _ tables: [String], columns: [String: [String]], batchSize: Int,
        into receive: @Sendable (TableRows) async throws -> Void
    ) async throws {
        // Every table from one snapshot of the file, read a batch at a time: writers are never held back.
        let snapshot = try pool.makeSnapshot()
        for table in tables {
            let names = columns[table] ?? []
            guard !names.isEmpty else { continue }
            let (kinds, primaryKey) = try await snapshot.read { db in
                let declared = Dictionary(
                    try db.columns(in: table).map { column in (column.name, column.type.uppercased()) }
                ) { (first: String, _: String) in first }
                let definition = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [table]) ?? ""
                // A table without rowid (the listing sizes) is read in its primary key's order, page by page.
                let primaryKey = definition.uppercased().contains("WITHOUT ROWID") ? try db.primaryKey(table).columns : nil
                return (names.map { declared[$0] ?? "" }, primaryKey)
            }
            let list = names.map { $0.quotedDatabaseIdentifier }.joined(separator: ", ")
            let name = table.quotedDatabaseIdentifier
            var after: Int64 = .min
            var offset = 0
            while true {
                let (from, skip) = (after, offset)
                let (rows, last) = try await snapshot.read { db -> ([[StoredValue]], Int64?) in
                    var last: Int64?
                    let fetched: [Row]
                    if let primaryKey {
                        let order = primaryKey.map { $0.quotedDatabaseIdentifier }.joined(separator: ", ")
                        fetched = try Row.fetchAll(
                            db, sql: "SELECT 0, \(list) FROM \(name) ORDER BY \(order) LIMIT ? OFFSET ?", arguments: [batchSize, skip])
                    } else {
                        fetched = try Row.fetchAll(
                            db, sql: "SELECT rowid, \(list) FROM \(name) WHERE rowid > ? ORDER BY rowid LIMIT ?", arguments: [from, batchSize])
                    }
                    let rows = fetched.map { row -> [StoredValue] in
                        last = row[0]
                        return kinds.indices.map { Self.storedValue(row[$0 + 1], declared: kinds[$0]) }
                    }
                    return (rows, last)
                }
                guard let last else { break }
                try await receive(TableRows(table: table, columns: names, rows: rows))
                after = last
                offset += rows.count
            }
        }
    }

    public func replaceTables(
        with fill: @escaping @Sendable (_ sink: @escaping @Sendable (TableRows) async throws -> Void) async throws -> Void
    ) async throws {
        try await write { tx in
            guard let tx = tx as? SQLiteTransaction else { preconditionFailure("a SQLite store's transaction") }
            let triggers = try await tx.emptyForTransfer()
            try await fill { batch in try await tx.insertRows(batch) }
            try await tx.finishTransfer(triggers: triggers)
        }
    }

    /// A column's value as a ``StoredValue``: dates and booleans by the column's declared type (SQLite keeps them as
    /// text and integers).
    static func storedValue(_ value: DatabaseValue, declared: String) -> StoredValue {
        switch value.storage {
        case .null: return .null
        case .int64(let integer): return declared == "BOOLEAN" ? .boolean(integer != 0) : .integer(integer)
        case .double(let real): return .real(real)
        case .string(let text):
            if declared == "DATETIME", let date = Date.fromDatabaseValue(value) { return .date(date) }
            return .text(text)
        case .blob(let data): return .bytes([UInt8](data))
        }
    }
}

extension SQLiteTransaction {
    /// Empties every table (copied and derived; the change log keeps its entries and its count) and drops the
    /// triggers, whose SQL it returns: the rows to come carry what the triggers derive.
    func emptyForTransfer() throws -> [String] {
        // Rows come in the source's order, not always their references' (a parent comment rewritten after its
        // reply, on PostgreSQL): references are checked at the commit.
        try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
        let triggers = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        for trigger in triggers {
            try db.execute(sql: "DROP TRIGGER \((trigger["name"] as String).quotedDatabaseIdentifier)")
        }
        for table in NetworkTables.copied.reversed() + ["search_term"] {
            try db.execute(sql: "DELETE FROM \(table.quotedDatabaseIdentifier)")
        }
        try db.execute(sql: "DELETE FROM article_search")
        return triggers.map { $0["sql"] }
    }

    /// Inserts rows as they are (ids included) into one table.
    func insertRows(_ batch: TableRows) throws {
        let columns = batch.columns.map { $0.quotedDatabaseIdentifier }.joined(separator: ", ")
        let placeholders = Array(repeating: "?", count: batch.columns.count).joined(separator: ", ")
        let statement = try db.cachedStatement(
            sql: "INSERT INTO \(batch.table.quotedDatabaseIdentifier) (\(columns)) VALUES (\(placeholders))")
        for row in batch.rows {
            try statement.execute(arguments: StatementArguments(row.map(Self.databaseValue)))
        }
    }

    /// Puts the triggers back and indexes every published article.
    func finishTransfer(triggers: [String]) throws {
        for trigger in triggers { try db.execute(sql: trigger) }
        for id in try Article.ID.fetchAll(db, sql: "SELECT id FROM article WHERE state = 'published' ORDER BY id") {
            try SearchIndex.update(db, articleID: id)
        }
    }

    private static func databaseValue(_ value: StoredValue) -> (any DatabaseValueConvertible)? {
        switch value {
        case .null: nil
        case .integer(let integer): integer
        case .real(let real): real
        case .text(let text): text
        case .boolean(let boolean): boolean
        case .date(let date): date
        case .bytes(let bytes): Data(bytes)
        }
    }
}
