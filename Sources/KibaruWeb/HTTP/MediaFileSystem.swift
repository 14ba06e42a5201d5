import CFileKind
import Hummingbird
import Logging
import NIOPosix

/// The files served at `/media/`: regular files that lie inside the media folder, reached without following any
/// symbolic link. A link placed in the folder (by an operator's mistake or an import) must not publish what it
/// points to, such as the database; a name with a NUL byte, a backslash or a hidden or `..` component is not a
/// media file either (a NUL would otherwise cut the name the system opens while the content type is taken from
/// what follows it).
struct MediaFileSystem: FileProvider {
    typealias FileAttributes = LocalFileSystem.FileAttributes
    typealias FileIdentifier = String

    let rootFolder: String
    let files: LocalFileSystem

    init(rootFolder: String, threadPool: NIOThreadPool = .singleton, logger: Logger) {
        self.rootFolder = rootFolder.hasSuffix("/") ? String(rootFolder.dropLast()) : rootFolder
        self.files = LocalFileSystem(rootFolder: rootFolder, threadPool: threadPool, logger: logger)
    }

    /// The file's full path when every component is a plain name, every folder on the way a real folder and the
    /// last one a regular file; `nil` otherwise (answered 404).
    func getFileIdentifier(_ path: String) -> FileIdentifier? {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !components.isEmpty,
            components.allSatisfy({ !$0.hasPrefix(".") && !$0.contains("\u{0}") && !$0.contains("\\") })
        else { return nil }
        var current = rootFolder
        for (index, component) in components.enumerated() {
            current += "/" + component
            let kind = kibaru_path_kind(current)
            let isLast = index == components.count - 1
            guard kind == (isLast ? Int32(KIBARU_FILE_REGULAR) : Int32(KIBARU_FILE_DIRECTORY)) else {
                return nil
            }
        }
        return current
    }

    func getAttributes(id: FileIdentifier) async throws -> FileAttributes? {
        try await files.getAttributes(id: id)
    }

    func loadFile(id: FileIdentifier, context: some RequestContext) async throws -> ResponseBody {
        try await files.loadFile(id: id, context: context)
    }

    func loadFile(id: FileIdentifier, range: ClosedRange<Int>, context: some RequestContext) async throws -> ResponseBody {
        try await files.loadFile(id: id, range: range, context: context)
    }
}
