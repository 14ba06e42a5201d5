import Foundation
import GRDB
import KibaruCore

/// The network's content in one SQLite file (WAL, foreign keys), through GRDB.
public struct SQLiteStore: ContentStore {
    let pool: DatabasePool

    /// The name of the database file inside a data folder.
    public static let fileName = "kibaru.sqlite"

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// Throws ``ContentError/storeUnavailable(reason:)`` when the file cannot be opened or migrated.
    public static func open(path: String) throws -> SQLiteStore {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)  // the CLI may write while the server runs
        configuration.foreignKeysEnabled = true
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            try Migrations.migrator.migrate(pool)
            return SQLiteStore(pool: pool)
        } catch {
            throw ContentError.storeUnavailable(reason: "\(path) : \(error)")
        }
    }

    /// The identifiers of the migrations applied to this database, oldest first.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try Migrations.migrator.appliedIdentifiers(db) }.sorted()
    }

    public func network() async throws -> Network {
        guard let network = try await pool.read({ db in try SQLiteTransaction(db: db).network() }) else {
            throw ContentError.networkMissing
        }
        return network
    }

    public func sites() async throws -> [Site] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM site ORDER BY slug").map(RowMapping.site) }
    }

    public func site(slug: Slug) async throws -> Site? {
        try await pool.read { db in try SQLiteTransaction(db: db).site(slug: slug) }
    }

    public func site(host: String) async throws -> Site? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM site WHERE host = ?", arguments: [host.lowercased()])
                .map(RowMapping.site)
        }
    }

    public func person(slug: Slug) async throws -> Person? {
        try await pool.read { db in try SQLiteTransaction(db: db).person(slug: slug) }
    }

    public func tag(siteID: Int64, slug: Slug) async throws -> Tag? {
        try await pool.read { db in try SQLiteTransaction(db: db).tag(siteID: siteID, slug: slug) }
    }

    public func publishedArticle(siteID: Int64, slug: Slug) async throws -> Article? {
        try await pool.read { db in
            try ArticleQueries.article(
                db, where: "site_id = ? AND slug = ? AND state = 'published'", arguments: [siteID, slug.rawValue])
        }
    }

    public func publishedArticles(_ listing: ArticleListing, page: PageRequest) async throws -> Page<ArticleSummary> {
        try await pool.read { db in try ArticleQueries.publishedPage(db, listing: listing, page: page) }
    }

    public func approvedComments(articleID: Int64) async throws -> [Comment] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM comment WHERE article_id = ? AND status = 'approved' ORDER BY created_at, id",
                arguments: [articleID]
            ).map(RowMapping.comment)
        }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any ContentTransaction) throws -> T) async throws -> T {
        try await pool.write { db in try body(SQLiteTransaction(db: db)) }
    }
}
