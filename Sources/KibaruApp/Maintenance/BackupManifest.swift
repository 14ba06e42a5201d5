import Crypto
import Foundation
import KibaruServices
import KibaruText

/// `manifest.json`, the last entry of a backup: what the archive holds and each file's SHA-256, checked by
/// `kibaru restore` before the restored folder is kept.
struct BackupManifest: Codable, Equatable {
    /// A file of the archive: `kibaru.sqlite` or `media/…`.
    struct File: Codable, Equatable {
        var path: String
        var size: UInt64
        /// The SHA-256 of the contents, 64 lowercase hexadecimal digits.
        var sha256: String
    }

    /// The version of this manifest's format; a restore refuses a newer one.
    static let currentFormat = 1
    /// The archive entry holding the manifest.
    static let entryName = "manifest.json"
    /// The archive entry holding the database.
    static let databaseEntry = "kibaru.sqlite"
    /// The archive folder holding the media.
    static let mediaPrefix = "media/"

    var format: Int
    var createdAt: Date
    /// The Kibaru schema migrations applied to the database, oldest first.
    var migrations: [String]
    var files: [File]

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    static func decode(_ data: Data) throws -> BackupManifest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(BackupManifest.self, from: data)
        } catch {
            throw BackupError(path: entryName, info: L("illisible : {error}", ["error": "\(error)"]))
        }
    }
}

/// SHA-256 over contents read piece by piece, and their length.
struct ContentDigest {
    private var hash = SHA256()
    private(set) var size: UInt64 = 0

    mutating func update(_ data: Data) {
        hash.update(data: data)
        size += UInt64(data.count)
    }

    /// The manifest's record of these contents under `path`.
    func file(_ path: String) -> BackupManifest.File {
        BackupManifest.File(
            path: path, size: size, sha256: SecureToken.hex(hash.finalize()))
    }
}
