@testable import KibaruApp
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// Background work stops at a graceful shutdown, then does its closing work once (the store's `PRAGMA optimize`).
@Suite struct PeriodicWorkTests {
    final class Counts: Sendable {
        let runs = Atomic<Int>(0)
        let closings = Atomic<Int>(0)
    }

    @Test func aGracefulShutdownEndsTheLoopThenRunsTheClosingWorkOnce() async throws {
        let counts = Counts()
        let work = PeriodicWork(
            name: "essai", interval: .milliseconds(10), logger: Logger(label: "test"),
            atShutdown: {
                #expect(counts.runs.load(ordering: .relaxed) >= 1, "after the runs")
                counts.closings.add(1, ordering: .relaxed)
            }
        ) {
            counts.runs.add(1, ordering: .relaxed)
            return 0
        }
        let group = ServiceGroup(
            configuration: .init(services: [work], gracefulShutdownSignals: [], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            while counts.runs.load(ordering: .relaxed) < 3 { try await Task.sleep(for: .milliseconds(5)) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(counts.closings.load(ordering: .relaxed) == 1)
        let runs = counts.runs.load(ordering: .relaxed)
        try await Task.sleep(for: .milliseconds(50))
        #expect(counts.runs.load(ordering: .relaxed) == runs, "no run after the shutdown")
    }

    @Test func aFailingClosingWorkDoesNotFailTheShutdown() async throws {
        struct Failure: Error {}
        let work = PeriodicWork(
            name: "essai", interval: .seconds(60), logger: Logger(label: "test"), atShutdown: { throw Failure() }
        ) { 0 }
        let group = ServiceGroup(
            configuration: .init(services: [work], gracefulShutdownSignals: [], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Task.sleep(for: .milliseconds(50))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
