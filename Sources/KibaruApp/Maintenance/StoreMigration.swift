import Crypto
import Foundation
import KibaruCore
import KibaruPostgres
import KibaruSQLite
import KibaruText

/// Moves a network from one store to another (`kibaru migrate-store`): every table of ``NetworkTables`` copied
/// row by row, ids kept, from one snapshot of the source into one transaction of the target; the rows copied and
/// the target read back are then compared table by table (rows counted, contents summed into a checksum).
public enum StoreMigration {
    /// What was copied.
    public struct Summary: Sendable {
        /// Each table with its rows, in the order copied.
        public var tables: [(name: String, rows: Int)]
        /// The checksum of every copied row, the same on both stores.
        public var checksum: String
    }

    /// A copy whose target does not read back as the rows copied.
    public struct Mismatch: Error, CustomStringConvertible {
        public var tables: [String]
        public var description: String {
            L(
                "la copie ne se relit pas comme l’original (tables {tables}) : la source est intacte ; recommencez avec --replace",
                ["tables": tables.joined(separator: ", ")])
        }
    }

    /// Where a store is, as the command names it: `sqlite:DIR` (a data folder) or `postgres://…`.
    public static func location(_ text: String) throws -> DataDirectory {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            return try DataDirectory(databaseURL: text, media: "")
        }
        guard text.hasPrefix("sqlite:"), text.count > "sqlite:".count else {
            throw ContentError.storeUnavailable(
                reason: L("« {location} » : sqlite:DOSSIER ou postgres://utilisateur@hôte/base", ["location": text]))
        }
        return DataDirectory(path: String(text.dropFirst("sqlite:".count)))
    }

    /// Copies the network at `source` into `target`, then checks the copy.
    /// - Parameter replace: whether a target that already holds a network may lose it; refused otherwise.
    public static func run(from source: DataDirectory, to target: DataDirectory, replace: Bool) async throws -> Summary {
        guard place(of: source) != place(of: target) else {
            throw ContentError.storeUnavailable(reason: L("la source et la destination sont le même magasin"))
        }
        guard try await source.hasNetwork() else { throw ContentError.networkMissing }
        let from = try await transfer(source.open())
        if try await target.hasNetwork(), !replace {
            throw ContentError.storeUnavailable(
                reason: L(
                    "{target} contient déjà un réseau : --replace pour le remplacer par la copie",
                    ["target": target.description]))
        }
        let to = try await transfer(target.create())
        var columns: [String: [String]] = [:]
        for table in NetworkTables.copied {
            let wanted = Set(try await to.columns(of: table))
            columns[table] = try await from.columns(of: table).filter(wanted.contains)
        }
        let copiedColumns = columns
        // The original's rows are summed as they pass (the copy's own snapshot: the source may change meanwhile);
        // the target's are read back once committed.
        let passed = DigestAccumulator()
        try await to.replaceTables { sink in
            try await from.readTables(NetworkTables.copied, columns: copiedColumns, batchSize: 500) { batch in
                await passed.add(batch)
                try await sink(batch)
            }
        }
        let original = await passed.byTable
        let copy = try await digest(to, columns: columns)
        let different = NetworkTables.copied.filter { original[$0] != copy[$0] }
        guard different.isEmpty else { throw Mismatch(tables: different) }
        return Summary(
            tables: NetworkTables.copied.map { ($0, original[$0]?.rows ?? 0) },
            checksum: combined(NetworkTables.copied.map { original[$0] ?? TableDigest() }))
    }

    /// Where a store's content is, written the same way however it was named.
    private static func place(of data: DataDirectory) -> String {
        data.database.map { "\($0)" } ?? URL(fileURLWithPath: data.path).standardizedFileURL.path
    }

    private static func transfer(_ store: any ContentStore & StaffStore) throws -> any TableTransfer {
        guard let transfer = store as? any TableTransfer else {
            throw ContentError.storeUnavailable(reason: L("ce magasin ne sait pas copier ses tables"))
        }
        return transfer
    }

    /// A table's rows counted and summed: each row's SHA-256 (of its values written the same way by every store)
    /// added lane by lane, so that the order rows come in does not matter.
    struct TableDigest: Equatable, Sendable {
        var rows = 0
        var lanes: [UInt64] = [0, 0, 0, 0]
    }

    private static func digest(_ store: any TableTransfer, columns: [String: [String]]) async throws -> [String: TableDigest] {
        let digests = DigestAccumulator()
        try await store.readTables(NetworkTables.copied, columns: columns, batchSize: 1_000) { batch in
            await digests.add(batch)
        }
        return await digests.byTable
    }

    private actor DigestAccumulator {
        var byTable: [String: TableDigest] = [:]

        func add(_ batch: TableRows) {
            var digest = byTable[batch.table] ?? TableDigest()
            for row in batch.rows {
                let hash = Array(SHA256.hash(data: Data(row.map(\.canonical).joined(separator: "\u{1F}").utf8)))
                for lane in 0..<4 {
                    let word = hash[(lane * 8)..<(lane * 8 + 8)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                    digest.lanes[lane] &+= word
                }
                digest.rows += 1
            }
            byTable[batch.table] = digest
        }
    }

    private static func combined(_ digests: [TableDigest]) -> String {
        let text = digests.map { "\($0.rows):" + $0.lanes.map { String($0, radix: 16) }.joined(separator: ".") }
            .joined(separator: "/")
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
