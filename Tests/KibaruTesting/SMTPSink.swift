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
        port = 30_000 + Int.random(in: 0..<10_000)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-W", "ignore", "-m", "smtpd", "-n", "-c", "DebuggingServer",
                             "127.0.0.1:\(port)"]
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Ready once it accepts a connection (Python takes longer to start on a busy machine): at most 15 s.
        let deadline = ContinuousClock.now + .seconds(15)
        while (try? RawConnection(port: port, timeout: 1)) == nil, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Stops the server and returns everything it received, as it printed it. (SIGKILL: a child may inherit a
    /// signal mask that blocks SIGTERM.)
    public func stop() -> String {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }
}
