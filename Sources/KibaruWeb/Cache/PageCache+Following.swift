import Foundation
import KibaruCore

extension PageCache {
    /// How long the change log keeps its entries: a node that has not read it for that long forgets its pages.
    public static let changeLogRetention: TimeInterval = 600

    /// How many log entries one read takes.
    static let changesPerRead = 5_000

    /// A cache of `capacity` bytes that applies the changes of `log` as this process commits them. The changes of
    /// other processes reach it through ``follow(_:)``.
    public static func following(_ log: any ContentChangeLog, capacity: Int) async throws -> PageCache {
        let cache = PageCache(capacity: capacity, appliedChangeID: try await log.latestChangeID())
        log.observeCommittedChanges { changes in cache.apply(changes) }
        return cache
    }

    /// Applies the changes of the log not applied yet (those of other processes: this process's own were applied
    /// at their commit); forgets every page when the log was pruned past them. Returns how many it applied.
    public func follow(_ log: any ContentChangeLog) async throws -> Int {
        var applied = 0
        while true {
            let after = appliedChangeID
            guard let changes = try await log.changes(after: after, limit: Self.changesPerRead) else {
                clear(appliedChangeID: try await log.latestChangeID())
                return applied
            }
            apply(changes)
            applied += changes.count
            if changes.count < Self.changesPerRead { return applied }
        }
    }
}
