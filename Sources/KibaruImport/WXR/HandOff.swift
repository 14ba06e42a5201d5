import Foundation

/// Hands values from one thread to another, holding at most `capacity` of them: the producer waits while it is
/// full, the consumer while it is empty. The producer ends with ``finish(_:)`` (its error reaches the consumer
/// after the values before it); the consumer ends with ``cancelAndWait()``, which makes the producer's next
/// ``put(_:)`` throw and waits for ``finish(_:)``.
final class HandOff<Value: Sendable>: @unchecked Sendable {
    /// What ``put(_:)`` throws once the consumer has stopped.
    struct Cancelled: Error {}

    private let capacity: Int
    /// Guards every property below.
    private let condition = NSCondition()
    private var values: [Value] = []
    private var start = 0
    private var end: Result<Void, any Error>?
    private var cancelled = false

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// Adds a value, waiting while `capacity` values wait; throws ``Cancelled`` once the consumer stopped.
    func put(_ value: Value) throws {
        condition.lock()
        defer { condition.unlock() }
        while values.count - start >= capacity, !cancelled { condition.wait() }
        guard !cancelled else { throw Cancelled() }
        values.append(value)
        condition.broadcast()
    }

    /// Says that no value will follow: `result` is the producer's success or error.
    func finish(_ result: Result<Void, any Error>) {
        condition.lock()
        defer { condition.unlock() }
        end = result
        condition.broadcast()
    }

    /// The next value, waiting for one; `nil` once the producer finished and every value was taken. Throws the
    /// producer's error after the values it put before it.
    func take() throws -> Value? {
        condition.lock()
        defer { condition.unlock() }
        while start == values.count, end == nil { condition.wait() }
        guard start < values.count else {
            try end?.get()
            return nil
        }
        let value = values[start]
        start += 1
        if start >= capacity, start * 2 >= values.count {  // compacts now and then: the array stays small
            values.removeFirst(start)
            start = 0
        }
        condition.broadcast()
        return value
    }

    /// Stops the producer (its next ``put(_:)`` throws) and waits until it has finished.
    func cancelAndWait() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        condition.broadcast()
        while end == nil { condition.wait() }
    }
}
