import Hummingbird
import NIOCore

/// Gathers a response's body in memory (a class: the body consumes its writer), up to a limit.
public final class ResponseBodyCollector: ResponseBodyWriter {
    /// The bytes gathered.
    public private(set) var buffer = ByteBuffer()
    let limit: Int

    /// - Parameter limit: the most bytes kept; a longer body throws ``TooLong``.
    public init(limit: Int = .max) {
        self.limit = limit
    }

    /// A body longer than the collector's limit.
    public struct TooLong: Error {}

    public func write(_ part: ByteBuffer) async throws {
        guard buffer.readableBytes + part.readableBytes <= limit else { throw TooLong() }
        var part = part
        buffer.writeBuffer(&part)
    }

    public func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
