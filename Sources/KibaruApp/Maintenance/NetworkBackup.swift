import CFileKind
import Foundation
import KibaruCore
import KibaruSQLite
import KibaruText

/// What ``NetworkBackup/create(from:to:now:warn:)`` wrote.
public struct BackupSummary: Sendable {
    /// How many media files the archive holds (besides the database).
    public var mediaFiles: Int
    /// The archive's size in bytes.
    public var archiveBytes: UInt64
}

/// What ``NetworkBackup/restore(from:into:)`` restored.
public struct RestoreSummary: Sendable {
    /// How many media files were restored (besides the database).
    public var mediaFiles: Int
    /// When the backup was made.
    public var createdAt: Date
    /// The migrations applied to the restored database once opened, oldest first.
    public var migrations: [String]
}

/// Backups of a network's data folder into one ustar archive (`kibaru.sqlite`, `media/…`, `manifest.json`), and
/// their restoration into a new folder.
///
/// ```swift
/// let data = DataDirectory(path: "/srv/kibaru")
/// let summary = try NetworkBackup.create(from: data, to: "/sauvegardes/kibaru.tar", warn: { print($0) })
/// try NetworkBackup.restore(from: "/sauvegardes/kibaru.tar", into: DataDirectory(path: "/srv/kibaru-copie"))
/// ```
public enum NetworkBackup {
    /// Backs up a live network: the database through SQLite's backup API from one read snapshot (a running server
    /// goes on writing), then every regular file under `media/`, then the manifest. The archive is written to
    /// `archivePath` + `.partial` (readable by its owner only) and renamed to `archivePath` once complete, so a
    /// failed backup never leaves a truncated archive.
    /// - Parameters:
    ///   - data: the network's data folder.
    ///   - archivePath: the archive to write; an existing file is replaced only when the backup succeeded.
    ///   - now: the time recorded in the manifest and the archive's entries.
    ///   - warn: told of each file skipped (symbolic links, which are never followed, and special files).
    ///   - progress: a line at each tenth of the media files archived, with the time left.
    /// - Returns: what the archive holds.
    public static func create(
        from data: DataDirectory, to archivePath: String, now: Date = Date(), warn: (String) -> Void,
        progress: (String) -> Void = { _ in }
    ) throws -> BackupSummary {
        try data.requireDataFolder(
            for: "backup", instead: L("sauvegardez la base avec pg_dump et le dossier des médias avec vos outils habituels"))
        guard data.exists else { throw ContentError.networkMissing }
        let files = FileManager.default
        let scratch = files.temporaryDirectory.appendingPathComponent("kibaru-backup-\(UUID().uuidString)").path
        try files.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? files.removeItem(atPath: scratch) }
        let databaseCopy = (scratch as NSString).appendingPathComponent(BackupManifest.databaseEntry)
        let migrations = try SQLiteStore.backup(databaseAt: data.databasePath, to: databaseCopy)
        let media = try mediaFiles(in: data.mediaPath, warn: warn)

