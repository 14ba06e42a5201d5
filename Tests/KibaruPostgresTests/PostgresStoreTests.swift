import Foundation
import KibaruCore
@testable import KibaruPostgres
import KibaruTesting
import PostgresNIO
import Testing

/// What only PostgreSQL's store does: migrating once when several nodes start at the same moment, refusing to be
/// used after it ended, and readers that never wait for the writer.
@Suite(.enabled(if: ScratchPostgres.url != nil, "\(ScratchPostgres.skipReason)"))
struct PostgresStoreTests {
    @Test func nodesStartingTogetherMigrateOnce() async throws {
        let location = try await ScratchPostgres.shared.emptyDatabase()
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<6 { group.addTask { try await PostgresStore.open(location, maximumConnections: 2) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let versions = try await stores[0].transaction(writing: false) { tx in
            try await tx.column("SELECT version FROM kibaru_schema_version ORDER BY version", as: Int64.self)
        }
        #expect(versions == Array(1...Int64(PostgresSchema.versions.count)))
        for store in stores { await store.close() }
    }

    @Test func aReaderDoesNotWaitForAWriterThatHoldsTheLock() async throws {
        let store = try await ScratchPostgres.shared.newStore()
        try await store.write { tx in try await tx.saveNetwork(Network(title: "Avant", tagline: "")) }
        let (released, release) = AsyncStream.makeStream(of: Void.self)
        let (held, holding) = AsyncStream.makeStream(of: Void.self)
        let writer = Task {
            try await store.write { tx in
                try await tx.saveNetwork(Network(title: "Pendant", tagline: ""))
                holding.yield()
                for await _ in released { break }
            }
        }
        for await _ in held { break }
        let started = ContinuousClock.now
        #expect(try await store.network().title == "Avant", "the reader sees the last commit")
        #expect(ContinuousClock.now - started < .seconds(2))
        release.yield()
        try await writer.value
        #expect(try await store.network().title == "Pendant")
    }

    @Test func anErrorOfTheServerNamesItsSQLState() async throws {
        let store = try await ScratchPostgres.shared.newStore()
        do {
            try await store.transaction(writing: true) { tx in try await tx.run("INSERT INTO network (id, title) VALUES (2, 'x')") }
            Issue.record("the check constraint let a second network in")
        } catch let failure as PostgresFailure {
            #expect(failure.sqlState == "23514" && failure.description.contains("network"))
        }
    }
}
