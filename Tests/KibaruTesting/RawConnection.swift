#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A TCP connection to a server on 127.0.0.1 that sends bytes exactly when told: half a request, a body that never
/// comes. For tests of what a server does with slow, incomplete or abusive clients.
public final class RawConnection {
    private let socket: Int32

    /// Connects to 127.0.0.1:`port`; reads give up after `timeout` seconds. With `receiveBuffer`, the socket's
    /// receive buffer is that small (the kernel doubles it), as a slow reader's would be.
    public init(port: Int, timeout: TimeInterval = 10, receiveBuffer: Int32? = nil) throws {
        // The descriptor is stored only once connected: an initializer that throws after storing it would run
        // `deinit`, which would close it a second time, perhaps after the number went to a server's socket.
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw RawConnectionError(description: "socket: \(errno)") }
        if var size = receiveBuffer {
            setsockopt(socket, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(socket)
            throw RawConnectionError(description: "connect to 127.0.0.1:\(port): \(errno)")
        }
        var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        self.socket = socket
    }

    deinit {
        close(socket)
    }

    /// Sends `text` as UTF-8.
    public func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw RawConnectionError(description: "send: \(errno)") }
            sent += count
        }
    }

    /// What the server sends until it closes the connection or stays silent for the read timeout, read on a thread
    /// of its own: a blocking read must not hold one of the few threads that run every test's tasks and servers'
    /// handlers (two tests waiting so would stop every other).
    /// - Returns: the bytes received, and whether the server closed the connection (rather than the wait ending).
    public func receiveAll() async -> (text: String, closed: Bool) {
        await onAThread { $0.readAll() }
    }

    /// The first response's head and as much of its body as arrives until `marker` is seen or the read times out,
    /// read on a thread of its own (``receiveAll()``).
    public func receive(until marker: String) async -> String {
        await onAThread { $0.read(until: marker) }
    }

    private func onAThread<T: Sendable>(_ read: @escaping @Sendable (RawConnection) -> T) async -> T {
        await withCheckedContinuation { continuation in
            nonisolated(unsafe) let connection = self
            Thread { continuation.resume(returning: read(connection)) }.start()
        }
    }

    private func readAll() -> (text: String, closed: Bool) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[..<count]
            } else {
                // 0: the server closed the connection; -1: the read timed out (or the connection was reset).
                return (String(decoding: received, as: UTF8.self), count == 0 || errno == ECONNRESET)
            }
        }
    }

    private func read(until marker: String) -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !String(decoding: received, as: UTF8.self).contains(marker) {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received += buffer[..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }
}

/// A socket call failed.
public struct RawConnectionError: Error, CustomStringConvertible {
    public var description: String
}
