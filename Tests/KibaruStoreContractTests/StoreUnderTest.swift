import Foundation
import KibaruCore
import KibaruPostgres
import KibaruSQLite
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
