import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruTesting
import Testing

/// The real `kibaru` executable, run as a user would.
@Suite(.serialized) struct CommandLineTests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    func kibaru(_ arguments: String...) throws -> Run {
        try kibaru(arguments, input: nil)
    }

    func kibaru(_ arguments: [String], input: String?, environment extra: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.kibaruExecutable)
        process.arguments = arguments
        // French, the language the tests read, unless a test asks for another.
        let environment = TestPaths.kibaruEnvironment.merging(extra) { $1 }
        process.environment = environment
        let output = Pipe(), errors = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
                   errors: String(decoding: err, as: UTF8.self))
    }

    func write(_ text: String, to name: String, in directory: String) throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs the sqlite3 shell on the network's database.
    func sqlite(_ data: String, _ command: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [data + "/kibaru.sqlite", command]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    func articleCount(_ data: String) throws -> Int {
        Int(try sqlite(data, "SELECT count(*) FROM article").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Every row of every table, as SQL.
    func dump(_ data: String) throws -> String { try sqlite(data, ".dump") }

    @Test func initSiteCreateAndImportPrintTheArticlePath() throws {
        let directory = try TestPaths.temporaryDirectory("cli")
        let data = directory + "/data"
        #expect(try kibaru("init", "--data", data, "--title", "Réseau").status == 0)
        let created = try kibaru("site", "create", "mali-actu", "--title", "Mali Actu", "--data", data)
        #expect(created.status == 0)
        #expect(created.output.contains("/mali-actu/"))
        let page = try write("Marché\n\nCrédit: Awa\n1er mars 2024\n\nLes étals.\n", to: "page.txt", in: directory)
        let imported = try kibaru("import", "page", page, "--site", "mali-actu", "--data", data)
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(imported.output == "/mali-actu/2024/03/01/marche/\n")
        #expect(try kibaru("import", "page", page, "--site", "mali-actu", "--data", data).status == 0)
        #expect(try articleCount(data) == 1, "importing again updates the article")
    }

    @Test(.enabled(if: TestPaths.seedArticle != nil, "../shared/seed/article.txt is absent: skipped"))
    func importsTheSeedArticle() throws {
        let data = try TestPaths.temporaryDirectory("cli") + "/data"
        _ = try kibaru("init", "--data", data)
        _ = try kibaru("site", "create", "mali-actu", "--title", "Mali Actu", "--data", data)
        let run = try kibaru("import", "page", try #require(TestPaths.seedArticle), "--site", "mali-actu", "--data", data)
        #expect(run.status == 0)
        #expect(run.output == "/mali-actu/2024/02/29/lutte-contre-le-terrorisme-maliens-et-russes-a-pied-doeuvre/\n")
    }

    @Test(arguments: [
        ("Titre\n\nArticle : Titre\nCrédit:\n29 févr 2024\n\nTexte.\n", "page.txt:5: date : "),
        ("\n\nArticle : Titre\nCrédit:\n29 février 2024\n\nTexte.\n", "page.txt:3: title : "),
    ])
    func aBrokenPageFailsNamingTheLineAndChangesNothing(_ text: String, _ expected: String) throws {
        let directory = try TestPaths.temporaryDirectory("cli")
        let data = directory + "/data"
        _ = try kibaru("init", "--data", data)
        _ = try kibaru("site", "create", "mali-actu", "--title", "Mali Actu", "--data", data)
        let good = try write("Bon\n29 février 2024\nTexte.\n", to: "good.txt", in: directory)
        _ = try kibaru("import", "page", good, "--site", "mali-actu", "--data", data)
        let before = try dump(data)

        let run = try kibaru("import", "page", try write(text, to: "page.txt", in: directory), "--site", "mali-actu",
                             "--data", data)
        #expect(run.status != 0)
        #expect(run.errors.contains(expected), "\(run.errors)")
        #expect(try articleCount(data) == 1)
        #expect(try dump(data) == before, "the database holds exactly what it held")
    }

    @Test func clearErrorsAndNonZeroStatus() throws {
        let missing = try TestPaths.temporaryDirectory("cli") + "/nothing-here"
        var run = try kibaru("site", "create", "blog", "--title", "Blog", "--data", missing)
        #expect(run.status != 0)
        #expect(run.errors.contains("kibaru init"))
        #expect(!FileManager.default.fileExists(atPath: missing + "/kibaru.sqlite"), "no database created by mistake")

        let data = try TestPaths.temporaryDirectory("cli") + "/data"
        _ = try kibaru("init", "--data", data)
        run = try kibaru("site", "create", "Pas Valide", "--title", "X", "--data", data)
        #expect(run.status != 0)
        #expect(run.errors.hasPrefix("kibaru : identifiant : "), "the field named in French: \(run.errors)")
        run = try kibaru("site", "create", "blog", "--title", "X", "--time-zone", "Lune/Base", "--data", data)
        #expect(run.status != 0 && run.errors.contains("fuseau horaire : ") && !run.errors.contains("timeZone"))
        run = try kibaru("import", "page", "/nonexistent.txt", "--site", "blog", "--data", data)
        #expect(run.status != 0 && run.errors.contains("/nonexistent.txt"))
    }

    @Test func userCommandsCreateListAndResetAccounts() throws {
        let data = try TestPaths.temporaryDirectory("cli") + "/data"
        _ = try kibaru("init", "--data", data)
        _ = try kibaru("site", "create", "mali-actu", "--title", "Mali Actu", "--data", data)
        var run = try kibaru(["user", "add", "ada@example.org", "--name", "Ada", "--role", "admin", "--data", data],
                             input: "un-mot-de-passe-solide\n")
        #expect(run.status == 0, "\(run.errors)")
        run = try kibaru(["user", "add", "chris@example.org", "--name", "Chris", "--role", "contributor", "--site",
                          "mali-actu", "--generate", "--data", data], input: nil)
        #expect(run.status == 0)
        let generated = try #require(run.output.firstMatch(of: /Mot de passe \(affiché une seule fois\) : (\S+)/)).1
        #expect(generated.count == 20)
        run = try kibaru("user", "list", "--data", data)
        #expect(run.output.contains("ada@example.org\tAda\tadmin"))
        #expect(run.output.contains("chris@example.org\tChris\tmali-actu:contributor"))
        run = try kibaru("user", "reset-link", "chris@example.org", "--base-url", "https://blogs.example.org/", "--data", data)
        #expect(run.output.hasPrefix("https://blogs.example.org/admin/mot-de-passe/?jeton="))
        run = try kibaru(["user", "passwd", "chris@example.org", "--data", data], input: "nouveau-mot-de-passe\n")
        #expect(run.status == 0 && run.output.contains("Mot de passe changé"))
    }

    @Test func tokenCommandsCreateListAndRevokeTokensThatTheAPIAccepts() async throws {
        let data = try TestPaths.temporaryDirectory("cli") + "/data"
        _ = try kibaru("init", "--data", data)
        _ = try kibaru("site", "create", "mali-actu", "--title", "Mali Actu", "--data", data)
        _ = try kibaru(["user", "add", "awa@example.org", "--name", "Awa", "--role", "author", "--site", "mali-actu",
                        "--generate", "--data", data], input: nil)
        var run = try kibaru("token", "create", "awa@example.org", "--name", "Appli", "--scopes", "articles:write,bogus",
                             "--data", data)
        #expect(run.status != 0 && run.errors.contains("« bogus » n’est pas une portée"))
        run = try kibaru("token", "create", "personne@example.org", "--name", "Appli", "--scopes", "articles:write",
                         "--data", data)
        #expect(run.status != 0 && run.errors.contains("aucun compte « personne@example.org »"))
        run = try kibaru("token", "create", "awa@example.org", "--name", "Appli", "--scopes", "articles:write,articles:read",
                         "--data", data)
        #expect(run.status == 0, "\(run.errors)")
        let secret = String(try #require(run.output.firstMatch(of: /Jeton \(affiché une seule fois\) : (kib_\S+)/)).1)
        run = try kibaru("token", "list", "--data", data)
        #expect(run.output.hasPrefix("1\t\(secret.prefix(10))…\tAppli\tawa@example.org\tarticles:read,articles:write\t"))
        #expect(!run.output.contains(secret))
        let store = try await DataDirectory(path: data).open()
        #expect(try await APITokenService(store: store).session(bearer: secret)?.session.staff.email == "awa@example.org")
        run = try kibaru("token", "revoke", "1", "--data", data)
        #expect(run.status == 0 && run.output.contains("Jeton 1 « Appli » révoqué"))
        #expect(try await APITokenService(store: store).session(bearer: secret) == nil)
        run = try kibaru("token", "revoke", "1", "--data", data)
        #expect(run.status != 0 && run.errors.contains("jeton 1"))
        #expect(try await store.auditLog(siteIDs: nil, limit: 10).map(\.action).contains("token.revoke"))
    }

    @Test(.enabled(if: SMTPSink.isAvailable, "python3 without the smtpd module: skipped"))
    func resetLinkIsMailedThroughSMTP() async throws {
        let data = try TestPaths.temporaryDirectory("cli") + "/data"
        _ = try kibaru("init", "--data", data)
        _ = try kibaru(["user", "add", "awa@example.org", "--name", "Awa", "--role", "admin", "--data", data],
                       input: "un-mot-de-passe-solide\n")
        let sink = try await SMTPSink()
        let run = try kibaru("user", "reset-link", "awa@example.org", "--base-url", "https://blogs.example.org",
                             "--smtp", "smtp://127.0.0.1:\(sink.port)", "--mail-from", "kibaru@example.org",
                             "--data", data)
        let received = sink.stop()
        #expect(run.status == 0, "\(run.errors)")
        let link = try #require(run.output.split(separator: "\n").first.map(String.init))
        #expect(received.contains("To: awa@example.org") && received.contains("From: kibaru@example.org"))
        // The debugging server prints each line as a Python bytes literal: b'…'; the body is the base64 lines.
        let base64 = received.split(separator: "\n").compactMap { line in
            line.wholeMatch(of: /b'([A-Za-z0-9+\/=]{8,})'/).map { String($0.1) }
        }.joined()
        let text = String(decoding: Data(base64Encoded: base64) ?? Data(), as: UTF8.self)
        #expect(text.contains(link) && text.contains("valable 24 heures"))
    }

    @Test func anUnreachableMailServerIsAClearError() throws {
        let data = try TestPaths.temporaryDirectory("cli") + "/data"
        _ = try kibaru("init", "--data", data)
        _ = try kibaru(["user", "add", "awa@example.org", "--name", "Awa", "--role", "admin", "--data", data],
                       input: "un-mot-de-passe-solide\n")
        let run = try kibaru("user", "reset-link", "awa@example.org", "--smtp", "smtp://127.0.0.1:9", "--data", data)
        #expect(run.status != 0)
        #expect(run.errors.contains("envoi du courriel impossible (connexion)"))
        let unknown = try kibaru(
            "user", "reset-link", "awa@example.org", "--smtp", "smtp://127.0.0.1:9", "--language", "xx", "--data", data)
        #expect(unknown.status != 0 && unknown.errors.contains("« xx » n’est pas une langue des courriels (fr, en)"))
    }

    @Test func userCommandsRefuseBadInputClearly() throws {
        let data = try TestPaths.temporaryDirectory("cli") + "/data"
        _ = try kibaru("init", "--data", data)
        var run = try kibaru(["user", "add", "x@example.org", "--name", "X", "--role", "chef", "--data", data], input: "a")
        #expect(run.status != 0 && run.errors.contains("rôle « chef » inconnu"))
        run = try kibaru(["user", "add", "x@example.org", "--name", "X", "--role", "editor", "--data", data], input: "a")
        #expect(run.status != 0 && run.errors.contains("--site est nécessaire"))
        run = try kibaru(["user", "add", "x@example.org", "--name", "X", "--role", "admin", "--data", data],
                         input: "court\n")
        #expect(run.status != 0 && run.errors.contains("au moins 10 caractères"))
        run = try kibaru(["user", "add", "pas-une-adresse", "--name", "X", "--role", "admin", "--data", data],
                         input: "assez-long-vraiment\n")
        #expect(run.status != 0 && run.errors.contains("adresse e-mail : "))
        run = try kibaru(["user", "add", "x@example.org", "--name", "X", "--role", "admin", "--data", data], input: "")
        #expect(run.status != 0 && run.errors.contains("aucun mot de passe lu"))
        #expect(try kibaru("user", "list", "--data", data).output.isEmpty, "nothing was created")
    }

    /// An existing account gets a role on another site, loses it, is removed; every list reads as JSON too.
    @Test func accountsMoveBetweenSitesAreRemovedAndListAsJSON() throws {
        let data = try TestPaths.temporaryDirectory("cli") + "/data"
        _ = try kibaru("init", "--data", data)
        _ = try kibaru("site", "create", "sahel", "--title", "Sahel", "--data", data)
        _ = try kibaru("site", "create", "kayes", "--title", "Kayes", "--data", data)
        var run = try kibaru(["user", "add", "awa@example.org", "--name", "Awa", "--role", "editor", "--site", "sahel",
                              "--generate", "--data", data], input: nil)
        #expect(run.status == 0, "\(run.errors)")
        run = try kibaru("user", "role", "awa@example.org", "--site", "kayes", "--role", "author", "--data", data)
        #expect(run.status == 0 && run.output.contains("awa@example.org est author sur kayes."), "\(run.errors)")
        run = try kibaru("user", "list", "--json", "--data", data)
        let users = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]])
        let roles = try #require(users.first?["roles"] as? [[String: String]])
        #expect(Set(roles.map { "\($0["site"] ?? ""):\($0["role"] ?? "")" }) == ["sahel:editor", "kayes:author"])
        run = try kibaru("user", "role", "awa@example.org", "--site", "sahel", "--role", "none", "--data", data)
        #expect(run.status == 0 && run.output.contains("n’a plus de rôle sur sahel"))
        run = try kibaru("user", "role", "personne@example.org", "--site", "sahel", "--role", "editor", "--data", data)
        #expect(run.status == 1 && run.errors.hasPrefix("kibaru : ") && run.errors.contains("compte « personne@example.org »"),
                "\(run.errors)")

        let sites = try kibaru("site", "list", "--json", "--data", data).output
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(sites.utf8)) as? [[String: Any]])
        #expect(Set(listed.compactMap { $0["slug"] as? String }) == ["sahel", "kayes"])
        _ = try kibaru("site", "key", "create", "sahel", "--name", "Portail", "--data", data)
        let keys = try kibaru("site", "key", "list", "sahel", "--json", "--data", data).output
        #expect((try JSONSerialization.jsonObject(with: Data(keys.utf8)) as? [[String: Any]])?.first?["name"] as? String == "Portail")
        _ = try kibaru("token", "create", "awa@example.org", "--name", "App", "--scopes", "articles:write", "--data", data)
        let tokens = try kibaru("token", "list", "--json", "--data", data).output
        #expect((try JSONSerialization.jsonObject(with: Data(tokens.utf8)) as? [[String: Any]])?.first?["email"] as? String
                == "awa@example.org")

        _ = try kibaru(["user", "add", "chef@example.org", "--name", "Chef", "--role", "admin", "--generate", "--data", data],
                       input: nil)
        run = try kibaru("user", "remove", "chef@example.org", "--data", data)
        #expect(run.status == 1 && run.errors.contains("dernier administrateur du réseau"), "\(run.errors)")
        run = try kibaru("user", "remove", "awa@example.org", "--data", data)
        #expect(run.status == 0 && run.output.contains("Compte awa@example.org supprimé."))
        #expect(try kibaru("token", "list", "--data", data).output.contains("Aucun jeton."), "the account's tokens went with it")
        #expect(!(try kibaru("user", "list", "--data", data).output.contains("awa@example.org")))
    }

    @Test(arguments: [["--help"], ["init", "--help"], ["site", "create", "--help"], ["import", "page", "--help"],
                      ["import", "wxr", "--help"], ["import", "network", "--help"], ["export", "wxr", "--help"],
                      ["export", "json", "--help"], ["build", "--help"],
                      ["serve", "--help"], ["demo", "--help"], ["user", "add", "--help"],
                      ["user", "reset-link", "--help"]])
    func everyCommandHasHelp(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.kibaruExecutable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.contains("USAGE:"))
    }

    @Test func serveAnswersOnLoopbackAndStopsOnSIGTERM() async throws {
        let data = try TestPaths.temporaryDirectory("cli") + "/data"
        _ = try kibaru("init", "--data", data)
        let port = try LocalPort.free()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.kibaruExecutable)
        process.arguments = ["serve", "--data", data, "--port", "\(port)", "--resources", TestPaths.resources]
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var status = 0
        for _ in 0..<50 where status != 200 {
            try await Task.sleep(for: .milliseconds(100))
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/health")!)
            request.timeoutInterval = 1
            status = (try? await URLSession.shared.data(for: request).1 as? HTTPURLResponse)?.statusCode ?? 0
        }
        #expect(status == 200)

        // A second server on the same port: one French sentence and a failure, and the demo's throwaway folder
        // removed on the way out.
        let busy = try kibaru(["serve", "--data", data, "--port", "\(port)"], input: nil)
        #expect(busy.status != 0)
        #expect(busy.errors.contains("le port \(port) de 127.0.0.1 est déjà pris par un autre programme"), "\(busy.errors)")
        #expect(!busy.errors.contains("errno") && !busy.errors.contains("failed"), "\(busy.errors)")
        let temporary = try TestPaths.temporaryDirectory("cli-tmp")
        let demo = try kibaru(["demo", "--port", "\(port)"], input: nil, environment: ["TMPDIR": temporary])
        #expect(demo.status != 0 && demo.errors.contains("est déjà pris"), "\(demo.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty, "the demo's folder is gone")

        process.terminate()
        process.waitUntilExit()
        #expect(!process.isRunning)
    }
}

