import Foundation
import KibaruCore
import KibaruMedia
import KibaruPostgres
import KibaruSQLite
import KibaruText

/// Where a network keeps its content and its media: a data folder (`kibaru.sqlite` and `media/`), or a
/// PostgreSQL database with a media folder of its own (several nodes share both).
public struct DataDirectory: Sendable {
    /// The data folder (SQLite); with PostgreSQL, the media folder.
    public var path: String
    /// The PostgreSQL database holding the content, `nil` for the data folder's SQLite file.
    public var database: PostgresLocation?

    /// A data folder: its SQLite file and its `media/`.
    public init(path: String) {
        self.path = path
        database = nil
    }

    /// Content in a PostgreSQL database, media in `media` (a folder every node reads and writes).
    public init(database: PostgresLocation, media: String) {
        path = media
        self.database = database
    }

    /// Content in the PostgreSQL database at `databaseURL` (`postgres://…`), media in `media`; throws a clear
    /// error for an address that is not one.
    public init(databaseURL: String, media: String) throws {
        self.init(database: try PostgresLocation(url: databaseURL), media: media)
    }

    /// The SQLite file of a data folder.
    public var databasePath: String { (path as NSString).appendingPathComponent(SQLiteStore.fileName) }
    public var mediaPath: String { database == nil ? (path as NSString).appendingPathComponent("media") : path }

    /// The media library's files.
    public var mediaStorage: any MediaStorage { FolderMediaStorage(root: mediaPath) }

    /// Where the content is, for messages.
    public var description: String { database.map { "\($0)" } ?? path }

    /// Whether `kibaru init` has run here. A PostgreSQL database answers when it is opened: its network is
    /// missing until then.
    public var exists: Bool { database != nil || FileManager.default.fileExists(atPath: databasePath) }

    /// Whether a network was created here: a data folder's database file, a PostgreSQL database's network record.
    public func hasNetwork() async throws -> Bool {
        guard database != nil else { return exists }
        do {
            _ = try await openStore().network()
            return true
        } catch ContentError.networkMissing {
            return false
        }
    }

    /// Creates the folders if needed, then opens (and migrates) the database.
    public func create() async throws -> any ContentStore & StaffStore {
        try makeMediaFolder()
        return try await openStore()
    }

    /// Opens the database of an initialised network; throws ``ContentError/networkMissing`` for a data folder
    /// without one, rather than creating an empty database where the user mistyped a path.
    public func open() async throws -> any ContentStore & StaffStore {
        guard exists else { throw ContentError.networkMissing }
        try makeMediaFolder()
        return try await openStore()
    }

    /// Creates the media folder (and a data folder) when missing; a database named without a media folder (`kibaru
    /// migrate-store`, which copies records, not files) has none.
    private func makeMediaFolder() throws {
        guard !mediaPath.isEmpty else { return }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: mediaPath, isDirectory: &isFolder), !isFolder.boolValue {
            throw ConfigError(
                key: database == nil ? "data" : "media-dir",
                message: L("« {path} » est un fichier, pas un dossier", ["path": mediaPath]))
        }
        do {
            try FileManager.default.createDirectory(atPath: mediaPath, withIntermediateDirectories: true)
        } catch {
            throw ConfigError(
                key: database == nil ? "data" : "media-dir",
                message: L("impossible de créer le dossier « {path} »", ["path": mediaPath]))
        }
    }

    private func openStore() async throws -> any ContentStore & StaffStore {
        if let database { return try await PostgresStore.open(database) }
        return try SQLiteStore.open(path: databasePath)
    }

    /// Refuses, naming the command, what only a data folder's SQLite file can do (`backup`, `check`…);
    /// `instead` tells what to do with PostgreSQL, in the command line's language (``L(_:_:)``).
    public func requireDataFolder(for command: String, instead: String) throws {
        guard database == nil else {
            throw ContentError.storeUnavailable(
                reason: L(
                    "« kibaru {command} » travaille sur un dossier de données (--data) ; avec PostgreSQL : {instead}",
                    ["command": command, "instead": instead]))
        }
    }
}
