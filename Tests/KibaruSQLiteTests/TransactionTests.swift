import Foundation
import KibaruCore
import KibaruTesting
import Synchronization
import Testing

/// The store's transactions as services use them (decision 0010): a body isolated to its transaction, on the
/// connection's thread, writers one after another, a snapshot for readers.
@Suite struct TransactionTests {
    /// A counter kept in the network's tagline, read then written in each transaction.
    private static func increment(_ tx: isolated any ContentTransaction) async throws {
        var network = try #require(try await tx.network())
        await Task.yield()  // a body may leave the thread between calls: the writer stays its own
        network.tagline = String((Int(network.tagline) ?? 0) + 1)
        try await tx.saveNetwork(network)
    }

    @Test func writersStartedAtOnceRunOneAfterAnother() async throws {
        let network = try await TestNetwork.make()
        let store = network.store
        try await store.write { tx in
            var current = try #require(try await tx.network())
            current.tagline = "0"
            try await tx.saveNetwork(current)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<40 { group.addTask { try await store.write { tx in try await Self.increment(tx) } } }
            try await group.waitForAll()
        }
        #expect(try await store.network().tagline == "40", "no increment was lost between read and write")
    }

    @Test func aBodyThatThrowsLeavesNothing() async throws {
        let network = try await TestNetwork.make()
        struct Refused: Error {}
        let before = try await network.store.network()
        await #expect(throws: Refused.self) {
            try await network.store.write { tx in
                try await tx.saveNetwork(Network(title: "Autre titre", tagline: "changé"))
                _ = try await tx.insertSite(NewSite(slug: Slug(rawValue: "passager")!, title: "Passager"))
                throw Refused()
            }
        }
        #expect(try await network.store.network() == before)
        #expect(try await network.store.site(slug: Slug(rawValue: "passager")!) == nil)
        // The writer was given back: the next transaction runs.
        try await network.store.write { tx in try await Self.increment(tx) }
        #expect(try await network.store.network().tagline == "1")
    }

    @Test func aBodyRunsOnOneThreadFromStartToEnd() async throws {
        let network = try await TestNetwork.make()
        let threads = try await network.store.write { tx -> Set<String> in
            var seen = Set<String>()
            for _ in 0..<20 {
                _ = try await tx.sites()
                await Task.yield()
                seen.insert("\(pthread_self())")
            }
            return seen
        }
        #expect(threads.count == 1, "the connection's thread, where GRDB allows it to be used")
    }

    @Test func aReaderSeesOneSnapshotWhileAWriterCommits() async throws {
        let network = try await TestNetwork.make()
        let store = network.store
        let (reading, readerStarted) = AsyncStream.makeStream(of: Void.self)
        let (written, writerDone) = AsyncStream.makeStream(of: Void.self)
        async let counts: (Int, Int) = store.read { tx in
            let first = try await tx.sites().count
            readerStarted.yield()
            for await _ in written { break }
            return (first, try await tx.sites().count)
        }
        for await _ in reading { break }
        try await store.write { tx in _ = try await tx.insertSite(NewSite(slug: Slug(rawValue: "pendant")!, title: "Pendant")) }
        writerDone.yield()
        let (first, second) = try await counts
        #expect(first == second, "a read transaction keeps the snapshot it began with")
        #expect(try await store.sites().count == first + 1)
    }
}
