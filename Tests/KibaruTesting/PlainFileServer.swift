import Foundation

/// Python's `http.server` serving a folder on 127.0.0.1: a plain file server, as a mirror would use, to check
/// static builds.
public final class PlainFileServer: Sendable {
    private let process: Process
    /// `http://127.0.0.1:PORT`
    public let baseURL: String

    /// Whether `python3` is here.
    public static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/env") }

    /// Starts the server on a free port and waits until it answers.
    public init(serving directory: String) async throws {
        let port = try LocalPort.free()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", directory]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        baseURL = "http://127.0.0.1:\(port)"
        for _ in 0..<100 {
            if (try? await get("/"))?.status != nil { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        stop()
        throw CocoaError(.fileReadUnknown)
    }

    /// GET `path`: status, `Content-Type` and body.
    public func get(_ path: String) async throws -> (status: Int, contentType: String?, body: String) {
        let answer = try await LocalHTTP.get(baseURL + path)
        return (answer.status, answer.headers["content-type"], answer.body)
    }

    /// Stops the server (SIGKILL: see ``WebDriver``).
    public func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
