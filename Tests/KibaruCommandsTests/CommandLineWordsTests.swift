import Foundation
import Synchronization
import KibaruTesting
import KibaruText
import Testing

/// The command line speaks French, the language of the code, or English (`KIBARU_LANGUAGE`, else the locale):
/// `Resources/cli/en/*.json` translates every text the sources give to `L("…")` and `Words.count(n, "…", "…")`.
@Suite struct CommandLineWordsTests {
    let cli = CommandLineTests()

    /// The texts of the sources, as Swift reads their literals (comments aside).
    static func sourceTexts() throws -> [String: String] {
        var texts: [String: String] = [:]
        let sources = TestPaths.repositoryRoot.appendingPathComponent("Sources").path
        for file in FileManager.default.enumerator(atPath: sources)?.compactMap({ $0 as? String }) ?? []
        where file.hasSuffix(".swift") {
            let code = try String(contentsOfFile: "\(sources)/\(file)", encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
            for match in code.matches(of: /\bL\(\s*"""\n((?s).*?)\n([ \t]*)"""/) {
                let indent = String(match.2)
                let lines = match.1.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                    line.hasPrefix(indent) ? String(line.dropFirst(indent.count)) : String(line)
                }
                texts[unescaped(lines.joined(separator: "\n"))] = file
            }
            for match in code.matches(of: /\bL\(\s*"((?:[^"\\\n]|\\.)*)"/) where !match.1.isEmpty {
                texts[unescaped(String(match.1))] = file
            }
            for match in code.matches(of: /\bWords\.count\([^,]+,\s*"((?:[^"\\\n]|\\.)*)",\s*"((?:[^"\\\n]|\\.)*)"\)/) {
                texts[unescaped(String(match.1))] = file
                texts[unescaped(String(match.2))] = file
            }
        }
        return texts
    }

    static func unescaped(_ literal: String) -> String {
        literal.replacing(/\\(["\\nt])/) { match in
            switch match.1 {
            case "n": "\n"
            case "t": "\t"
            default: String(match.1)
            }
        }
    }

    /// Every text has its English, every English is of a text, and each keeps the same placeholders.
    @Test func everyTextHasItsEnglish() throws {
        let texts = try Self.sourceTexts()
        let english = try Words.load(directory: TestPaths.resources + "/cli", language: "en")
        #expect(texts.count > 200, "\(texts.count) texts found")
        let missing = texts.filter { english[$0.key] == nil }.map { "\($0.value): \($0.key)" }.sorted()
        #expect(missing.isEmpty, "without English:\n\(missing.joined(separator: "\n"))")
        let unused = Set(english.keys).subtracting(texts.keys).sorted()
        #expect(unused.isEmpty, "English of no text: \(unused)")
        for (french, translated) in english {
            let placeholders = { (text: String) in Set(text.matches(of: /\{([A-Za-z0-9_]+)\}/).map { String($0.1) }) }
            #expect(placeholders(french) == placeholders(translated), "\(french) → \(translated)")
        }
    }

    @Test func theLanguageComesFromTheEnvironment() {
        #expect(Words.language(environment: [:]) == "fr")
        #expect(Words.language(environment: ["LANG": "C.UTF-8"]) == "fr")
        #expect(Words.language(environment: ["LANG": "en_GB.UTF-8"]) == "en")
        #expect(Words.language(environment: ["LANG": "en_GB.UTF-8", "LC_ALL": "fr_FR.UTF-8"]) == "fr")
        #expect(Words.language(environment: ["LANG": "fr_ML.UTF-8", "LC_MESSAGES": "en_US.UTF-8"]) == "en")
        #expect(Words.language(environment: ["LANG": "en_US.UTF-8", "KIBARU_LANGUAGE": "fr"]) == "fr")
    }

    /// The language is the running task's: the tasks it starts inherit it, and a server started from an English
    /// command line answers in French. Counts follow each language's plural.
    @Test func theLanguageIsTheTasks() async {
        let table = ["introuvable : {what}": "not found: {what}", "fichier": "file", "fichiers": "files"]
        #expect(L("introuvable : {what}", ["what": "x"]) == "introuvable : x")
        await Words.speaking("en", table: table) {
            #expect(L("introuvable : {what}", ["what": "x"]) == "not found: x")
            #expect(Words.count(0, "fichier", "fichiers") == "0 files" && Words.count(1, "fichier", "fichiers") == "1 file")
            await Task { #expect(Words.current == "en") }.value
            await Words.speakingFrench {
                #expect(L("introuvable : {what}", ["what": "x"]) == "introuvable : x")
                #expect(Words.count(0, "fichier", "fichiers") == "0 fichier")
            }
        }
    }

    /// A thread of its own (an import's) speaks as the task that started it, and so do the tasks it starts (the
    /// write transactions of ``TransactionalStore/writeBlocking(_:)``).
    @Test func aThreadCarriesTheLanguage() async throws {
        let speech = await Words.speaking("en", table: ["fichier": "file"]) { Words.speech }
        let seen: [String] = await withCheckedContinuation { continuation in
            Thread {
                Words.carrying(speech) {
                    let done = DispatchSemaphore(value: 0)
                    let inTask = Mutex("")
                    Task {
                        inTask.withLock { $0 = L("fichier") }
                        done.signal()
                    }
                    done.wait()
                    continuation.resume(returning: [L("fichier"), inTask.withLock { $0 }])
                }
            }.start()
        }
        #expect(seen == ["file", "file"])
    }

    /// Run in English, the command line's help, results, errors and field errors are English; run in French, the
    /// same commands say it in French.
    @Test func theCommandLineSpeaksEnglishWhenAskedTo() throws {
        let english = ["KIBARU_LANGUAGE": "en"]
        let data = try TestPaths.temporaryDirectory("cli-en") + "/data"
        let help = try cli.kibaru(["--help"], input: nil, environment: english)
        #expect(help.output.contains("publishing platform"), "\(help.output)")
        #expect(!help.output.contains("plateforme"))
        let created = try cli.kibaru(["init", "--data", data], input: nil, environment: english)
        #expect(created.status == 0, "\(created.errors)")
        // The words are English; the network's default title is data, in French like its pages.
        #expect(created.output == "Network “Réseau Kibaru” ready in \(data)\n", "\(created.output)")
        let badSite = try cli.kibaru(
            ["site", "create", "admin", "--title", "X", "--data", data], input: nil, environment: english)
        #expect(badSite.status != 0)
        #expect(badSite.errors.contains("“admin” is reserved"), "\(badSite.errors)")
        let missingFile = try cli.kibaru(
            ["import", "wxr", "/nowhere/export.xml", "--site", "blog", "--data", data], input: nil, environment: english)
        #expect(missingFile.status != 0, "\(missingFile.errors)")
        #expect(missingFile.errors == "kibaru: /nowhere/export.xml:0:0: file not found or unreadable\n", "\(missingFile.errors)")
        let french = try cli.kibaru(
            ["site", "create", "admin", "--title", "X", "--data", data], input: nil, environment: ["KIBARU_LANGUAGE": "fr"])
        #expect(french.errors.contains("« admin » est réservé"), "\(french.errors)")
    }
}
