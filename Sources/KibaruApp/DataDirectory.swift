import Foundation
import KibaruCore
import KibaruSQLite

/// A network's data folder: `kibaru.sqlite` and `media/`.
public struct DataDirectory: Sendable {
    public var path: String

    public init(path: String) {
        self.path = path
    }

    public var databasePath: String { (path as NSString).appendingPathComponent(SQLiteStore.fileName) }
    public var mediaPath: String { (path as NSString).appendingPathComponent("media") }

    /// Whether `kibaru init` has run here.
    public var exists: Bool { FileManager.default.fileExists(atPath: databasePath) }

    /// Creates the folder and its media folder if needed, then opens (and migrates) the database.
    public func create() throws -> any ContentStore & StaffStore {
        try FileManager.default.createDirectory(atPath: mediaPath, withIntermediateDirectories: true)
        return try SQLiteStore.open(path: databasePath)
    }

    /// Opens the database of an initialised folder; throws ``ContentError/networkMissing`` otherwise, rather
    /// than creating an empty database where the user mistyped a path.
    public func open() throws -> any ContentStore & StaffStore {
        guard exists else { throw ContentError.networkMissing }
        try FileManager.default.createDirectory(atPath: mediaPath, withIntermediateDirectories: true)
        return try SQLiteStore.open(path: databasePath)
    }
}
