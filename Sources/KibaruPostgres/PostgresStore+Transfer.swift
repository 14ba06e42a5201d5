import Foundation
import KibaruCore
import PostgresNIO

/// Moving a network in and out of PostgreSQL (`kibaru migrate-store`).
extension PostgresStore: TableTransfer {
    public func columns(of table: String) async throws -> [String] {
        try await transaction(.read) { tx in
            try await tx.column("""
                SELECT column_name::TEXT FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = \(table) ORDER BY ordinal_position
                """, as: String.self)
        }
    }

    public func holdsNetwork() async throws -> Bool {
        try await transaction(.read) { tx in try await tx.value("SELECT EXISTS (SELECT 1 FROM network)", as: Bool.self) ?? false }
    }

    public func readTables(
        _ tables: [String], columns: [String: [String]], batchSize: Int,
        into receive: @Sendable (TableRows) async throws -> Void
    ) async throws {
        try await client.withConnection { connection in
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            do {
                for table in tables {
                    let names = columns[table] ?? []
                    guard !names.isEmpty else { continue }
                    let list = names.map(Self.identifier).joined(separator: ", ")
                    var batch: [[StoredValue]] = []
                    for try await row in try await connection.query(
                        PostgresQuery(unsafeSQL: "SELECT \(list) FROM \(Self.identifier(table))"), logger: logger)
                    {
                        batch.append(try row.map(Self.storedValue))
                        if batch.count == batchSize {
                            try await receive(TableRows(table: table, columns: names, rows: batch))
                            batch.removeAll(keepingCapacity: true)
                        }
                    }
                    if !batch.isEmpty { try await receive(TableRows(table: table, columns: names, rows: batch)) }
                }
                try await connection.query("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    public func replaceTables(
        with fill: @escaping @Sendable (_ sink: @escaping @Sendable (TableRows) async throws -> Void) async throws -> Void
    ) async throws {
        // The change log keeps its entries and its count: a node that follows it never sees ids start again.
        let tables = NetworkTables.copied + ["article_search", "search_term"]
        try await transaction(.write) { tx in
            try await tx.run(PostgresQuery(
                unsafeSQL: "TRUNCATE \(tables.map(Self.identifier).joined(separator: ", ")) RESTART IDENTITY CASCADE"))
            // The rows carry what the triggers derive (counts, listing columns): they stay off while rows come.
            for table in NetworkTables.copied {
                try await tx.run(PostgresQuery(unsafeSQL: "ALTER TABLE \(Self.identifier(table)) DISABLE TRIGGER USER"))
            }
            try await fill { batch in try await tx.insert(batch) }
            for table in NetworkTables.copied {
                try await tx.run(PostgresQuery(unsafeSQL: "ALTER TABLE \(Self.identifier(table)) ENABLE TRIGGER USER"))
            }
            try await tx.moveIdentitiesPastTheirRows(changeLogCopied: false)
            for id in try await tx.column("SELECT id FROM article WHERE state = 'published' ORDER BY id", as: Article.ID.self) {
                try await tx.updateSearchIndex(articleID: id, countingTerms: false)
            }
            try await tx.countSearchTerms()
        }
        // Planner statistics for the new rows, and the text index's pending entries merged: until autovacuum came,
        // a 10,000-article move left every search reading the whole table (41 ms for a word no article holds,
        // 0.15 ms once vacuumed). VACUUM runs outside a transaction, after the copy committed: if it fails, the copy
        // stands (autovacuum will do the same later) and the failure is logged, not thrown.
        let vacuum = PostgresQuery(unsafeSQL: "VACUUM (ANALYZE) " + tables.map(Self.identifier).joined(separator: ", "))
        do {
            try await client.withConnection { connection in _ = try await connection.query(vacuum, logger: logger) }
        } catch {
            logger.warning("VACUUM (ANALYZE) after the copy failed; autovacuum will do it", metadata: ["kibaru.error": "\(error)"])
        }
    }

    /// A cell as a ``StoredValue``, by its PostgreSQL type.
    static func storedValue(_ cell: PostgresCell) throws -> StoredValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int8, .int4, .int2: return .integer(try cell.decode(Int64.self))
        case .bool: return .boolean(try cell.decode(Bool.self))
        case .timestamptz, .timestamp: return .date(try cell.decode(Date.self))
        case .float8, .float4: return .real(try cell.decode(Double.self))
        case .bytea: return .bytes(try cell.decode([UInt8].self))
        default: return .text(try cell.decode(String.self))
        }
    }
}

extension PostgresTransaction {
    /// Inserts rows as they are (ids included) into one table, in one statement per batch.
    func insert(_ batch: TableRows) async throws {
        guard !batch.rows.isEmpty else { return }
        var binds = PostgresBindings()
        var tuples: [String] = []
        for row in batch.rows {
            var placeholders: [String] = []
            for value in row {
                switch value {
                case .null: binds.appendNull()
                case .integer(let integer): binds.append(integer)
                case .real(let real): binds.append(real)
                case .text(let text): binds.append(text)
                case .boolean(let boolean): binds.append(boolean)
                case .date(let date): binds.append(date)
                case .bytes(let bytes): binds.append(bytes)
                }
                placeholders.append("$\(binds.count)")
            }
            tuples.append("(" + placeholders.joined(separator: ", ") + ")")
        }
        let columns = batch.columns.map(PostgresStore.identifier).joined(separator: ", ")
        try await run(PostgresQuery(
            unsafeSQL: "INSERT INTO \(PostgresStore.identifier(batch.table)) (\(columns)) VALUES \(tuples.joined(separator: ", "))",
            binds: binds))
    }

    /// Moves each identity column's counter past the ids its table holds (rows were written with their ids). The
    /// change log's is left alone unless its rows were copied too: its entries may have been pruned, and a node
    /// that follows the log must never see its ids start again.
    func moveIdentitiesPastTheirRows(changeLogCopied: Bool) async throws {
        for row in try await rows("""
            SELECT table_name::TEXT AS table_name, column_name::TEXT AS column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND is_identity = 'YES' AND (\(changeLogCopied) OR table_name <> 'content_change')
            """)
        {
            let table: String = try row.get("table_name")
            let column: String = try row.get("column_name")
            var binds = PostgresBindings()
            binds.append(PostgresStore.identifier(table))
            binds.append(column)
            try await run(PostgresQuery(unsafeSQL: """
                SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(\(PostgresStore.identifier(column))), 0) + 1, false)
                FROM \(PostgresStore.identifier(table))
                """, binds: binds))
        }
    }
}