@Suite(.serialized) struct CommentCommandTests {
    let cli = CommandLineTests()

    @Test func operatorsSetModerationAndModerateFromTheCommandLine() async throws {
        let data = try TestPaths.temporaryDirectory("cli") + "/data"
        _ = try cli.kibaru("init", "--data", data)
        _ = try cli.kibaru("site", "create", "mali-actu", "--title", "Mali Actu", "--data", data)
        var run = try cli.kibaru("site", "config", "mali-actu", "--comments", "hold", "--close-after", "30", "--data", data)
        #expect(run.status == 0 && run.output.contains("commentaires hold, fermés après 30 jours"))
        run = try cli.kibaru("site", "config", "mali-actu", "--comments", "tout", "--data", data)
        #expect(run.status != 0 && run.errors.contains("open, first-time ou hold"))
        run = try cli.kibaru("site", "config", "mali-actu", "--close-after", "-3", "--data", data)
        #expect(run.status == 1 && run.errors == "kibaru : --close-after -3 : un nombre de jours, 0 ou plus (0 : jamais fermés)\n")

        let page = try cli.write("Titre\n29 février 2024\nTexte.\nCommentaires\nFatou\n1er mars 2024\nMerci.\n",
                                 to: "page.txt", in: (data as NSString).deletingLastPathComponent)
        _ = try cli.kibaru("import", "page", page, "--site", "mali-actu", "--data", data)
        run = try cli.kibaru("comments", "list", "--site", "mali-actu", "--status", "approved", "--data", data)
        let id = try #require(run.output.split(separator: "\t").first.map(String.init))
        #expect(run.output.contains("Fatou\tTitre\t-\tMerci."))
        run = try cli.kibaru("comments", "spam", id, "--data", data)
        #expect(run.status == 0 && run.output.contains("1 commentaire : indésirable"))
        run = try cli.kibaru("comments", "list", "--site", "mali-actu", "--status", "spam", "--data", data)
        #expect(run.output.hasPrefix("\(id)\tFatou"))
        run = try cli.kibaru("comments", "approve", "999", "--data", data)
        #expect(run.status != 0 && run.errors.contains("commentaire 999"))
    }

