import Synchronization

/// Texts computed from a key and kept, so that pages showing the same thing again do not compute it again.
/// Bounded in bytes: when full, it starts afresh (what pages show most comes back at once); a value larger than a
/// 64th of the bound is computed and not kept.
final class BoundedMemo<Key: Hashable & Sendable>: Sendable {
    private let state = Mutex<(values: [Key: String], bytes: Int)>(([:], 0))
    private let byteLimit: Int

    /// - Parameter byteLimit: how many bytes of keys and values it may keep (UTF-8, as `size` counts them).
    init(byteLimit: Int) {
        self.byteLimit = byteLimit
    }

    /// The value kept for `key`, or the one `compute` makes, kept counting `size(value)` bytes.
    func value(for key: Key, size: (String) -> Int, compute: () -> String) -> String {
        if let known = state.withLock({ $0.values[key] }) { return known }
        let value = compute()
        let bytes = size(value)
        guard bytes <= byteLimit / 64 else { return value }
        state.withLock { state in
            if state.bytes + bytes > byteLimit { state = ([:], 0) }
            state.values[key] = value
            state.bytes += bytes
        }
        return value
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

    func callAsFunction(_ text: String) -> String {
        memo.value(for: text, size: { text.utf8.count + $0.utf8.count }) { transform(text) }
    }
}
