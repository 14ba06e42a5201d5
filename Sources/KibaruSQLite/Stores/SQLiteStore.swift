import Foundation
import GRDB
import Synchronization
import KibaruCore
import Metrics

/// The network's content in one SQLite file (WAL, foreign keys), through GRDB.
public struct SQLiteStore: ContentStore {
    let pool: DatabasePool
    /// The database file, as an absolute path.
    let path: String

    /// The name of the database file inside a data folder.
    public static let fileName = "kibaru.sqlite"

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// Throws ``ContentError/storeUnavailable(reason:)`` when the file cannot be opened or migrated.
    /// - Parameter statementObserver: given each SQL statement run, as written (with `?`), on every connection:
    ///   for the test that reads every statement's query plan.
    public static func open(path: String, statementObserver: (@Sendable (String) -> Void)? = nil) throws
        -> SQLiteStore
    {
        var configuration = Configuration()
        // The CLI may write while the server runs (imports pause between their batches): look again every 5 ms,
        // for 5 seconds, so that a short pause is not missed (SQLite's own busy timeout looks every 100 ms once
        // it has waited a little).
        configuration.busyMode = .callback { tries in
            guard tries < Self.busyPolls else { return false }
            usleep(5_000)
            return true
        }
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            if let statementObserver {
                db.trace(options: .statement) { event in
                    if case .statement(let statement) = event { statementObserver(statement.sql) }
                }
            }
            db.add(tokenizer: FrenchTokenizer.self)
            // 32 MB of page cache for the writer (SQLite's default is 2 MB): imports otherwise spill to disk as
            // the indexes outgrow the cache. 8 MB for each reader: there are up to five, and pages read often stay
            // in the system's file cache anyway.
            try db.execute(sql: "PRAGMA cache_size = \(db.configuration.readonly ? -8_000 : -32_000)")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            // An up-to-date database is only read: opening it never waits for another process's writer.
            let migrator = Migrations.migrator
            if try !pool.read({ db in try migrator.hasCompletedMigrations(db) }) { try migrator.migrate(pool) }
            let absolutePath = URL(fileURLWithPath: path).standardizedFileURL.path
            CommittedChanges.shared.observe(pool, path: absolutePath)
            return SQLiteStore(pool: pool, path: absolutePath)
        } catch {
            throw ContentError.storeUnavailable(reason: "\(path) : \(error)")
        }
    }

    /// The identifiers of the migrations applied to this database, oldest first.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try Migrations.migrator.appliedIdentifiers(db) }.sorted()
    }

    public func network() async throws -> Network {
        guard let network = try await pool.read({ db in try SQLiteTransaction.using(db) { try $0.network() } }) else {
            throw ContentError.networkMissing
        }
        return network
    }

    public func sites() async throws -> [Site] {
        try await pool.read { db in try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM site ORDER BY slug")).map(RowMapping.site) }
    }

    public func site(slug: Slug) async throws -> Site? {
        try await pool.read { db in try SQLiteTransaction.using(db) { try $0.site(slug: slug) } }
    }

    public func site(host: String) async throws -> Site? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM site WHERE host = ?"), arguments: [host.lowercased()])
                .map(RowMapping.site)
        }
    }

    public func person(slug: Slug) async throws -> Person? {
        try await pool.read { db in try SQLiteTransaction.using(db) { try $0.person(slug: slug) } }
    }

    public func tag(siteID: Site.ID, slug: Slug) async throws -> Tag? {
        try await pool.read { db in try SQLiteTransaction.using(db) { try $0.tag(siteID: siteID, slug: slug) } }
    }

    public func publishedArticle(siteID: Site.ID, slug: Slug) async throws -> Article? {
        try await pool.read { db in
            try ArticleQueries.article(
                db, where: "site_id = ? AND slug = ? AND state = 'published'", arguments: [siteID, slug.rawValue])
        }
    }

    public func publishedArticles(_ listing: ArticleListing, page: PageRequest) async throws -> Page<ArticleSummary> {
        try await pool.read { db in try ArticleQueries.publishedPage(db, listing: listing, page: page) }
    }

    public func publishedArticles(_ listing: ArticleListing, window: ListingWindow) async throws -> [ArticleSummary] {
        try await pool.read { db in try ArticleQueries.publishedWindow(db, listing: listing, window: window) }
    }

    public func approvedComments(articleID: Article.ID) async throws -> [Comment] {
        try await pool.read { db in try ArticleQueries.approvedComments(db, articleID: articleID) }
    }

    public func articlePage(siteID: Site.ID, slug: Slug) async throws -> ArticlePageContent? {
        try await pool.read { db in
            guard
                let article = try ArticleQueries.article(
                    db, where: "site_id = ? AND slug = ? AND state = 'published'", arguments: [siteID, slug.rawValue])
            else { return nil }
            let id = article.id
            return ArticlePageContent(
                article: article, comments: try ArticleQueries.approvedComments(db, articleID: id),
                related: try ArticleQueries.related(db, articleID: id), entities: try ArticleQueries.entities(db, articleID: id))
        }
    }

    public func feedEntries(_ listing: ArticleListing, limit: Int) async throws -> [FeedEntry] {
        try await pool.read { db in
            let selection = ArticleQueries.selection(listing)
            let rows = try Row.mapAll(
                db.cachedStatement(sql: """
                    SELECT \(ArticleQueries.summaryColumns), a.body_html, a.updated_at FROM \(selection.from)
                    WHERE \(selection.condition) ORDER BY \(selection.order) LIMIT ?
                    """), arguments: selection.arguments + [limit]
            ) { row in (summary: ArticleQueries.SummaryRow(row), html: row[9] as String, updatedAt: row[10] as Date) }
            let tags = try ArticleQueries.tags(db, articleIDs: rows.map(\.summary.id))
            let details = Dictionary(uniqueKeysWithValues: rows.map { ($0.summary.id, (html: $0.html, updatedAt: $0.updatedAt)) })
            return try ArticleQueries.summaries(db, rows: rows.map(\.summary)).compactMap { summary in
                guard let detail = details[summary.id] else { return nil }
                return FeedEntry(
                    summary: summary, bodyHTML: detail.html, tags: tags[summary.id] ?? [], updatedAt: detail.updatedAt)
            }
        }
    }

    public func articleStampCount(siteID: Site.ID) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT count(*) FROM article WHERE site_id = ? AND state = 'published'"),
                arguments: [siteID]) ?? 0
        }
    }

    public func articleStamps(siteID: Site.ID) async throws -> [ArticleStamp] {
        try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT slug, title, published_at, updated_at FROM article
                    WHERE site_id = ? AND state = 'published' ORDER BY published_at DESC, id DESC
                    """), arguments: [siteID]
            ).map { row in
                ArticleStamp(
                    slug: try RowMapping.slug(row, "slug"), title: row["title"], publishedAt: row["published_at"],
                    updatedAt: row["updated_at"])
            }
        }
    }

    public func tagsInUse(siteID: Site.ID, limit: Int?) async throws -> [(tag: Tag, lastPublished: Date)] {
        try await pool.read { db in
            // From the links alone (they carry their article's date and whether it is listed): no article read.
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT tag.*, max(l.published_at) AS last_published FROM tag
                    JOIN article_tag l ON l.tag_id = tag.id AND l.listed = 1
                    WHERE tag.site_id = ? GROUP BY tag.id
                    ORDER BY \(limit == nil ? "tag.slug" : "count(*) DESC, tag.slug") LIMIT ?
                    """), arguments: [siteID, limit ?? -1]
            ).map { row in (try RowMapping.tag(row), row["last_published"] as Date) }
        }
    }

    public func authorsInUse(siteID: Site.ID, limit: Int?) async throws -> [(person: Person, lastPublished: Date)] {
        try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT person.*, max(l.published_at) AS last_published FROM article a
                    JOIN article_author l ON l.article_id = a.id AND l.listed = 1
                    JOIN person ON person.id = l.person_id
                    WHERE a.site_id = ? AND a.state = 'published' AND a.is_page = 0 GROUP BY person.id
                    ORDER BY \(limit == nil ? "person.slug" : "count(*) DESC, person.slug") LIMIT ?
                    """), arguments: [siteID, limit ?? -1]
            ).map { row in (try RowMapping.person(row), row["last_published"] as Date) }
        }
    }

    public func publicationYears(siteID: Site.ID?) async throws -> [Int] {
        try await pool.read { db in
            // One step on the listing index per year (a loose index scan), whatever the number of articles.
            let scope = siteID == nil ? "" : "site_id = ? AND "
            let newest = "SELECT strftime('%Y', max(published_at)) FROM article WHERE \(scope)state = 'published' AND is_page = 0"
            let site: StatementArguments = siteID.map { [$0] } ?? []
            return try String.fetchAll(
                db.cachedStatement(sql: """
                    WITH RECURSIVE years(year) AS (
                        \(newest)
                        UNION ALL
                        SELECT (\(newest) AND published_at < year || '-01-01') FROM years WHERE year IS NOT NULL
                    )
                    SELECT year FROM years WHERE year IS NOT NULL
                    """), arguments: site + site
            ).compactMap { Int($0) }
        }
    }

    public func search(_ query: SearchQuery) async throws -> Page<SearchHit> {
        try await pool.read { db in try SearchIndex.search(db, query) }
    }

    public func relatedArticles(articleID: Article.ID) async throws -> [ArticleSummary] {
        try await pool.read { db in try ArticleQueries.related(db, articleID: articleID) }
    }

    public func entities(articleID: Article.ID) async throws -> [ArticleEntity] {
        try await pool.read { db in try ArticleQueries.entities(db, articleID: articleID) }
    }

    public func entity(siteID: Site.ID, slug: Slug) async throws -> ArticleEntity? {
        try await pool.read { db in
            // The name and kind of the article that mentions it most (a bare column of max()): no sort.
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT e.*, max(e.mentions) FROM article_entity e
                    WHERE e.site_id = ? AND e.slug = ? AND e.listed = 1 HAVING count(*) > 0
                    """), arguments: [siteID, slug.rawValue]
            ).compactMap(RowMapping.entity).first
        }
    }

    public func legacyRedirect(siteID: Site.ID, path: String) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(
                db.cachedStatement(sql: "SELECT target FROM legacy_redirect WHERE site_id = ? AND path = ?"), arguments: [siteID, path])
        }
    }

    public func read<T: Sendable>(
        _ body: @escaping @Sendable (isolated any ContentTransaction) async throws -> T
    ) async throws -> T {
        let started = ContinuousClock.now
        defer { Self.record(since: started, kind: "read") }
        return try await transaction(writing: false, body)
    }

    public func write<T: Sendable>(
        _ body: @escaping @Sendable (isolated any ContentTransaction) async throws -> T
    ) async throws -> T {
        let started = ContinuousClock.now
        defer { Self.record(since: started, kind: "write") }
        var attempt = 0
        while true {
            do {
                return try await transaction(writing: true, body)
            } catch let busy as WriterBusy {
                guard attempt < Self.busyRetries else { throw busy.underlying }
                attempt += 1
                try await Task.sleep(for: Self.pause(attempt))
            }
        }
    }

    /// Opens a transaction on one connection (the writer, or a reader's snapshot), runs `body` isolated to it on
    /// that connection's thread (``ConnectionExecutor``), then commits (or, when `body` throws, rolls back).
    /// Throws ``WriterBusy`` when another process held the writer for the whole busy timeout: nothing ran.
    ///
    /// A write runs inside GRDB's `inTransaction`: a transaction SQLite rolled back by itself (a full disk) makes
    /// every later statement of the body fail, rather than run outside any transaction.
    private func transaction<T: Sendable>(
        writing: Bool, _ body: @escaping @Sendable (isolated any ContentTransaction) async throws -> T
    ) async throws -> T {
        if writing { Self.refuseNestedWrite(pool) }
        let executor = ConnectionExecutor()
        let opened: LentConnection = try await withCheckedThrowingContinuation { continuation in
            if writing {
                pool.asyncWriteWithoutTransaction { db in
                    var began = false
                    var ended: CheckedContinuation<Void, any Error>?
                    do {
                        try db.inTransaction(.immediate) {
                            began = true
                            continuation.resume(returning: LentConnection(db: db))
                            let (ending, then) = executor.runUntilFinished()
                            ended = then
                            return ending == .commit ? .commit : .rollback
                        }
                        ended?.resume()
                    } catch let error as DatabaseError where !began && Self.isBusy(error) {
                        continuation.resume(throwing: WriterBusy(underlying: error))
                    } catch {
                        if began { ended?.resume(throwing: error) } else { continuation.resume(throwing: error) }
                    }
                }
            } else {
                pool.asyncRead { result in
                    switch result {
                    case .failure(let error):
                        continuation.resume(throwing: error)
                    case .success(let db):
                        continuation.resume(returning: LentConnection(db: db))
                        executor.runUntilFinished().1?.resume()
                    }
                }
            }
        }
        let tx = SQLiteTransaction(opened, executor: executor)
        let outcome: Result<T, any Error>
        do {
            outcome = .success(try await Self.$heldWriter.withValue(writing ? ObjectIdentifier(pool) : Self.heldWriter) {
                try await body(tx)
            })
        } catch {
            outcome = .failure(error)
        }
        let ending: ConnectionExecutor.Ending = if case .success = outcome { .commit } else { .rollback }
        do {
            try await withCheckedThrowingContinuation { ended in executor.finish(ending, then: ended) }
        } catch {
            // The body's own error says more than a failed rollback.
            if case .failure(let bodyError) = outcome { throw bodyError }
            throw error
        }
        return try outcome.get()
    }

    /// The store whose writer the current task holds, inside a write transaction's body.
    @TaskLocal static var heldWriter: ObjectIdentifier?

    /// Stops the process when a write transaction's body waits for another write of the same store: the writer
    /// is its own until it returns, so the second would wait for ever (GRDB refused nested writes too).
    static func refuseNestedWrite(_ pool: DatabasePool) {
        precondition(heldWriter != ObjectIdentifier(pool), "a write transaction waited for another write of the same store")
    }

    /// One write transaction on the database itself, tried again while another process holds the writer.
    func writeDatabase<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        Self.refuseNestedWrite(pool)
        var attempt = 0
        while true {
            do {
                return try await pool.write(body)
            } catch let error as DatabaseError where Self.isBusy(error) && attempt < Self.busyRetries {
                attempt += 1
                try await Task.sleep(for: Self.pause(attempt))
            }
        }
    }

    public func withScratchCopy<T: Sendable>(_ body: @Sendable (any ContentStore) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kibaru-scratch-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = (directory as NSString).appendingPathComponent(Self.fileName)
        // SQLite's backup API reads a consistent snapshot of the live database, holding no writer back.
        let copy = try DatabaseQueue(path: path)
        try pool.backup(to: copy)
        try copy.close()
        let scratch = try SQLiteStore.open(path: path)
        defer { try? scratch.pool.close() }
        return try await body(scratch)
    }

    /// Records how long a transaction took, waiting for the writer included (`kibaru_store_transaction_seconds`).
    /// The timer is looked up each time: a handle kept from before the metrics system is bootstrapped would
    /// record nothing.
    static func record(since start: ContinuousClock.Instant, kind: String) {
        let elapsed = (ContinuousClock.now - start).components
        Metrics.Timer(label: "kibaru_store_transaction_seconds", dimensions: [("kind", kind)])
            .recordNanoseconds(elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
    }

    /// How many times a connection waiting for the writer looks again, 5 ms apart.
    static let busyPolls = 1_000

    /// How many times a write waits again after SQLite's own wait (``open(path:)``'s busy timeout) ran out: with
    /// the pauses, a request write waits about half a minute for a command-line job before it fails.
    static let busyRetries = 5

    static func pause(_ attempt: Int) -> Duration { .milliseconds(200 * attempt) }

    /// Whether the writer was held by another connection (another process) for the whole busy timeout.
    static func isBusy(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }
}

/// The connection GRDB lent to a transaction, carried to the actor that uses it; used only on the connection's
/// own thread (``ConnectionExecutor``) or inside GRDB's closure.
struct LentConnection: @unchecked Sendable {
    let db: Database
}

/// Another process held the writer for the whole busy timeout; the transaction did not begin.
struct WriterBusy: Error {
    let underlying: DatabaseError
}
