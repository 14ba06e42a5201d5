import Foundation
import GRDB
import KibaruCore
import KibaruPostgres
@testable import KibaruSQLite
import KibaruTesting
import Testing

/// A store the contract suite holds to the repositories' documented behaviour (decision 0010): each test runs
/// once per store, on a new network of its own: SQLite always, PostgreSQL when `KIBARU_TEST_POSTGRES_URL` names a
/// server (`make test` starts one).
struct StoreUnderTest: CustomTestStringConvertible, Sendable {
    let name: String
    /// A new, empty store whose network exists (named « Réseau »).
    let make: @Sendable () async throws -> any ContentStore & StaffStore

    var testDescription: String { name }

    /// Empties the search index and its term counts, as an upgrade that makes the index anew does.
    static func emptySearchIndex(of store: any ContentStore) async throws {
        if let sqlite = store as? SQLiteStore {
            try await sqlite.pool.write { db in try db.execute(sql: "DELETE FROM article_search; DELETE FROM search_term") }
        } else if let postgres = store as? PostgresStore {
            try await ScratchPostgres.execute("TRUNCATE article_search, search_term", in: postgres.location)
        } else {
            Issue.record("no way to empty the search index of \(type(of: store))")
        }
    }

    static let all: [StoreUnderTest] = [.sqlite] + (ScratchPostgres.url == nil ? [] : [.postgres])

    static let sqlite = StoreUnderTest(name: "SQLite") {
        let directory = try TestPaths.temporaryDirectory("contract")
        let store = try SQLiteStore.open(path: (directory as NSString).appendingPathComponent("kibaru.sqlite"))
        try await store.write { tx in try await tx.saveNetwork(Network(title: "Réseau", tagline: "")) }
        return store
    }

    static let postgres = StoreUnderTest(name: "PostgreSQL") {
        let store = try await ScratchPostgres.shared.newStore()
        try await store.write { tx in try await tx.saveNetwork(Network(title: "Réseau", tagline: "")) }
        return store
    }
}

/// Says, in the test report, when the contract suite runs on SQLite alone.
@Suite struct PostgresAvailability {
    @Test(.enabled(if: ScratchPostgres.url != nil, "\(ScratchPostgres.skipReason)"))
    func theContractSuiteRunsOnPostgreSQLToo() {
        #expect(StoreUnderTest.all.map(\.name) == ["SQLite", "PostgreSQL"])
    }
}

/// Fixed instants for the contract tests.
enum Instant {
    static let now = Date(timeIntervalSince1970: 1_709_287_200)
    static func minutes(_ count: Double) -> Date { now.addingTimeInterval(count * 60) }
}

extension Slug {
    /// A slug the test knows to be valid.
    static func of(_ text: String) -> Slug { Slug(rawValue: text)! }
}

/// Records an issue unless `body` throws ``ContentError/slugTaken(_:)`` for `slug`.
func expectSlugTaken(
    _ slug: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async {
    do {
        try await body()
        Issue.record("no error, ContentError.slugTaken(\(slug)) expected", sourceLocation: sourceLocation)
    } catch let error as ContentError {
        #expect(error == .slugTaken(.of(slug)), sourceLocation: sourceLocation)
    } catch {
        Issue.record("\(error), ContentError.slugTaken(\(slug)) expected", sourceLocation: sourceLocation)
    }
}
