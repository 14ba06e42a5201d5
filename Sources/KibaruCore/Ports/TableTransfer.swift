import Foundation

/// A stored value as every store can hold it: what `kibaru migrate-store` moves from one store to another.
public enum StoredValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case boolean(Bool)
    case date(Date)
    case bytes([UInt8])

    /// The value written the same way by every store, for checksums: dates to the millisecond (what SQLite keeps).
    public var canonical: String {
        switch self {
        case .null: "∅"
        case .integer(let value): "i\(value)"
        case .real(let value): "r\(value)"
        case .text(let value): "t\(value)"
        case .boolean(let value): value ? "b1" : "b0"
        case .date(let value): "d\(Int64((value.timeIntervalSince1970 * 1_000).rounded()))"
        case .bytes(let value): "x" + value.map { String($0, radix: 16) }.joined(separator: ":")
        }
    }
}

/// The tables that hold a network, each after those it references: everything `kibaru migrate-store` copies as
/// it is. What a store derives from them (its search index and term counts, its change log) is rebuilt or
/// started afresh by the store that receives them.
public enum NetworkTables {
    public static let copied = [
        "network", "site", "person", "staff", "membership", "staff_session", "api_token", "login_failure", "password_reset",
        "audit_log", "article", "article_author", "tag", "article_tag", "comment", "article_reference", "revision",
        "media", "rate_event", "network_secret", "spam_token", "article_related", "read_also_rejection",
        "article_entity", "import_origin", "comment_origin", "legacy_redirect", "related_pending",
        "site_import_source", "listing_size", "webhook", "webhook_delivery", "content_key",
    ]
}

/// A batch of rows of one table, its values in the order of `columns`.
public struct TableRows: Sendable {
    public var table: String
    public var columns: [String]
    public var rows: [[StoredValue]]

    public init(table: String, columns: [String], rows: [[StoredValue]]) {
        self.table = table
        self.columns = columns
        self.rows = rows
    }
}

/// A store's tables read and written as rows, for moving a network between stores (`kibaru migrate-store`).
public protocol TableTransfer: Sendable {
    /// The columns of `table` in this store.
    func columns(of table: String) async throws -> [String]
    /// Hands `receive` every row of `tables`, in that order and in batches of at most `batchSize`, all read from one
    /// snapshot (writers are not held back). `columns` names, per table, the columns wanted (and their order).
    func readTables(
        _ tables: [String], columns: [String: [String]], batchSize: Int,
        into receive: @Sendable (TableRows) async throws -> Void
    ) async throws
    /// Whether the store holds a network already.
    func holdsNetwork() async throws -> Bool
    /// Fills the store in one transaction: empties its tables, takes every batch `fill` hands the sink given to it
    /// (rows as they are, ids kept, nothing derived by the store meanwhile), then rebuilds what the store derives
    /// (search index, identity counters). Nothing is kept if anything fails.
    func replaceTables(
        with fill: @escaping @Sendable (_ sink: @escaping @Sendable (TableRows) async throws -> Void) async throws -> Void
    ) async throws
}
