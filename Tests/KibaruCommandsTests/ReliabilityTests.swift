import Foundation
import KibaruTesting
import Testing

/// The real `kibaru` executable under the conditions the review met (issue 10): a server that must stop cleanly,
/// readers and staff writing while an import runs, and two blogs that must never merge.
@Suite(.serialized) struct ReliabilityTests {
    let cli = CommandLineTests()

    /// `kibaru serve` on a free port of 127.0.0.1, once it says it listens.
    final class Server {
        let process = Process()
        let port: Int
        private let output = Pipe()

        init(data: String, arguments: [String] = []) throws {
            port = 20_000 + Int.random(in: 0..<5_000)
            process.executableURL = URL(fileURLWithPath: TestPaths.kibaruExecutable)
            process.arguments = ["serve", "--data", data, "--port", "\(port)", "--resources", TestPaths.resources] + arguments
            process.environment = TestPaths.kibaruEnvironment
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        deinit {
            if process.isRunning { process.terminate() }
        }

        /// Waits for the line the server prints once it accepts connections; returns it.
        func waitUntilListening() throws -> String {
            var text = ""
            while !text.contains("\n") {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
            }
            return text
        }

        /// Waits for the process to end, `seconds` at most (a server that does not stop fails the test instead of
        /// hanging it); returns whether it ended.
        func waitForExit(seconds: Int = 30) async throws -> Bool {
            for _ in 0..<(seconds * 10) where process.isRunning {
                try await Task.sleep(for: .milliseconds(100))
            }
            return !process.isRunning
        }

        /// What the server printed after the first line, once it has exited.
        func remainingOutput() -> String {
            String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
    }

    /// A complete request over a new connection (`Connection: close`); returns the status code and the response.
    static func request(_ port: Int, _ text: String) async throws -> (status: Int, response: String) {
        let connection = try RawConnection(port: port, timeout: 60)
        try connection.send(text)
        let response = await connection.receiveAll().text
        let status = response.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
        return (status, response)
    }

    static func form(_ fields: [(String, String)]) -> String {
        let allowed = CharacterSet.alphanumerics.union(.init(charactersIn: "-._~"))
        return fields.map {
            "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
    }

    static func post(_ port: Int, _ path: String, _ body: String, headers: String = "") async throws -> (status: Int, response: String) {
        try await request(port, """
            POST \(path) HTTP/1.1\r
            Host: 127.0.0.1\r
            Connection: close\r
            Content-Type: application/x-www-form-urlencoded\r
            Content-Length: \(body.utf8.count)\r
            \(headers)\r
            \(body)
            """)
    }

    static func get(_ port: Int, _ path: String, headers: String = "") async throws -> (status: Int, response: String) {
        try await request(port, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\(headers)\r\n")
    }

    /// A WordPress export of `count` short posts with a category, a tag and a comment each.
    static func export(host: String, count: Int) -> String {
        var items = ""
        for index in 1...count {
            items += """
                <item><title><![CDATA[Chronique \(index) de Kayes]]></title><link>https://\(host)/?p=\(index)</link>
                <dc:creator><![CDATA[awa]]></dc:creator><guid isPermaLink="false">https://\(host)/?p=\(index)</guid>
                <content:encoded><![CDATA[<p>Les pluies de la saison \(index) ont gonflé le fleuve à Kayes.</p>
                <p>Les pêcheurs du quartier \(index % 17) racontent leur journée.</p>]]></content:encoded>
                <wp:post_id>\(index)</wp:post_id><wp:post_date_gmt><![CDATA[2020-01-15 09:00:00]]></wp:post_date_gmt>
                <wp:post_name><![CDATA[chronique-\(index)]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status>
                <wp:post_type><![CDATA[post]]></wp:post_type>
                <category domain="category" nicename="societe"><![CDATA[Société]]></category>
                <category domain="post_tag" nicename="fleuve-\(index % 40)"><![CDATA[Fleuve \(index % 40)]]></category>
                <wp:comment><wp:comment_id>\(index)</wp:comment_id><wp:comment_author><![CDATA[Fatou]]></wp:comment_author>
                <wp:comment_date_gmt><![CDATA[2020-01-16 09:00:00]]></wp:comment_date_gmt>
                <wp:comment_content><![CDATA[Merci pour la chronique \(index).]]></wp:comment_content>
                <wp:comment_approved><![CDATA[1]]></wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
                </item>

                """
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
              xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/"
              xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/">
            <channel><title>Kayes</title><link>https://\(host)</link><language>fr-FR</language>
            <wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://\(host)</wp:base_blog_url>
            \(items)</channel></rss>
            """
    }

    // MARK: Stopping

    @Test func sigtermLetsTheRequestInFlightFinishThenExitsZero() async throws {
        let directory = try TestPaths.temporaryDirectory("cli-stop")
        let data = directory + "/data"
        _ = try cli.kibaru("init", "--data", data)
        let server = try Server(data: data)
        #expect(try server.waitUntilListening().contains("Kibaru sert le réseau sur http://127.0.0.1:\(server.port)/"))
        // A request whose body is still coming when the signal arrives.
        let connection = try RawConnection(port: server.port, timeout: 20)
        let body = Self.form([("article", "1"), ("nom", "Awa"), ("texte", "Bonjour")])
        try connection.send(
            "POST /commentaires/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n" + body.prefix(10))
        try await Task.sleep(for: .milliseconds(300))
        server.process.interrupt()  // SIGINT here; SIGTERM below, on a second server
        try await Task.sleep(for: .milliseconds(300))
        try connection.send(String(body.dropFirst(10)))
        let answer = await connection.receiveAll().text
        #expect(answer.hasPrefix("HTTP/1.1 404"), "the request in flight was answered: \(answer.prefix(60))")
        try #require(try await server.waitForExit(), "the server stops after SIGINT")
        #expect(server.process.terminationStatus == 0)
        let said = server.remainingOutput()
        #expect(said.contains("Kibaru s’est arrêté proprement.") && !said.contains("Error"), "\(said)")

        let second = try Server(data: data)
        _ = try second.waitUntilListening()
        #expect(try await Self.get(second.port, "/health").status == 200)
        second.process.terminate()
        try #require(try await second.waitForExit(), "the server stops after SIGTERM")
        #expect(second.process.terminationStatus == 0, "SIGTERM exits 0: systemd does not mark the unit failed")
    }

    // MARK: Writes that wait

    @Test func commentsAndLoginsDuringAnImportAreNeitherRefusedNorLost() async throws {
        let directory = try TestPaths.temporaryDirectory("cli-load")
        let data = directory + "/data"
        _ = try cli.kibaru("init", "--data", data)
        _ = try cli.kibaru("site", "create", "actu", "--title", "Actu", "--data", data)
        let page = try cli.write("Marché\n\nCrédit: Awa\n1er mars 2024\n\nLes étals.\n", to: "page.txt", in: directory)
        let articlePath = try cli.kibaru("import", "page", page, "--site", "actu", "--data", data).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let added = try cli.kibaru(
            ["user", "add", "ada@example.org", "--name", "Ada", "--role", "admin", "--data", data],
            input: "un-mot-de-passe-solide\n")
        #expect(added.status == 0, "\(added.errors)")
        let export = try cli.write(Self.export(host: "kayes.mondoblog.org", count: 3_000), to: "kayes.xml", in: directory)

        let server = try Server(data: data, arguments: ["--client-address-header", "X-Real-IP"])
        _ = try server.waitUntilListening()
        let port = server.port
        let articlePage = try await Self.get(port, articlePath).response
        let token = try #require(articlePage.firstMatch(of: /name="jeton" value="([^"]+)"/)).1.description
        let articleID = try #require(articlePage.firstMatch(of: /name="article" value="(\d+)"/)).1.description
        try await Task.sleep(for: .seconds(3.5))  // a form filled in less than 3 s is a robot's

        let importer = Process()
        importer.executableURL = URL(fileURLWithPath: TestPaths.kibaruExecutable)
        importer.arguments = ["import", "wxr", export, "--site", "kayes", "--data", data]
        importer.environment = TestPaths.kibaruEnvironment
        let importOutput = Pipe()
        importer.standardOutput = importOutput
        importer.standardError = FileHandle.nullDevice
        try importer.run()

        var acknowledged = 0, failures: [String] = [], logins = 0
        var index = 0
        while importer.isRunning || index < 10 {
            index += 1
            if index <= 50 {
                let body = Self.form([("article", articleID), ("jeton", token), ("adresse_postale", ""),
                                      ("nom", "Lectrice \(index)"), ("texte", "Commentaire numéro \(index) pendant l’import.")])
                let (status, response) = try await Self.post(port, "/commentaires/", body, headers: "X-Real-IP: 10.9.0.\(index)\r\n")
                if status == 303 { acknowledged += 1 } else { failures.append("comment \(index): \(response.prefix(120))") }
            }
            if index % 5 == 0 {
                let loginPage = try await Self.get(port, "/admin/connexion/", headers: "X-Real-IP: 10.8.0.\(index)\r\n").response
                let csrf = try #require(loginPage.firstMatch(of: /kibaru_csrf=([^;]+);/)).1.description
                let (status, response) = try await Self.post(
                    port, "/admin/connexion/",
                    Self.form([("_csrf", csrf), ("email", "ada@example.org"), ("password", "un-mot-de-passe-solide")]),
                    headers: "X-Real-IP: 10.8.0.\(index)\r\nCookie: kibaru_csrf=\(csrf)\r\n")
                if status == 303 { logins += 1 } else { failures.append("login \(index): \(response.prefix(120))") }
            }
            try await Task.sleep(for: .milliseconds(150))
        }
        importer.waitUntilExit()
        #expect(importer.terminationStatus == 0)
        let report = String(decoding: importOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(report.contains("3000 nouveaux"), "\(report)")
        #expect(failures.isEmpty, "\(failures)")
        #expect(acknowledged >= 10 && logins >= 2, "\(acknowledged) comments, \(logins) logins")
        let stored = try cli.sqlite(data, "SELECT count(*) FROM comment WHERE article_id = \(articleID)")
        #expect(Int(stored.trimmingCharacters(in: .whitespacesAndNewlines)) == acknowledged, "every acknowledged comment is stored")

        // Meanwhile the server compares the 3,000 new articles in the background: commands still get the writer.
        for attempt in 1...3 {
            try await Task.sleep(for: .seconds(2))
            let user = try cli.kibaru(
                ["user", "add", "awa\(attempt)@example.org", "--name", "Awa \(attempt)", "--role", "editor", "--site", "actu",
                 "--data", data], input: "un-mot-de-passe-solide\n")
            #expect(user.status == 0, "user add \(attempt) while related articles are computed: \(user.errors)")
        }
        server.process.terminate()
        try #require(try await server.waitForExit(), "the server stops after SIGTERM")
        #expect(server.process.terminationStatus == 0)
    }

    @Test func aDryRunWorksWhileAnotherProcessHoldsTheWriter() async throws {
        let directory = try TestPaths.temporaryDirectory("cli-dry")
        let data = directory + "/data"
        _ = try cli.kibaru("init", "--data", data)
        let export = try cli.write(Self.export(host: "kayes.mondoblog.org", count: 30), to: "kayes.xml", in: directory)
        // sqlite3 holds the write lock until its standard input closes.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        holder.arguments = [data + "/kibaru.sqlite"]
        let input = Pipe(), output = Pipe()
        holder.standardInput = input
        holder.standardOutput = output
        try holder.run()
        // A write first, as a live server's, so that the log is not empty; then the writer is held.
        input.fileHandleForWriting.write(Data(
            "INSERT INTO rate_event (key, at) VALUES ('test', '2024-03-01');\nBEGIN IMMEDIATE;\nSELECT 'verrou';\n".utf8))
        _ = output.fileHandleForReading.availableData  // "verrou": the lock is held
        let dry = try cli.kibaru("import", "wxr", export, "--site", "kayes", "--dry-run", "--data", data)
        try input.fileHandleForWriting.close()
        holder.waitUntilExit()
        #expect(dry.status == 0, "\(dry.errors)")
        #expect(dry.output.contains("essai à blanc") && dry.output.contains("30 nouveaux"), "\(dry.output)")
        #expect(!(try cli.kibaru("site", "list", "--data", data).output.contains("kayes")), "a dry run writes nothing")
    }

    // MARK: Two blogs, two sites

    @Test func twoBlogsNeverMergeIntoOneSite() throws {
        let directory = try TestPaths.temporaryDirectory("cli-merge")
        let data = directory + "/data"
        _ = try cli.kibaru("init", "--data", data)
        let exports = directory + "/exports"
        try FileManager.default.createDirectory(atPath: exports, withIntermediateDirectories: true)
        // As in the review: two blogs on their own hosts whose address ends with the same path.
        _ = try cli.write(ArchiveCommandTests.export(host: "awa.mondoblog.org/path", title: "Awa", postTitle: "Chez Awa"),
                          to: "awa.xml", in: exports)
        _ = try cli.write(
            ArchiveCommandTests.export(host: "moussa.mondoblog.org/path", title: "Moussa", postTitle: "Chez Moussa"),
            to: "moussa.xml", in: exports)
        let named = try cli.kibaru("import", "network", exports, "--data", data)
        #expect(named.status == 0, "\(named.errors)")
        var sites = try cli.kibaru("site", "list", "--data", data).output
        #expect(sites.contains("awa\tAwa") && sites.contains("moussa\tMoussa"), "\(sites)")

        // Two blogs whose names give one site: refused before anything is imported, both files named.
        let shared = directory + "/partage"
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        _ = try cli.write(ArchiveCommandTests.export(host: "blogs.example.org/kadi", title: "Kadi", postTitle: "Un"),
                          to: "kadi-1.xml", in: shared)
        _ = try cli.write(ArchiveCommandTests.export(host: "www.example.net/kadi", title: "Kadi bis", postTitle: "Deux"),
                          to: "kadi-2.xml", in: shared)
        let refused = try cli.kibaru("import", "network", shared, "--data", data)
        #expect(refused.status != 0)
        #expect(refused.errors.contains("kadi-1.xml") && refused.errors.contains("kadi-2.xml"), "\(refused.errors)")
        #expect(!(try cli.kibaru("site", "list", "--data", data).output.contains("kadi")), "nothing imported")
        let mapped = try cli.kibaru("import", "network", shared, "--site", "kadi-2.xml=kadi-bis", "--data", data)
        #expect(mapped.status == 0, "\(mapped.errors)")
        sites = try cli.kibaru("site", "list", "--data", data).output
        #expect(sites.contains("kadi\tKadi") && sites.contains("kadi-bis\tKadi bis"), "\(sites)")

        // Into a site that holds another blog, even by name: refused, and the site keeps its article.
        let into = try cli.kibaru("import", "wxr", exports + "/moussa.xml", "--site", "awa", "--data", data)
        #expect(into.status != 0 && into.errors.contains("awa.mondoblog.org"), "\(into.errors)")
        #expect(try cli.sqlite(data, "SELECT a.title FROM article a JOIN site s ON s.id = a.site_id WHERE s.slug = 'awa'")
            .contains("Chez Awa"))
        // The same blog again is a re-run: it updates.
        let again = try cli.kibaru("import", "wxr", exports + "/awa.xml", "--site", "awa", "--data", data)
        #expect(again.status == 0 && again.output.contains("0 nouveau, 1 mis à jour"), "\(again.errors)")
    }

    @Test func aDraftWithoutANameNeverTakesAPublishedPostsAddress() throws {
        let directory = try TestPaths.temporaryDirectory("cli-slug")
        let data = directory + "/data"
        _ = try cli.kibaru("init", "--data", data)
        let title = "L’Assemblée nationale de transition : ce qui change à Kati"
        func item(_ id: Int, status: String, name: String) -> String {
            """
            <item><title><![CDATA[\(title)]]></title><dc:creator><![CDATA[awa]]></dc:creator>
            <guid isPermaLink="false">https://sahel.mondoblog.org/?p=\(id)</guid>
            <content:encoded><![CDATA[<p>Texte \(id).</p>]]></content:encoded><wp:post_id>\(id)</wp:post_id>
            <wp:post_date_gmt><![CDATA[2021-03-01 09:00:00]]></wp:post_date_gmt><wp:post_name><![CDATA[\(name)]]></wp:post_name>
            <wp:status><![CDATA[\(status)]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type></item>
            """
        }
        // The draft comes first in the file, as in the real export.
        let export = ArchiveCommandTests.export(host: "sahel.mondoblog.org", title: "Sahel", postTitle: "Autre")
            .replacingOccurrences(of: "<item>", with: item(11, status: "draft", name: "") + "\n"
                + item(12, status: "publish", name: "lassemblee-nationale-de-transition-ce-qui-change-a-kati") + "\n<item>")
        let path = try cli.write(export, to: "sahel.xml", in: directory)
        let run = try cli.kibaru("import", "wxr", path, "--site", "sahel", "--data", data)
        #expect(run.status == 0, "\(run.errors)")
        let published = try cli.sqlite(data, "SELECT slug FROM article WHERE state = 'published' AND title LIKE 'L%Kati'")
        #expect(published.trimmingCharacters(in: .whitespacesAndNewlines) == "lassemblee-nationale-de-transition-ce-qui-change-a-kati")
        let draft = try cli.sqlite(data, "SELECT slug FROM article WHERE state = 'draft'")
        #expect(draft.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("-11"), "\(draft)")
    }
}
