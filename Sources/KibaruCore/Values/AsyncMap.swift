extension Sequence {
    /// `map` with an asynchronous transform, run in order on the caller's executor (a store transaction's body
    /// maps rows to entities without leaving the transaction's thread).
    public nonisolated(nonsending) func asyncMap<T>(
        _ transform: nonisolated(nonsending) (Element) async throws -> T
    ) async rethrows -> [T] {
        var results: [T] = []
        results.reserveCapacity(underestimatedCount)
        for element in self { results.append(try await transform(element)) }
        return results
    }

    /// `compactMap` with an asynchronous transform, run in order on the caller's executor.
    public nonisolated(nonsending) func asyncCompactMap<T>(
        _ transform: nonisolated(nonsending) (Element) async throws -> T?
    ) async rethrows -> [T] {
        var results: [T] = []
        for element in self { if let result = try await transform(element) { results.append(result) } }
        return results
    }
}