    @Test func commentersGetTheirCommentsAndHaveThemErased() async throws {
        let data = try TestPaths.temporaryDirectory("cli") + "/data"
        _ = try cli.kibaru("init", "--data", data)
        _ = try cli.kibaru("site", "create", "mali-actu", "--title", "Mali Actu", "--data", data)
        let page = try cli.write("Titre\n29 février 2024\nTexte.\n", to: "page.txt", in: (data as NSString).deletingLastPathComponent)
        _ = try cli.kibaru("import", "page", page, "--site", "mali-actu", "--data", data)
        let store = try await KibaruApp.DataDirectory(path: data).open()
        for (name, email) in [("Fatou", "fatou@example.org"), ("Fatou", "FATOU@example.org"), ("Ali", "ali@example.org")] {
            _ = try await KibaruServices.CommentService(store: store).add(
                KibaruCore.NewComment(articleID: 1, authorName: name, body: "Texte de \(name)", createdAt: Date(),
                                   status: .approved, email: email))
        }
        var run = try cli.kibaru("comments", "export", "--email", "fatou@example.org", "--data", data)
        #expect(run.status == 0)
        let exported = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]]
        #expect(exported?.count == 2)
        #expect(exported?.first?["url"] as? String == "/mali-actu/2024/02/29/titre/")
        run = try cli.kibaru("comments", "erase", "--email", "Fatou@Example.org", "--data", data)
        #expect(run.output.contains("2 commentaires effacés pour fatou@example.org"))
        run = try cli.kibaru("comments", "list", "--site", "mali-actu", "--status", "approved", "--data", data)
        #expect(run.output.contains("Ali") && !run.output.contains("Fatou"))
    }
}
