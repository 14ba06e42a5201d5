import Foundation

/// Where the media library's files live: one folder that every node shares (``FolderMediaStorage``), or, with an
/// adapter to come, an object store. Paths are relative to the library (`uploads/2026/12/ab12.jpg`,
/// `wp/sahel/2019/05/photo.jpg`) and made of plain names: an implementation refuses anything else.
///
/// Synchronous: imports copy files from a thread of their own, and an upload writes one file.
public protocol MediaStorage: Sendable {
    /// Stores `bytes` at `path`, its folders made as needed, replacing the file there.
    func write(_ bytes: [UInt8], to path: String) throws
    /// Copies the local file `source` to `path`, unless a file is there already.
    func copy(fileAt source: String, to path: String) throws
    /// The size of the file at `path`; `nil` when there is none.
    func size(of path: String) -> Int?
    /// Removes the file at `path`, if there is one.
    func remove(_ path: String) throws
}

/// A path the library refuses: absolute, or with an empty, `.` or `..` component.
public struct MediaPathError: Error, CustomStringConvertible {
    public var path: String
    public init(path: String) { self.path = path }
    public var description: String { "chemin de média refusé : « \(path) »" }
}