        let partial = archivePath + ".partial"
        guard files.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600]),
            let output = FileHandle(forWritingAtPath: partial)
        else { throw BackupError(path: partial, info: L("impossible d’écrire ce fichier")) }
        do {
            let writer = TarWriter(output: output, modified: now)
            guard let database = try add(databaseCopy, as: BackupManifest.databaseEntry, to: writer, warn: warn) else {
                throw BackupError(path: databaseCopy, info: L("la copie de la base a disparu"))
            }
            var archived = [database]
            let line = ProgressLine(total: media.count, things: L("médias sauvegardés"))
            for (index, relative) in media.enumerated() {
                if index > 0, line.isDue(index) { progress(line.line(done: index)) }
                let path = (data.mediaPath as NSString).appendingPathComponent(relative)
                if let file = try add(path, as: BackupManifest.mediaPrefix + relative, to: writer, warn: warn) {
                    archived.append(file)
                }
            }
            let manifest = BackupManifest(
                format: BackupManifest.currentFormat, createdAt: now, migrations: migrations, files: archived)
            try writer.addFile(named: BackupManifest.entryName, contents: manifest.encoded())
            try writer.finish()
            try output.synchronize()
            let size = try output.offset()
            try output.close()
            guard rename(partial, archivePath) == 0 else {
                throw BackupError(path: archivePath, info: L("impossible d’écrire ce fichier : {error}", ["error": systemError()]))
            }
            return BackupSummary(mediaFiles: archived.count - 1, archiveBytes: size)
        } catch {
            try? output.close()
            try? files.removeItem(atPath: partial)
            throw error
        }
    }

    /// Restores a backup into a data folder that does not exist or is empty. Every entry is checked (no absolute
    /// path, no `..`, no link) and written to a hidden folder beside `data`; every file must then match the
    /// manifest's size and SHA-256, and the database must open (migrations run) before that folder is renamed to
    /// `data`. On any failure the hidden folder is removed: nothing is left half restored.
    /// - Parameters:
    ///   - archivePath: an archive written by ``create(from:to:now:warn:)``.
    ///   - data: the folder to restore into, absent or empty.
    /// - Returns: what was restored.
    public static func restore(from archivePath: String, into data: DataDirectory) throws -> RestoreSummary {
        try data.requireDataFolder(
            for: "restore", instead: L("restaurez la base avec pg_restore et le dossier des médias avec vos outils habituels"))
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: data.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw BackupError(path: data.path, info: L("existe et n’est pas un dossier"))
            }
            guard try files.contentsOfDirectory(atPath: data.path).isEmpty else {
                throw BackupError(path: data.path, info: L("le dossier n’est pas vide : restaurez dans un dossier neuf"))
            }
        }
        guard let input = FileHandle(forReadingAtPath: archivePath) else {
            throw BackupError(path: archivePath, info: L("archive introuvable ou illisible"))
        }
        defer { try? input.close() }
        let target = URL(fileURLWithPath: data.path).standardizedFileURL
        let parent = target.deletingLastPathComponent().path
        try files.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let staging = (parent as NSString).appendingPathComponent(
            ".\(target.lastPathComponent).restauration-\(UUID().uuidString.prefix(8))")
        try files.createDirectory(atPath: staging, withIntermediateDirectories: false)
        do {
            let manifest = try extract(TarReader(input: input, archive: archivePath), into: staging)
            let databasePath = (staging as NSString).appendingPathComponent(SQLiteStore.fileName)
            let migrations = try SQLiteStore.open(path: databasePath).appliedMigrations()
            guard rename(staging, target.path) == 0 else {
                throw BackupError(path: data.path, info: L("impossible d’y placer la restauration : {error}", ["error": systemError()]))
            }
            return RestoreSummary(
                mediaFiles: manifest.files.count - 1, createdAt: manifest.createdAt, migrations: migrations)
        } catch {
            try? files.removeItem(atPath: staging)
            throw error
        }
    }

    /// The regular files under `media/`, relative to it and sorted. Symbolic links are never followed: they and
    /// other special files are skipped with a warning.
    private static func mediaFiles(in directory: String, warn: (String) -> Void) throws -> [String] {
        let files = FileManager.default
        guard let root = try? files.attributesOfItem(atPath: directory)[.type] as? FileAttributeType else { return [] }
        guard root == .typeDirectory else {
            warn(L("{path} : pas un dossier (lien symbolique ?), aucun média sauvegardé", ["path": directory]))
            return []
        }
        var found: [String] = []
        func walk(_ relative: String) throws {
            let folder = (directory as NSString).appendingPathComponent(relative)
            for name in try files.contentsOfDirectory(atPath: folder).sorted() {
                let child = relative.isEmpty ? name : relative + "/" + name
                let entry = BackupManifest.mediaPrefix + child
                // attributesOfItem reads the link itself (lstat), not what it points to.
                switch try? files.attributesOfItem(atPath: (folder as NSString).appendingPathComponent(name))[.type]
                    as? FileAttributeType
                {
                case .typeRegular?: found.append(child)
                case .typeDirectory?: try walk(child)
                case .typeSymbolicLink?: warn(L("{path} : lien symbolique ignoré (jamais suivi)", ["path": entry]))
                case nil: warn(L("{path} : disparu pendant la sauvegarde, ignoré", ["path": entry]))
                default: warn(L("{path} : pas un fichier ordinaire, ignoré", ["path": entry]))
                }
            }
        }
        try walk("")
        return found
    }

    /// Adds a regular file to the archive, opened without following a symbolic link; `nil`, with a warning, when
    /// it vanished or is no longer a regular file since it was listed.
    private static func add(
        _ path: String, as name: String, to writer: TarWriter, warn: (String) -> Void
    ) throws -> BackupManifest.File? {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            guard code == ENOENT || code == ELOOP else {
                throw BackupError(path: path, info: L("illisible : {error}", ["error": systemError(code)]))
            }
            warn(
                code == ELOOP
                    ? L("{path} : devenu un lien symbolique pendant la sauvegarde, ignoré", ["path": name])
                    : L("{path} : disparu pendant la sauvegarde, ignoré", ["path": name]))
            return nil
        }
        let input = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var size: Int64 = 0
        guard kibaru_descriptor_kind(descriptor, &size) == Int32(KIBARU_FILE_REGULAR) else {
            warn(L("{path} : n’est plus un fichier ordinaire, ignoré", ["path": name]))
            return nil
        }
        var digest = ContentDigest()
        try writer.addFile(named: name, size: UInt64(size), from: input) { digest.update($0) }
        return digest.file(name)
    }

    /// Writes every entry of the archive under `staging`, then checks them against the manifest.
    /// - Returns: the manifest, every file of which matched.
    private static func extract(_ reader: TarReader, into staging: String) throws -> BackupManifest {
        let files = FileManager.default
        var manifestData: Data?
        var restored: [String: BackupManifest.File] = [:]
        while let entry = try reader.next() {
            let name = try checkedName(entry)
            let path = (staging as NSString).appendingPathComponent(name)
            guard entry.kind == .file else {
                try files.createDirectory(atPath: path, withIntermediateDirectories: true)
                continue
            }
            guard restored[name] == nil, name != BackupManifest.entryName || manifestData == nil else {
                throw BackupError(path: name, info: L("entrée en double dans l’archive"))
            }
            if name == BackupManifest.entryName {
                guard entry.size <= 64 << 20 else { throw BackupError(path: name, info: L("manifeste démesuré")) }
                var data = Data()
                try reader.readContents(of: entry) { data += $0 }
                manifestData = data
                continue
            }
            try files.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard files.createFile(atPath: path, contents: nil), let output = FileHandle(forWritingAtPath: path) else {
                throw BackupError(path: name, info: L("impossible d’écrire {path}", ["path": path]))
            }
            var digest = ContentDigest()
            try reader.readContents(of: entry) { chunk in
                digest.update(chunk)
                try output.write(contentsOf: chunk)
            }
            try output.close()
            restored[name] = digest.file(name)
        }
        guard let manifestData else {
            throw BackupError(path: BackupManifest.entryName, info: L("absent de l’archive : pas une sauvegarde Kibaru"))
        }
        let manifest = try BackupManifest.decode(manifestData)
        try verify(restored, against: manifest)
        return manifest
    }

    /// The entry's name if it may be restored: `kibaru.sqlite`, `manifest.json`, or a relative path under `media/`
    /// without `..`, `.` or empty segments.
    private static func checkedName(_ entry: TarEntry) throws -> String {
        var name = entry.name
        if entry.kind == .directory, name.hasSuffix("/") { name.removeLast() }
        let segments = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.hasPrefix("/"), !segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            throw BackupError(path: entry.name, info: L("chemin refusé : il sortirait du dossier restauré"))
        }
        let expected =
            switch entry.kind {
            case .file: name == BackupManifest.databaseEntry || name == BackupManifest.entryName
                || name.hasPrefix(BackupManifest.mediaPrefix)
            case .directory: name + "/" == BackupManifest.mediaPrefix || name.hasPrefix(BackupManifest.mediaPrefix)
            }
        guard expected else {
            throw BackupError(path: entry.name, info: L("entrée inattendue dans une sauvegarde Kibaru"))
        }
        return name
    }

    /// Every file of the manifest restored with its size and SHA-256, nothing else, from a schema this Kibaru knows.
    private static func verify(_ restored: [String: BackupManifest.File], against manifest: BackupManifest) throws {
        guard manifest.format <= BackupManifest.currentFormat else {
            throw BackupError(
                path: BackupManifest.entryName,
                info: L(
                    "format {format} inconnu : sauvegarde d’une version plus récente de Kibaru",
                    ["format": "\(manifest.format)"]))
        }
        let unknown = manifest.migrations.filter { !SQLiteStore.knownMigrations.contains($0) }
        guard unknown.isEmpty else {
            throw BackupError(
                path: BackupManifest.databaseEntry,
                info: L(
                    "écrite par une version plus récente de Kibaru (migrations {migrations})",
                    ["migrations": unknown.joined(separator: ", ")]))
        }
        guard manifest.files.contains(where: { $0.path == BackupManifest.databaseEntry }) else {
            throw BackupError(path: BackupManifest.databaseEntry, info: L("absent du manifeste"))
        }
        for file in manifest.files {
            guard let actual = restored[file.path] else {
                throw BackupError(path: file.path, info: L("absent de l’archive"))
            }
            guard actual == file else {
                throw BackupError(
                    path: file.path, info: L("contenu altéré : sa taille ou sa somme SHA-256 diffère du manifeste"))
            }
        }
        let listed = Set(manifest.files.map(\.path))
        if let extra = restored.keys.sorted().first(where: { !listed.contains($0) }) {
            throw BackupError(path: extra, info: L("absent du manifeste"))
        }
    }

    /// The system's message for `code`, the last error by default.
    private static func systemError(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
}
