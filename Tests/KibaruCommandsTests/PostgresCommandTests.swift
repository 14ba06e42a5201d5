import Foundation
import KibaruApp
import KibaruCore
import KibaruPostgres
import KibaruTesting
import Testing

/// Every command on a PostgreSQL database (`--database postgres://… --media-dir DIR`), as an operator who
/// scales out runs them, on the throwaway server `make test` starts.
@Suite(.serialized, .enabled(if: ScratchPostgres.url != nil, "\(ScratchPostgres.skipReason)"))
struct PostgresCommandTests {
    let cli = CommandLineTests()

    @Test func aNetworkIsCreatedImportedExportedAndServedFromPostgreSQL() async throws {
        let database = try await ScratchPostgres.shared.newDatabase()
        let folder = try TestPaths.temporaryDirectory("cli-postgres")
        let store = ["--database", database.url, "--media-dir", folder + "/media"]
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let created = try cli.kibaru(["init", "--title", "Réseau réparti"] + store, input: nil)
        #expect(created.status == 0, "\(created.errors)")
        #expect(created.output.contains("prêt dans postgres://"))
        #expect(!created.output.contains(database.password ?? "\u{0}"), "no password in messages")
        let blog = try cli.write(
            ArchiveCommandTests.export(host: "sahel.mondoblog.org", title: "Sahel", postTitle: "Premier"), to: "blog.xml",
            in: folder)
        let dry = try cli.kibaru(["import", "wxr", blog, "--site", "blog", "--dry-run"] + store, input: nil)
        #expect(dry.status == 0, "\(dry.errors)")
        #expect(!(try cli.kibaru(["site", "list"] + store, input: nil).output.contains("blog")), "a dry run writes nothing")
        let imported = try cli.kibaru(["import", "wxr", blog, "--site", "blog"] + store, input: nil)
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(imported.output.contains("articles : 1 "))
        #expect(try cli.kibaru(["site", "list"] + store, input: nil).output.contains("blog"))
        let user = try cli.kibaru(
            ["user", "add", "awa@example.org", "--name", "Awa", "--role", "admin"] + store, input: "un mot de passe solide\n")
        #expect(user.status == 0, "\(user.errors)")
        let json = try cli.kibaru(["export", "json"] + store, input: nil)
        #expect(json.status == 0 && json.output.contains("Premier") && json.output.contains("Merci !"))

        let port = try LocalPort.free()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: TestPaths.kibaruExecutable)
        server.arguments = ["serve", "--port", "\(port)", "--resources", TestPaths.resources] + store
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { server.terminate() } }
        var home = (status: 0, headers: [String: String](), body: "")
        for _ in 0..<100 where home.status != 200 {
            try await Task.sleep(for: .milliseconds(100))
            home = (try? await LocalHTTP.get("http://127.0.0.1:\(port)/blog/")) ?? home
        }
        #expect(home.status == 200)
        #expect(home.body.contains("Premier"))
        let search = try await LocalHTTP.get("http://127.0.0.1:\(port)/recherche/?q=texte")
        #expect(search.status == 200 && search.body.contains("Premier"), "found by the tsvector index")
        server.terminate()
        server.waitUntilExit()
        #expect(server.terminationStatus == 0, "SIGTERM ends the server cleanly")
    }

    @Test func backupRestoreAndCheckSayWhatToUseWithPostgreSQL() throws {
        let store = ["--database", "postgres://kibaru@127.0.0.1:1/kibaru", "--media-dir", "/tmp/kibaru-absent"]
        let backup = try cli.kibaru(["backup", "--out", "/tmp/kibaru-absent.tar"] + store, input: nil)
        #expect(backup.status != 0 && backup.errors.contains("pg_dump"))
        let check = try cli.kibaru(["check"] + store, input: nil)
        #expect(check.status != 0 && check.errors.contains("amcheck"))
    }
}

/// The options that say where a network is: one place, given once.
@Suite struct StoreOptionTests {
    let cli = CommandLineTests()

    @Test(arguments: [
        (["--data", "/tmp/a", "--database", "postgres://u@h/b", "--media-dir", "/tmp/m"], "s’excluent"),
        (["--database", "postgres://u@h/b"], "--media-dir"),
        (["--data", "/tmp/a", "--media-dir", "/tmp/m"], "--media-dir va avec --database"),
        (["--database", "mysql://u@h/b", "--media-dir", "/tmp/m"], "postgres://"),
        (["--database", "postgres://u@h/", "--media-dir", "/tmp/m"], "ne nomme pas de base"),
        (["--database", "postgres://u@h/b?sslmode=parfois", "--media-dir", "/tmp/m"], "sslmode"),
        ([String](), "--data"),
    ])
    func aMisplacedStoreOptionIsRefusedWithTheReason(_ options: [String], _ reason: String) throws {
        let run = try cli.kibaru(["site", "list"] + options, input: nil)
        #expect(run.status != 0)
        #expect(run.errors.contains(reason), "\(run.errors)")
    }

