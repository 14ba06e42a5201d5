import Foundation
import KibaruCore
import KibaruMarkdown
import KibaruSQLite
import KibaruText

/// The consistency checks of `kibaru check`, run on one read snapshot of the database (a running server goes on
/// writing): SQLite's integrity and foreign keys, the schema's migrations, media records whose file is missing
/// under `media/`, the search index against the published articles, and articles rendered by an older renderer.
public enum NetworkCheck {
    /// Runs every check on a data folder.
    ///
    /// ```swift
    /// for problem in try NetworkCheck.run(on: DataDirectory(path: "/srv/kibaru")) { print(problem) }
    /// ```
    /// - Parameter data: the network's data folder; throws ``ContentError/networkMissing`` when it has none.
    /// - Returns: one French sentence per problem (`média manquant : media/… (média 3) : fichier absent`), none
    ///   when all is well.
    public static func run(on data: DataDirectory) throws -> [String] {
        try data.requireDataFolder(
            for: "check", instead: L("PostgreSQL vérifie lui-même ses pages (amcheck, pg_checksums)"))
        guard data.exists else { throw ContentError.networkMissing }
        let media = URL(fileURLWithPath: data.mediaPath)
        return try SQLiteStore.inspect(databaseAt: data.databasePath, rendererVersion: ArticleRenderer.version) {
            path in
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(
                atPath: media.appendingPathComponent(path).path, isDirectory: &isDirectory)
            return exists && !isDirectory.boolValue
        }.map(\.description)
    }
}
