import Foundation
import KibaruTesting
import Testing

/// The reference deployment (deploy/nginx/kibaru.conf) as `scripts/cluster-up` runs it: three nodes on one
/// data folder, or on one PostgreSQL database, behind a real nginx on 127.0.0.1.
@Suite(.serialized) struct ClusterTests {
    /// nginx and curl (which `cluster-up` waits with) are installed.
    static let hasNginxAndCurl = ["/usr/sbin/nginx", "/usr/bin/nginx"].contains { FileManager.default.isExecutableFile(atPath: $0) }
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")

    /// Runs a script of `scripts/` with the cluster's folder; returns its status and output.
    private static func script(_ name: String, _ arguments: [String], folder: String) throws -> (status: Int32, output: String) {
        // The shell writes the output to a file itself: the processes the script leaves running would keep a
        // pipe of ours open, and a file handle of ours would be the test's to close.
        let log = (folder as NSString).deletingLastPathComponent + "/\(name).log"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec \"$0\" \"$@\" > \"$KIBARU_TEST_LOG\" 2>&1",
                             TestPaths.repositoryRoot.appendingPathComponent("scripts/\(name)").path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["KIBARU_CLUSTER"] = folder
        environment["KIBARU_RESOURCES"] = TestPaths.resources
        environment["KIBARU_LANGUAGE"] = "fr"
        environment["KIBARU_TEST_LOG"] = log
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    /// Whether `pid` is a live process (a zombie left to an init that does not reap is not).
    private static func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        return !status.contains("State:\tZ")
    }

    /// PostgreSQL's programs are installed (`cluster-up --postgres` starts a server of its own).
    static let hasPostgres = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql"))?.contains {
        FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/initdb")
    } ?? false

    @Test(.enabled(if: hasNginxAndCurl, "needs nginx and curl (apt-get install nginx-light curl)"))
    func threeNodesOnOneDataFolderServeOneNetworkAndSurviveALostNode() async throws {
        try await threeNodesServeOneNetworkAndSurviveALostNode(onPostgres: false)
    }

    @Test(.enabled(if: hasNginxAndCurl && hasPostgres, "needs nginx, curl and PostgreSQL (apt-get install nginx-light curl postgresql)"))
    func threeNodesOnPostgreSQLServeOneNetworkAndSurviveALostNode() async throws {
        try await threeNodesServeOneNetworkAndSurviveALostNode(onPostgres: true)
    }

    private func threeNodesServeOneNetworkAndSurviveALostNode(onPostgres: Bool) async throws {
        let scratch = try TestPaths.temporaryDirectory("cluster")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let folder = scratch + "/cluster"
        let port = 25_000 + 10 * Int.random(in: 0..<500)
        let up = try Self.script(
            "cluster-up", ["--nodes", "3", "--port", "\(port)", "--kibaru", TestPaths.kibaruExecutable] + (onPostgres ? ["--postgres"] : []),
            folder: folder)
        var stopped = false
        defer { if !stopped { _ = try? Self.script("cluster-down", [], folder: folder) } }
        #expect(up.status == 0, "\(up.output)")
        #expect(up.output.contains("3 nodes"))
        let front = "http://127.0.0.1:\(port)"

        // Pages go through nginx to a node; media files are sent by nginx itself, with Kibaru's guards.
        let home = try await LocalHTTP.get(front + "/bamako-chroniques/")
        #expect(home.status == 200 && home.headers["server"]?.hasPrefix("nginx") == true)
        #expect(home.headers["x-request-id"] != nil, "answered by a node")
        let image = try await LocalHTTP.get(front + "/media/demo/marche.svg")
        #expect(image.status == 200 && image.headers["x-request-id"] == nil, "sent by nginx")
        #expect(image.headers["content-security-policy"]?.contains("default-src 'none'") == true)
        #expect(try await LocalHTTP.get(front + "/media/demo/absente.svg").status == 404)

        // An article imported by another process reaches every node's cached page within seconds.
        let nodes = (1...3).map { "http://127.0.0.1:\(port + $0)" }
        for node in nodes { _ = try await LocalHTTP.get(node + "/bamako-chroniques/") }
        let page = (folder as NSString).deletingLastPathComponent + "/page.txt"
        try "Le marché de Médina rouvre\n\nCrédit: Awa\n6 décembre 2026\n\nLes étals sont de retour.\n"
            .write(toFile: page, atomically: true, encoding: .utf8)
        let imported = Process()
        imported.executableURL = URL(fileURLWithPath: TestPaths.kibaruExecutable)
        var store = ["--data", folder + "/data"]
        if onPostgres {
            let url = try #require(up.output.firstMatch(of: /content in (postgres:\/\/\S+),/)?.1)
            store = ["--database", String(url), "--media-dir", folder + "/media"]
        }
        imported.arguments = ["import", "page", page, "--site", "bamako-chroniques"] + store
        imported.environment = ["KIBARU_RESOURCES": TestPaths.resources]
        imported.standardOutput = FileHandle.nullDevice
        imported.standardError = FileHandle.nullDevice
        try imported.run()
        imported.waitUntilExit()
        #expect(imported.terminationStatus == 0)
        // SQLite: each node reads the log every second; PostgreSQL: at once, notified by the commit.
        let started = ContinuousClock.now
        let deadline = started + .seconds(5)
        var showing: [String] = []
        while ContinuousClock.now < deadline {
            showing = []
            for node in nodes where try await LocalHTTP.get(node + "/bamako-chroniques/").body.contains("Médina rouvre") {
                showing.append(node)
            }
            if showing.count == nodes.count { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(showing == nodes, "every node shows the new article")
        print("cluster (\(onPostgres ? "PostgreSQL" : "SQLite")): the import shown by every node after \(ContinuousClock.now - started)")

        // A node lost: nginx sends its readers to the others.
        let pids = try String(contentsOfFile: folder + "/pids", encoding: .utf8)
        let lost = try #require(pids.split(separator: "\n").first { $0.hasSuffix("node \(port + 2)") })
        kill(try #require(Int32(lost.split(separator: " ")[0])), SIGKILL)
        var statuses: [Int: Int] = [:]
        for _ in 0..<30 { statuses[try await LocalHTTP.get(front + "/bamako-chroniques/").status, default: 0] += 1 }
        #expect(statuses == [200: 30])

        // Stopped: every process ended, the folder removed.
        let down = try Self.script("cluster-down", [], folder: folder)
        stopped = true
        #expect(down.status == 0, "\(down.output)")
        #expect(!FileManager.default.fileExists(atPath: folder))
        for line in pids.split(separator: "\n") {
            let pid = try #require(Int32(line.split(separator: " ")[0]))
            #expect(!Self.isRunning(pid), "\(line) still runs")
        }
    }
}
