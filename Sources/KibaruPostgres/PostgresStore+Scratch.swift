import Foundation
import KibaruCore
import PostgresNIO

/// Dry runs: a private copy of the network in a throwaway schema of the same database, dropped afterwards.
extension PostgresStore {
    public func withScratchCopy<T: Sendable>(_ body: @Sendable (any ContentStore) async throws -> T) async throws -> T {
        let schema = "kibaru_scratch_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        var location = self.location
        location.schema = schema
        try await client.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(schema)"))
        let outcome: Result<T, any Error>
        do {
            // The scratch store creates the schema's tables, functions and triggers in it (its search path).
            let scratch = try await PostgresStore.open(location, maximumConnections: 4)
            do {
                try await copy(into: schema)
                try await scratch.transaction(.write) { tx in try await tx.moveIdentitiesPastTheirRows(changeLogCopied: true) }
                outcome = .success(try await body(scratch))
            } catch {
                outcome = .failure(error)
            }
            await scratch.close()
        } catch {
            outcome = .failure(error)
        }
        // Dropped whatever happened; a failure to drop leaves only an unused schema, named after its purpose.
        _ = try? await client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE"))
        return try outcome.get()
    }

    /// Copies every table's rows into `schema`'s tables, from one snapshot, triggers off (the rows already carry
    /// what the triggers derive).
    private func copy(into schema: String) async throws {
        try await transaction(.copy) { tx in
            let source = try await tx.value("SELECT current_schema()::TEXT", as: String.self) ?? "public"
            // Created in the order of their dependencies (references point to older tables).
            let tables = try await tx.column("""
                SELECT c.relname::TEXT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = \(schema) AND c.relkind = 'r' AND c.relname <> 'kibaru_schema_version' ORDER BY c.oid
                """, as: String.self)
            for table in tables {
                let target = "\(schema).\(Self.identifier(table))"
                try await tx.run(PostgresQuery(unsafeSQL: "ALTER TABLE \(target) DISABLE TRIGGER USER"))
                // The rows the schema seeds (the counters' first rows) give way to the copied ones.
                try await tx.run(PostgresQuery(unsafeSQL: "DELETE FROM \(target)"))
                try await tx.run(PostgresQuery(unsafeSQL: "INSERT INTO \(target) SELECT * FROM \(Self.identifier(source)).\(Self.identifier(table))"))
                try await tx.run(PostgresQuery(unsafeSQL: "ALTER TABLE \(target) ENABLE TRIGGER USER"))
            }
        }
    }

    /// A name as an SQL identifier, quoted.
    static func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
