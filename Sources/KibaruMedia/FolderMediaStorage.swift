import Foundation
import KibaruCore

/// The media library in a folder (`DIR/media`, or the `--media-dir` every node mounts), files written whole
/// (a temporary file renamed) so that a reader never sees half a file.
public struct FolderMediaStorage: MediaStorage {
    /// The library's folder.
    public let root: String

    public init(root: String) {
        self.root = root
    }

    public func write(_ bytes: [UInt8], to path: String) throws {
        let destination = URL(fileURLWithPath: try location(of: path))
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: destination, options: .atomic)
    }

    public func copy(fileAt source: String, to path: String) throws {
        let destination = try location(of: path)
        let files = FileManager.default
        guard !files.fileExists(atPath: destination) else { return }
        let folder = (destination as NSString).deletingLastPathComponent
        try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Copied under a hidden name, then renamed: a reader (nginx) never sees half a file, and a copy cut short
        // leaves no file that the next import would keep.
        let partial = (folder as NSString).appendingPathComponent(".\(UUID().uuidString).partial")
        defer { try? files.removeItem(atPath: partial) }
        try files.copyItem(atPath: source, toPath: partial)
        guard rename(partial, destination) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination])
        }
    }

    public func size(of path: String) -> Int? {
        guard let location = try? location(of: path) else { return nil }
        return (try? FileManager.default.attributesOfItem(atPath: location))?[.size] as? Int
    }

    public func remove(_ path: String) throws {
        let location = try location(of: path)
        guard FileManager.default.fileExists(atPath: location) else { return }
        try FileManager.default.removeItem(atPath: location)
    }

    /// The file of the folder that `path` names; throws ``MediaPathError`` for a path that could leave it.
    private func location(of path: String) throws -> String {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.hasPrefix("/"), !components.isEmpty,
            components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("\u{0}") })
        else { throw MediaPathError(path: path) }
        return (root as NSString).appendingPathComponent(path)
    }
}
