import Synchronization

/// The results of a pure text function (typography of a title, a comment's HTML, a description cut from a body),
/// kept so that pages showing the same text again do not compute it again. Bounded in bytes: when full, it
/// starts afresh (what pages show most comes back at once).
final class TextMemo: Sendable {
    private struct State {
        var results: [String: String] = [:]
        var bytes = 0
    }

    private let state = Mutex(State())
    private let byteLimit: Int
    private let transform: @Sendable (String) -> String

    /// - Parameters:
    ///   - byteLimit: how many bytes of keys and results it may keep (UTF-8).
    ///   - transform: the function, which must depend on its argument only.
    init(byteLimit: Int, _ transform: @escaping @Sendable (String) -> String) {
        self.byteLimit = byteLimit
        self.transform = transform
    }

    func callAsFunction(_ text: String) -> String {
        if let known = state.withLock({ $0.results[text] }) { return known }
        let result = transform(text)
        let size = text.utf8.count + result.utf8.count
        guard size <= byteLimit / 64 else { return result }  // an unusual text: computed, not kept
        state.withLock { state in
            if state.bytes + size > byteLimit { state = State() }
            state.results[text] = result
            state.bytes += size
        }
        return result
    }
}
