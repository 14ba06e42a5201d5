import Foundation
import GRDB
import KibaruApp
import KibaruCore
import KibaruServices
@testable import KibaruSQLite
import KibaruTesting
import Testing

/// `kibaru backup`, `kibaru restore` and `kibaru check`, run as an operator would, on the demo network.
@Suite(.serialized) struct BackupCommandTests {
    let cli = CommandLineTests()

    /// A media file whose archive name (`media/uploads/…`) is longer than ustar's 100-byte name field.
    static let longMediaPath =
        "uploads/" + String(repeating: "dossier-aux-noms-longs-", count: 3) + "/" + String(repeating: "image-", count: 12)
        + ".svg"

    /// The demo network, with a media record for `demo/fleuve.svg` and a file under a long path.
    static func demoNetwork() async throws -> TestNetwork {
        let network = try await TestNetwork.demo(storage: .dataFolder)
        let media = network.config.data.mediaPath
        let long = (media as NSString).appendingPathComponent(longMediaPath)
        try FileManager.default.createDirectory(
            atPath: (long as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: media + "/demo/baobab.svg", toPath: long)
        let item = NewMediaItem(
            siteID: network.site.id, path: "demo/fleuve.svg", mediaType: "image/svg+xml", width: 800,
            height: 450, byteCount: 1240, alt: "Le fleuve", caption: "Le Niger à Bamako", credit: Credit(author: "Awa"),
            uploadedBy: "Awa Diarra", createdAt: TestNetwork.now)
        _ = try await network.store.write { tx in try await tx.insertMedia(item) }
        return network
    }

    /// Runs `kibaru` on a thread of its own: this process's tasks go on writing meanwhile.
    func kibaruAlongside(_ arguments: String...) async throws -> CommandLineTests.Run {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try CommandLineTests().kibaru(arguments, input: nil) }) }.start()
        }
    }

    /// The regular files under a folder, by relative path, with their contents.
    static func regularFiles(under root: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: root))
        for case let relative as String in enumerator {
            let path = (root as NSString).appendingPathComponent(relative)
            if try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType == .typeRegular {
                files[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return files
    }

    /// The rows of a table, read by the sqlite3 shell, which waits for SQLite's brief locks as Kibaru does.
    func count(_ table: String, in data: String) throws -> Int {
        let output = try cli.sqlite(data, "PRAGMA busy_timeout = 5000; SELECT count(*) FROM \(table)")
        return try #require(output.split(separator: "\n").last.flatMap { Int($0) }, "\(output)")
    }

    func firstPublishedArticle(in data: String) throws -> Article.ID {
        let id = try cli.sqlite(data, "SELECT min(id) FROM article WHERE state = 'published' AND is_page = 0")
        return try #require(Article.ID(id.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test func aRestoredBackupExportsExactlyTheSameNetwork() async throws {
        let network = try await Self.demoNetwork()
        let data = network.config.data.path
        try FileManager.default.createSymbolicLink(atPath: data + "/media/lien.svg", withDestinationPath: "/etc/passwd")
        let directory = try TestPaths.temporaryDirectory("backup")
        let archive = directory + "/reseau.tar"

        let backup = try cli.kibaru("backup", "--data", data, "--out", archive)
        #expect(backup.status == 0, "\(backup.errors)")
        #expect(backup.output.contains("Sauvegarde écrite dans \(archive) : 10 fichiers (la base et 9 médias), "))
        #expect(backup.errors.contains("media/lien.svg : lien symbolique ignoré"), "\(backup.errors)")
        #expect(!FileManager.default.fileExists(atPath: archive + ".partial"))

        let restored = directory + "/restaure"
        let restore = try cli.kibaru("restore", archive, "--data", restored)
        #expect(restore.status == 0, "\(restore.errors)")
        #expect(restore.output.contains("la base et 9 médias"))

        let original = try cli.kibaru("export", "json", "--data", data)
        let copy = try cli.kibaru("export", "json", "--data", restored)
        #expect(original.status == 0 && original.output.contains("\"id\""))
        #expect(copy.output == original.output, "the restored network exports the same JSON, ids included")
        let media = try Self.regularFiles(under: restored + "/media")
        #expect(media == (try Self.regularFiles(under: data + "/media")))
        #expect(media[Self.longMediaPath] != nil, "a name longer than 100 bytes goes through the ustar prefix field")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: restored + "/media/lien.svg")) == nil)
        let check = try cli.kibaru("check", "--data", restored)
        #expect(check.status == 0 && check.output.contains("aucun problème"), "\(check.output)")
    }

    @Test func aBackupTakenWhileTheNetworkIsWrittenRestoresToAConsistentNetwork() async throws {
        let network = try await TestNetwork.demo(storage: .dataFolder)
        let data = network.config.data.path
        let articleID = try firstPublishedArticle(in: data)
        let (progress, reporter) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(1))
        let writer = Task {
            defer { reporter.finish() }
            var written = 0
            while !Task.isCancelled {
                _ = try await CommentService(store: network.store).add(
                    NewComment(articleID: articleID, authorName: "Lectrice \(written)",
                            body: "Commentaire \(written), écrit pendant la sauvegarde.", createdAt: TestNetwork.now,
                            status: .approved))
                if written % 5 == 0 { try await network.publish("Écrit pendant la sauvegarde \(written)") }
                written += 1
                reporter.yield(written)
            }
        }
        for await written in progress where written >= 10 { break }

        let directory = try TestPaths.temporaryDirectory("backup")
        // A backup may end before the writer's next commit on a loaded machine: taken again (five times at most)
        // until writes did happen while it ran.
        var before = 0, after = 0
        var backup = CommandLineTests.Run(status: 0, output: "", errors: "")
        for _ in 1...5 {
            before = try count("comment", in: data)
            backup = try await kibaruAlongside("backup", "--data", data, "--out", directory + "/reseau.tar")
            after = try count("comment", in: data)
            if after > before || backup.status != 0 { break }
        }
        writer.cancel()
        if case .failure(let error) = await writer.result, !(error is CancellationError) { throw error }
        #expect(backup.status == 0, "\(backup.errors)")
        #expect(after > before, "comments were written during the backup")

        let restored = directory + "/restaure"
        let restore = try cli.kibaru("restore", directory + "/reseau.tar", "--data", restored)
        #expect(restore.status == 0, "\(restore.errors)")
        #expect(try cli.sqlite(restored, "PRAGMA integrity_check") == "ok\n")
        let check = try cli.kibaru("check", "--data", restored)
        #expect(check.status == 0 && check.output.contains("aucun problème"), "\(check.output)")
        let copied = try count("comment", in: restored)
        #expect(before <= copied && copied <= after, "the copy is one snapshot taken during the backup")
    }

    @Test func backupAndCheckNeverWaitForTheWriter() async throws {
        let network = try await TestNetwork.demo(storage: .dataFolder)
        let data = network.config.data.path
        let articleID = try firstPublishedArticle(in: data)
        let committed = try count("comment", in: data)
        let directory = try TestPaths.temporaryDirectory("backup")
        // Both commands run while this process holds the write lock, an uncommitted comment written.
        let (backup, check) = try await network.store.write { tx in
            _ = try await CommentService.add(
                NewComment(articleID: articleID, authorName: "Awa", body: "Pas encore enregistré.",
                        createdAt: TestNetwork.now, status: .approved), in: tx)
            let cli = CommandLineTests()
            return (try cli.kibaru("backup", "--data", data, "--out", directory + "/reseau.tar"),
                    try cli.kibaru("check", "--data", data))
        }
        #expect(backup.status == 0, "\(backup.errors)")
        #expect(check.status == 0 && check.output.contains("aucun problème"), "\(check.output) \(check.errors)")
        let restored = directory + "/restaure"
        #expect(try cli.kibaru("restore", directory + "/reseau.tar", "--data", restored).status == 0)
        #expect(try count("comment", in: restored) == committed, "the backup holds what was committed")
    }

    @Test func restoreRefusesAFolderThatIsNotEmpty() async throws {
        let network = try await TestNetwork.demo(storage: .dataFolder)
        let directory = try TestPaths.temporaryDirectory("backup")
        let archive = directory + "/reseau.tar"
        #expect(try cli.kibaru("backup", "--data", network.config.data.path, "--out", archive).status == 0)
        let occupied = directory + "/occupe"
        try FileManager.default.createDirectory(atPath: occupied, withIntermediateDirectories: true)
        _ = try cli.write("à garder", to: "notes.txt", in: occupied)

        let run = try cli.kibaru("restore", archive, "--data", occupied)
        #expect(run.status != 0)
        #expect(run.errors.contains("\(occupied) : le dossier n’est pas vide"), "\(run.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: occupied) == ["notes.txt"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["occupe", "reseau.tar"])
    }

    @Test func aTamperedMediaFileIsRefusedAndNothingIsLeft() async throws {
        let network = try await TestNetwork.demo(storage: .dataFolder)
        let data = network.config.data.path
        let directory = try TestPaths.temporaryDirectory("backup")
        let archive = directory + "/reseau.tar"
        #expect(try cli.kibaru("backup", "--data", data, "--out", archive).status == 0)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: archive))
        let original = try Data(contentsOf: URL(fileURLWithPath: data + "/media/demo/fleuve.svg"))
        let range = try #require(bytes.range(of: original), "the media file is stored as is")
        bytes[range.lowerBound + range.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: archive))

        let restored = directory + "/restaure"
        let run = try cli.kibaru("restore", archive, "--data", restored)
        #expect(run.status != 0)
        #expect(run.errors.contains("media/demo/fleuve.svg : contenu altéré"), "\(run.errors)")
        #expect(!FileManager.default.fileExists(atPath: restored))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["reseau.tar"], "no staging folder left")
    }

    /// A one-entry ustar archive built here byte by byte, so that `restore` meets an archive it did not write.
    static func handMadeArchive(entry name: String, type: Character, contents: String) -> Data {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int) {
            header.replaceSubrange(offset..<offset + text.utf8.count, with: Array(text.utf8))
        }
        put(name, at: 0)
        put("0000644", at: 100)
        put("0000000", at: 108)
        put("0000000", at: 116)
        put(String(format: "%011o", contents.utf8.count), at: 124)
        put("00000000000", at: 136)
        put(String(type), at: 156)
        if type == "2" { put("/etc/passwd", at: 157) }
        put("ustar", at: 257)
        put("00", at: 263)
        put("        ", at: 148)
        put(String(format: "%06o", header.reduce(0) { $0 + Int($1) }), at: 148)
        header[154] = 0
        let padding = (512 - contents.utf8.count % 512) % 512
        return Data(header) + Data(contents.utf8) + Data(count: padding + 1024)
    }

    @Test(arguments: [
        ("../evil", Character("0"), "chemin refusé"), ("media/../../evil", "0", "chemin refusé"),
        ("/tmp/kibaru-evil", "0", "chemin refusé"), ("media/lien", "2", "lien symbolique refusé"),
    ])
    func hostileEntriesAreRefused(_ name: String, _ type: Character, _ reason: String) throws {
        let directory = try TestPaths.temporaryDirectory("backup")
        let archive = directory + "/hostile.tar"
        try Self.handMadeArchive(entry: name, type: type, contents: "pris\n").write(to: URL(fileURLWithPath: archive))

        let run = try cli.kibaru("restore", archive, "--data", directory + "/restaure")
        #expect(run.status != 0)
        #expect(run.errors.contains("\(name) : \(reason)"), "\(run.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["hostile.tar"])
        #expect(!FileManager.default.fileExists(atPath: "/tmp/kibaru-evil"))
    }

    @Test func checkPassesACleanNetworkAndReportsAMissingMediaFile() async throws {
        let network = try await Self.demoNetwork()
        let data = network.config.data.path
        var run = try cli.kibaru("check", "--data", data)
        #expect(run.status == 0, "\(run.output)\(run.errors)")
        #expect(run.output == "\(data) : aucun problème\n")

        try FileManager.default.removeItem(atPath: data + "/media/demo/fleuve.svg")
        run = try cli.kibaru("check", "--data", data)
        #expect(run.status != 0)
        #expect(run.output.contains("média manquant : media/demo/fleuve.svg (média 1) : fichier absent"), "\(run.output)")
        #expect(run.output.hasSuffix("\(data) : 1 problème\n"))
    }

    @Test func checkReportsTheSearchIndexAndStaleRenderings() async throws {
        let network = try await TestNetwork.demo(storage: .dataFolder)
        let data = network.config.data.path
        let rows = try cli.sqlite(
            data, "SELECT id FROM article WHERE state = 'published' AND is_page = 0 ORDER BY id LIMIT 3")
        let ids = rows.split(separator: "\n").map(String.init)
        try #require(ids.count == 3)
        // The sqlite3 shell lacks Kibaru's tokenizer: the index's row is deleted from its content table.
        _ = try cli.sqlite(data, "DELETE FROM article_search_content WHERE id = \(ids[0])")
        _ = try cli.sqlite(data, "UPDATE article SET state = 'draft' WHERE id = \(ids[1])")
        _ = try cli.sqlite(data, "UPDATE article SET renderer_version = 1 WHERE id = \(ids[2])")

        let run = try cli.kibaru("check", "--data", data)
        #expect(run.status != 0)
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(run.output)")
        func reported(_ start: String, _ end: String) -> Bool {
            lines.contains { $0.hasPrefix(start) && $0.contains(end) }
        }
        #expect(reported("index de recherche : article \(ids[0]) (", ") publié mais absent de l’index (kibaru reindex l’y remet)"))
        #expect(reported("index de recherche : article \(ids[1]) (", ") indexé mais pas publié (draft)"))
        #expect(reported("rendu périmé : article \(ids[2]) (", ") rendu par la version 1 du moteur (actuelle : 6)"))
        #expect(lines.last == "\(data) : 3 problèmes")
    }

    @Test func reindexPutsBackWhatTheSearchIndexLacks() async throws {
        let network = try await TestNetwork.demo(storage: .dataFolder)
        let data = network.config.data.path
        let rows = try cli.sqlite(data, "SELECT id FROM article WHERE state = 'published' ORDER BY id LIMIT 2")
        let ids = rows.split(separator: "\n").map(String.init)
        try #require(ids.count == 2)
        // Taken out of the index through a connection that has Kibaru's tokenizer (the sqlite3 shell has not).
        let store = try SQLiteStore.open(path: data + "/kibaru.sqlite")
        try await store.pool.write { db in
            try db.execute(sql: "DELETE FROM article_search WHERE rowid IN (\(ids.joined(separator: ", ")))")
        }
        #expect(try cli.kibaru("check", "--data", data).status != 0)

        var run = try cli.kibaru("reindex", "--data", data)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output == "Index de recherche complété : 2 articles ajoutés\n")
        run = try cli.kibaru("check", "--data", data)
        #expect(run.status == 0 && run.output == "\(data) : aucun problème\n", "\(run.output)")
        run = try cli.kibaru("reindex", "--data", data)
        #expect(run.output == "Index de recherche complété : 0 article ajouté\n")
    }
}