    @Test func aServerThatDoesNotAnswerIsToldAtOnce() throws {
        let media = try TestPaths.temporaryDirectory("unreachable")
        defer { try? FileManager.default.removeItem(atPath: media) }
        let started = ContinuousClock.now
        let run = try cli.kibaru(
            ["site", "list", "--database", "postgres://kibaru@127.0.0.1:1/kibaru", "--media-dir", media], input: nil)
        #expect(run.status != 0 && run.errors.contains("PostgreSQL injoignable à postgres://kibaru@127.0.0.1:1/kibaru"))
        #expect(ContinuousClock.now - started < .seconds(10), "not after the pool's minute of retries")
    }
}

/// `kibaru migrate-store`: a network moved SQLite → PostgreSQL → SQLite comes back identical.
@Suite(.serialized, .enabled(if: ScratchPostgres.url != nil, "\(ScratchPostgres.skipReason)"))
struct MigrateStoreTests {
    let cli = CommandLineTests()

    @Test func aNetworkMovedToPostgreSQLAndBackIsTheSameNetwork() async throws {
        let network = try await TestNetwork.demo(storage: .dataFolder)
        let original = network.config.data.path
        let staff = try cli.kibaru(
            ["user", "add", "awa@example.org", "--name", "Awa", "--role", "admin", "--data", original], input: "un mot de passe solide\n")
        #expect(staff.status == 0, "\(staff.errors)")
        let database = try await ScratchPostgres.shared.newDatabase()
        let there = try cli.kibaru(["migrate-store", "--from", "sqlite:" + original, "--to", database.url], input: nil)
        #expect(there.status == 0, "\(there.errors)")
        let checksum = try #require(there.output.firstMatch(of: /somme ([0-9a-f]{16})/)?.1)
        #expect(there.output.contains("article : "))

        let again = try cli.kibaru(["migrate-store", "--from", "sqlite:" + original, "--to", database.url], input: nil)
        #expect(again.status != 0 && again.errors.contains("--replace"), "a network is never overwritten unasked")

        let back = try TestPaths.temporaryDirectory("migrated") + "/data"
        defer { try? FileManager.default.removeItem(atPath: (back as NSString).deletingLastPathComponent) }
        let home = try cli.kibaru(["migrate-store", "--from", database.url, "--to", "sqlite:" + back], input: nil)
        #expect(home.status == 0, "\(home.errors)")
        #expect(home.output.firstMatch(of: /somme ([0-9a-f]{16})/)?.1 == checksum, "the same rows both ways")

        let exported = try cli.kibaru(["export", "json", "--data", original], input: nil).output
        #expect(!exported.isEmpty)
        #expect(try cli.kibaru(["export", "json", "--data", back], input: nil).output == exported)
        let media = try TestPaths.temporaryDirectory("migrated-media")
        #expect(try cli.kibaru(["export", "json", "--database", database.url, "--media-dir", media], input: nil).output == exported)

        // On PostgreSQL, a parent comment rewritten after its reply is stored after it: the copy back still holds.
        let rewritten = try await PostgresStore.open(database, maximumConnections: 2)
        try await rewritten.write { tx in
            for site in try await tx.sites() {
                for articleID in try await tx.articleIDs(siteID: site.id) {
                    for reply in try await tx.allComments(articleID: articleID) {
                        guard let parentID = reply.parentID, var parent = try await tx.comment(id: parentID) else { continue }
                        parent.body += " (modifié)"
                        try await tx.updateComment(parent)
                    }
                }
            }
        }
        await rewritten.close()
        let refused = try cli.kibaru(["migrate-store", "--from", database.url, "--to", "sqlite:" + back], input: nil)
        #expect(refused.status != 0, "the copy back holds a network now")
        let replaced = try cli.kibaru(["migrate-store", "--from", database.url, "--to", "sqlite:" + back, "--replace"], input: nil)
        #expect(replaced.status == 0, "\(replaced.errors)")
        let edited = try cli.kibaru(["export", "json", "--database", database.url, "--media-dir", media], input: nil).output
        #expect(edited.contains("(modifié)"))
        #expect(try cli.kibaru(["export", "json", "--data", back], input: nil).output == edited)

        // What each store derives was rebuilt: search finds on both, the same articles.
        let sqlite = try await DataDirectory(path: back).open()
        let postgres = try await PostgresStore.open(database, maximumConnections: 2)
        let query = try SearchQuery(text: "marché")
        let foundHere = try await sqlite.search(query).items.map(\.article.slug)
        #expect(!foundHere.isEmpty)
        #expect(Set(try await postgres.search(query).items.map(\.article.slug)) == Set(foundHere))
        await postgres.close()
    }

    @Test func aLocationThatIsNeitherSQLiteNorPostgreSQLIsRefused() throws {
        let run = try cli.kibaru(["migrate-store", "--from", "mysql://x/y", "--to", "sqlite:/tmp/x"], input: nil)
        #expect(run.status != 0 && run.errors.contains("sqlite:DOSSIER ou postgres://"))
    }

    @Test func aStoreIsNeverCopiedOntoItself() throws {
        let run = try cli.kibaru(
            ["migrate-store", "--from", "sqlite:/tmp/kibaru-same/", "--to", "sqlite:/tmp/kibaru-same", "--replace"], input: nil)
        #expect(run.status != 0 && run.errors.contains("le même magasin"))
    }
}
