import Foundation

/// Paths the tests need, found from this file's location, never from the current directory.
public enum TestPaths {
    /// The repository's root folder.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The environment the tests run `kibaru` in: this process's, with the repository's resources and French,
    /// the language the tests read (whatever the machine's locale).
    public static var kibaruEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["KIBARU_RESOURCES"] = resources
        environment["KIBARU_LANGUAGE"] = "fr"
        return environment
    }

    /// The repository's `Resources/`.
    public static var resources: String { repositoryRoot.appendingPathComponent("Resources").path }

    /// `../shared/testdata/` beside the repository: public data by others, absent from a user's clone.
    public static var sharedTestdata: URL {
        repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata")
    }

    /// `../shared/seed/article.txt`, the scraped Mondoblog page, when present.
    public static var seedArticle: String? {
        let path = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/seed/article.txt").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// The `kibaru` executable built next to the tests.
    public static var kibaruExecutable: String {
        repositoryRoot.appendingPathComponent(".build/debug/kibaru").path
    }

    /// A new empty folder for one test, inside ``processFolder``: it goes when the test process exits.
    public static func temporaryDirectory(_ label: String = "test") throws -> String {
        let url = processFolder.appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// The folder of this test process's files (`/tmp/kibaru-tests-PID`), removed when the process exits; the
    /// folders of earlier test processes that died without removing theirs are removed on the way.
    public static let processFolder: URL = {
        let temporary = FileManager.default.temporaryDirectory
        removeFoldersOfDeadProcesses(in: temporary)
        let folder = temporary.appendingPathComponent(processFolderName(getpid()))
        try? FileManager.default.removeItem(at: folder)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        atexit {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(TestPaths.processFolderName(getpid()))
            try? FileManager.default.removeItem(at: folder)
        }
        return folder
    }()

    static let processFolderPrefix = "kibaru-tests-"

    static func processFolderName(_ pid: pid_t) -> String { processFolderPrefix + String(pid) }

    private static func removeFoldersOfDeadProcesses(in temporary: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        for name in names where name.hasPrefix(processFolderPrefix) {
            guard let pid = pid_t(name.dropFirst(processFolderPrefix.count)), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
        }
    }
}
