import Foundation

/// The executor of a ``SQLiteTransaction``: the thread that holds its GRDB connection, inside GRDB's closure,
/// runs the jobs of the transaction's body, one at a time, until the body is done (decision 0010). GRDB's
/// `Database` may only be used there.
final class ConnectionExecutor: SerialExecutor, @unchecked Sendable {
    /// How the body ended: its transaction is committed, or rolled back.
    enum Ending {
        case commit, rollback
    }

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var finished = false
    private var ending = Ending.rollback
    private var ended: CheckedContinuation<Void, any Error>?
    /// The thread of a synchronous use (``current()``): nothing is scheduled on such an executor.
    private let owner: pthread_t?

    /// An executor for a transaction's body, to be run by ``runUntilFinished()``.
    init() {
        owner = nil
    }

    private init(owner: pthread_t) {
        self.owner = owner
        finished = true
    }

    /// An executor for synchronous use on the calling thread, inside one of GRDB's closures
    /// (``SQLiteTransaction/using(_:_:)``): nothing may be scheduled on it, and only that thread may claim it.
    static func current() -> ConnectionExecutor {
        ConnectionExecutor(owner: pthread_self())
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

    /// Asked when code claims this executor's isolation while none of its jobs runs: only the owner thread of a
    /// synchronous use may.
    func checkIsolated() {
        guard let owner, pthread_equal(owner, pthread_self()) != 0 else {
            preconditionFailure("a store transaction was used off its connection's thread")
        }
    }

    /// Runs the jobs scheduled on this executor, on the calling thread, until ``finish(_:then:)``.
    /// - Returns: how the body ended, and what to resume once the transaction has ended that way.
    func runUntilFinished() -> (Ending, CheckedContinuation<Void, any Error>?) {
        while true {
            condition.lock()
            while jobs.isEmpty && !finished { condition.wait() }
            guard !jobs.isEmpty else {
                defer { condition.unlock() }
                return (ending, ended)
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedSerialExecutor())
        }
    }

    /// Ends ``runUntilFinished()`` once the jobs already scheduled have run; `ended` is resumed by the
    /// connection's thread when the transaction has ended as `ending` says (or with the error that prevented it).
    func finish(_ ending: Ending, then ended: CheckedContinuation<Void, any Error>) {
        condition.lock()
        self.ending = ending
        self.ended = ended
        finished = true
        condition.signal()
        condition.unlock()
    }
}
