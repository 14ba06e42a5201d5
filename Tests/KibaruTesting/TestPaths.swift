import Foundation

/// Paths the tests need, found from this file's location, never from the current directory.
public enum TestPaths {
    /// The repository's root folder.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

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

    /// A new empty folder under the system's temporary folder.
    public static func temporaryDirectory(_ label: String = "test") throws -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("kibaru-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }
}
