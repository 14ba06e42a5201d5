import Foundation

/// A local SMTP server that keeps what it receives: Python's `smtpd` debugging server on 127.0.0.1, for tests of
/// e-mail delivery. Available where python3 still has the `smtpd` module (up to Python 3.11).
public final class SMTPSink: @unchecked Sendable {
    public static var isAvailable: Bool {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import smtpd"]
        check.standardError = FileHandle.nullDevice
        guard (try? check.run()) != nil else { return false }
        check.waitUntilExit()
        return check.terminationStatus == 0
    }

    public let port: Int
    private let process = Process()
    private let output = Pipe()

    public init() async throws {
        port = try LocalPort.free()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-W", "ignore", "-m", "smtpd", "-n", "-c", "DebuggingServer",
                             "127.0.0.1:\(port)"]
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Ready once it greets a connection as an SMTP server does (Python takes longer to start on a busy
        // machine): at most 30 s.
        let deadline = ContinuousClock.now + .seconds(30)
        while await !Self.greets(port: port), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Whether an SMTP server answers on `port` with its `220` greeting.
    private static func greets(port: Int) async -> Bool {
        guard let connection = try? RawConnection(port: port, timeout: 1) else { return false }
        return await connection.receive(until: "\r\n").hasPrefix("220")
    }

    /// Stops the server and returns everything it received, as it printed it. (SIGKILL: a child may inherit a
    /// signal mask that blocks SIGTERM.)
    public func stop() -> String {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }
}
