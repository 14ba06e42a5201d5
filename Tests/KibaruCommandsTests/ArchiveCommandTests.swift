import Foundation
import KibaruApp
@testable import KibaruCommands
import KibaruCore
import KibaruTesting
import Testing

/// `kibaru import wxr|network`, `kibaru export wxr|json`, `kibaru build`, `kibaru site config --typography`, run
/// as a user would.
@Suite(.serialized) struct ArchiveCommandTests {
    let cli = CommandLineTests()

    static func export(host: String, title: String, postTitle: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
          xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/"
          xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/">
        <channel>
        <title>\(title)</title>
        <link>https://\(host)</link>
        <language>fr-FR</language>
        <wp:wxr_version>1.2</wp:wxr_version>
        <wp:base_blog_url>https://\(host)</wp:base_blog_url>
        <item>
        <title><![CDATA[\(postTitle)]]></title>
        <link>https://\(host)/?p=5</link>
        <dc:creator><![CDATA[awa]]></dc:creator>
        <guid isPermaLink="false">https://\(host)/?p=5</guid>
        <content:encoded><![CDATA[<p>Le texte de « \(postTitle) ».</p>]]></content:encoded>
        <wp:post_id>5</wp:post_id>
        <wp:post_date><![CDATA[2020-01-15 09:00:00]]></wp:post_date>
        <wp:post_date_gmt><![CDATA[2020-01-15 09:00:00]]></wp:post_date_gmt>
        <wp:post_name><![CDATA[premier]]></wp:post_name>
        <wp:status><![CDATA[publish]]></wp:status>
        <wp:post_type><![CDATA[post]]></wp:post_type>
        <wp:comment>
        <wp:comment_id>1</wp:comment_id><wp:comment_author><![CDATA[Fatou]]></wp:comment_author>
        <wp:comment_date_gmt><![CDATA[2020-01-16 09:00:00]]></wp:comment_date_gmt>
        <wp:comment_content><![CDATA[Merci !]]></wp:comment_content><wp:comment_approved><![CDATA[1]]></wp:comment_approved>
        <wp:comment_parent>0</wp:comment_parent>
        </wp:comment>
        </item>
        </channel>
        </rss>
        """
    }

    @Test func importExportAndBuildFromTheCommandLine() throws {
        let directory = try TestPaths.temporaryDirectory("cli-archive")
        let data = directory + "/data"
        #expect(try cli.kibaru("init", "--data", data).status == 0)
        let blog = try cli.write(Self.export(host: "sahel.mondoblog.org", title: "Sahel", postTitle: "Premier"),
                                 to: "sahel.xml", in: directory)

        let broken = try cli.write(Self.export(host: "x.org", title: "X", postTitle: "Y").replacingOccurrences(
            of: "</item>", with: ""), to: "casse.xml", in: directory)
        let failed = try cli.kibaru("import", "wxr", broken, "--site", "blog", "--data", data)
        #expect(failed.status != 0)
        #expect(failed.errors.contains("casse.xml:"), "\(failed.errors)")
        #expect(!(try cli.kibaru("site", "list", "--data", data).output.contains("blog")), "nothing written")

        let dry = try cli.kibaru("import", "wxr", blog, "--site", "blog", "--dry-run", "--data", data)
        #expect(dry.status == 0 && dry.output.contains("essai à blanc") && dry.output.contains("1 nouveau,"))
        #expect(!(try cli.kibaru("site", "list", "--data", data).output.contains("blog")), "a dry run writes nothing")

        let imported = try cli.kibaru("import", "wxr", blog, "--site", "blog", "--categories", "sections", "--data", data)
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(imported.output.contains("1 nouveau, 0 mis à jour (dont 0 page, 0 non publié)") && imported.output.contains("commentaires : 1"))
        #expect(imported.errors.contains("1 article ou page, 0 média, 0 auteur"), "progress goes to standard error: \(imported.errors)")
        let again = try cli.kibaru("import", "wxr", blog, "--site", "blog", "--quiet", "--data", data)
        #expect(again.output.contains("0 nouveau, 1 mis à jour"))
        #expect(again.errors.isEmpty, "--quiet leaves out the progress lines: \(again.errors)")

        let network = directory + "/reseau"
        try FileManager.default.createDirectory(atPath: network, withIntermediateDirectories: true)
        _ = try cli.write(Self.export(host: "kayes.mondoblog.org", title: "Kayes", postTitle: "Pluies"), to: "a.xml", in: network)
        _ = try cli.write(Self.export(host: "gao.mondoblog.org", title: "Gao", postTitle: "Fleuve"), to: "b.xml", in: network)
        let whole = try cli.kibaru("import", "network", network, "--data", data)
        #expect(whole.status == 0, "\(whole.errors)")
        let sites = try cli.kibaru("site", "list", "--data", data).output
        #expect(sites.contains("kayes\tKayes") && sites.contains("gao\tGao") && sites.contains("blog\tSahel"))

        let wxr = directory + "/export.xml"
        let exported = try cli.kibaru("export", "wxr", "--site", "blog", "--out", wxr, "--data", data)
        #expect(exported.status == 0 && exported.errors.contains("1 article ou page exporté"))
        let document = try String(contentsOfFile: wxr, encoding: .utf8)
        #expect(document.contains("<wp:wxr_version>1.2</wp:wxr_version>") && document.contains("<![CDATA[Premier]]>"))
        let json = try cli.kibaru("export", "json", "--data", data)
        let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        #expect((object?["sites"] as? [Any])?.count == 3)

        let mirror = directory + "/miroir"
        let built = try cli.kibaru("build", "--out", mirror, "--data", data)
        #expect(built.status == 0 && built.output.contains("fichiers écrits"), "\(built.errors)")
        #expect(FileManager.default.fileExists(atPath: mirror + "/blog/2020/01/15/premier/index.html"))
        #expect(FileManager.default.fileExists(atPath: mirror + "/blog/feed/index.html"))
        #expect(FileManager.default.fileExists(atPath: mirror + "/sitemap.xml"))

        let typography = try cli.kibaru("site", "config", "blog", "--typography", "off", "--data", data)
        #expect(typography.status == 0 && typography.output.contains("typographie française désactivée"))
        #expect(try cli.kibaru("site", "config", "blog", "--typography", "peut-être", "--data", data).status != 0)
    }
}

/// Long commands report progress on standard error: plain lines in a pipe or a log, one line redrawn in place with
/// a bar on a terminal, nothing with `--quiet`; the result stays.
@Suite struct ProgressReportTests {
    let cli = CommandLineTests()

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "script (util-linux) is missing: skipped"))
    func onATerminalProgressIsOneLineRedrawnWithABar() async throws {
        let network = try await TestNetwork.demo(storage: .dataFolder)
        let data = network.config.data.path
        let folder = try TestPaths.temporaryDirectory("progress")
        let site = network.site.slug.rawValue
        let arguments = ["export", "wxr", "--site", site, "--out", folder + "/export.xml", "--data", data]

        let piped = try cli.kibaru(arguments, input: nil)
        #expect(piped.status == 0, "\(piped.errors)")
        let lines = piped.errors.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("… ") }.count >= 2, "\(piped.errors)")
        #expect(!piped.errors.contains("\u{1B}") && !piped.errors.contains("█"), "no terminal codes in a pipe")
        #expect(lines.last?.contains("articles et pages exportés") == true)

        // `script` runs the command on a pseudo-terminal and copies what it shows.
        let script = Process()
        script.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        let command = ([TestPaths.kibaruExecutable] + arguments).map { "'\($0)'" }.joined(separator: " ")
        script.arguments = ["-qec", command, "/dev/null"]
        script.environment = TestPaths.kibaruEnvironment
        let output = Pipe()
        script.standardOutput = output
        script.standardInput = FileHandle.nullDevice
        try script.run()
        let shown = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        script.waitUntilExit()
        #expect(script.terminationStatus == 0, "\(shown)")
        let redrawn = shown.components(separatedBy: "\u{1B}[1A\u{1B}[2K[").count - 1
        #expect(redrawn >= 1, "each bar replaces the one before: \(shown.debugDescription)")
        #expect(shown.contains("█") && shown.contains("░] "))
        // The terminal ends lines with CR LF.
        let bars = shown.components(separatedBy: "\r\n").map { $0.replacingOccurrences(of: "\u{1B}[1A\u{1B}[2K", with: "") }
            .filter { $0.contains("█") || $0.contains("░") }
        #expect(!bars.isEmpty && bars.allSatisfy { $0.count < 80 },
                "a bar fits an 80-column terminal: \(bars)")
        #expect(shown.contains("articles et pages exportés"), "the result stays")

        let quiet = try cli.kibaru(arguments + ["--quiet"], input: nil)
        #expect(quiet.status == 0)
        #expect(!quiet.errors.contains("… ") && quiet.errors.contains("exportés"), "\(quiet.errors)")
    }

    @Test func theBarShowsTheShareDone() {
        #expect(Progress.drawn("… 5 / 20 articles (25 %), environ 3 s restantes")
            == "[█████░░░░░░░░░░░░░░░] 5 / 20 articles (25 %), environ 3 s restantes")
        #expect(Progress.drawn("… 20 / 20 articles (100 %)").hasPrefix("[" + String(repeating: "█", count: 20) + "] "))
        #expect(Progress.drawn("… 5 / 20 articles indexed (25%), about 3 s left")
            == "[█████░░░░░░░░░░░░░░░] 5 / 20 articles indexed (25%), about 3 s left")
        #expect(Progress.drawn("Articles liés calculés") == "Articles liés calculés")
    }
}
