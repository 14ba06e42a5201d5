import Foundation

/// The executor of a ``SQLiteTransaction``: the thread that holds its GRDB connection, inside GRDB's closure,
/// runs the jobs of the transaction's body, one at a time, until the body is done (decision 0010). GRDB's
/// `Database` may only be used there.
final class ConnectionExecutor: SerialExecutor, @unchecked Sendable {
    /// For transactions used synchronously inside GRDB's closures: nothing may be scheduled on it.
    static let none = ConnectionExecutor(accepting: false)

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var finished: Bool
    private let accepting: Bool

    /// A new executor, to be run by ``runUntilFinished()``.
    convenience init() { self.init(accepting: true) }

    private init(accepting: Bool) {
        self.accepting = accepting
        finished = !accepting
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        defer { condition.unlock() }
        precondition(!finished, "a store transaction was used after it ended (or outside its body)")
        jobs.append(job)
        condition.signal()
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Asked when code claims to run on this executor without one of its jobs running (``SQLiteTransaction/using(_:_:)``
    /// inside GRDB's closure): true of ``none``, whose callers hold the connection themselves; a programming
    /// error of any other.
    func checkIsolated() {
        precondition(!accepting, "a store transaction was used outside its body")
    }

    /// Runs the jobs scheduled on this executor, on the calling thread, until ``finish()``; then returns.
    func runUntilFinished() {
        while true {
            condition.lock()
            while jobs.isEmpty && !finished { condition.wait() }
            guard !jobs.isEmpty else {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedSerialExecutor())
        }
    }

    /// Ends ``runUntilFinished()`` once the jobs already scheduled have run.
    func finish() {
        condition.lock()
        finished = true
        condition.signal()
        condition.unlock()
    }
}
