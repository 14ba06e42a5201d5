import Synchronization

/// Texts computed from a key and kept, so that pages showing the same thing again do not compute it again.
/// Bounded in bytes, in two generations of half the bound each: values go into the newer one; when it is full it
/// becomes the older one and the oldest is dropped, and a value found in the older one moves back to the newer.
/// What pages keep showing stays, however large the network (starting afresh when full dropped it with the rest);
/// a value larger than a 64th of the bound is computed and not kept.
final class BoundedMemo<Key: Hashable & Sendable>: Sendable {
    private struct Generations {
        var newer: [Key: String] = [:]
        var newerBytes = 0
        var older: [Key: String] = [:]
    }

    private let state = Mutex(Generations())
    private let byteLimit: Int

    /// - Parameter byteLimit: how many bytes of keys and values it may keep (UTF-8, as `size` counts them).
    init(byteLimit: Int) {
        self.byteLimit = byteLimit
    }

    /// The value kept for `key`, or the one `compute` makes, kept counting `size(value)` bytes.
    func value(for key: Key, size: (String) -> Int, compute: () -> String) -> String {
        if let known = state.withLock({ state -> String? in
            if let value = state.newer[key] { return value }
            guard let value = state.older.removeValue(forKey: key) else { return nil }
            Self.keep(value, for: key, bytes: size(value), in: &state, limit: byteLimit)
            return value
        }) {
            return known
        }
        let value = compute()
        let bytes = size(value)
        guard bytes <= byteLimit / 64 else { return value }
        state.withLock { Self.keep(value, for: key, bytes: bytes, in: &$0, limit: byteLimit) }
        return value
    }

    private static func keep(_ value: String, for key: Key, bytes: Int, in state: inout Generations, limit: Int) {
        if state.newerBytes + bytes > limit / 2 {
            state.older = state.newer
            state.newer = [:]
            state.newerBytes = 0
        }
        state.newer[key] = value
        state.newerBytes += bytes
    }

    /// Forgets every value.
    func removeAll() {
        state.withLock { $0 = Generations() }
    }

    /// Whether a value is kept for `key` (for tests).
    func holds(_ key: Key) -> Bool {
        state.withLock { $0.newer[key] != nil || $0.older[key] != nil }
    }
}

/// The results of a pure text function (typography of a title, a comment's HTML), kept (``BoundedMemo``).
final class TextMemo: Sendable {
    private let memo: BoundedMemo<String>
    private let transform: @Sendable (String) -> String

    /// - Parameters:
    ///   - byteLimit: how many bytes of texts and results it may keep (UTF-8).
    ///   - transform: the function, which must depend on its argument only.
    init(byteLimit: Int, _ transform: @escaping @Sendable (String) -> String) {
        memo = BoundedMemo(byteLimit: byteLimit)
        self.transform = transform
    }

    /// Forgets every result.
    func removeAll() { memo.removeAll() }

    func callAsFunction(_ text: String) -> String {
        memo.value(for: text, size: { text.utf8.count + $0.utf8.count }) { transform(text) }
    }
}
