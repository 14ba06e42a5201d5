import Foundation

/// The words of the command line, and of the messages its libraries write (imports, backups, configuration): the
/// code writes them in French, the source language, through ``L(_:_:)``; a language's catalogue,
/// `Resources/cli/<language>/*.json`, maps each French text to its translation. The command line runs in its
/// language (``speaking(_:table:_:)``), a task-local value its work inherits; a server it starts answers requests
/// in French (``speakingFrench(_:)``), as do the tests that run in process.
public enum Words {
    /// The language and catalogue of the running task: French, the code's, unless the command line chose another.
    @TaskLocal static var installed: (language: String, table: [String: String]) = ("fr", [:])

    /// The language the command line runs in: `KIBARU_LANGUAGE` if set, else the locale's (`LC_ALL`,
    /// `LC_MESSAGES`, `LANG`, in that order); English when it is `en…`, French otherwise (`C`, `POSIX`, `fr_ML`…).
    public static func language(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let chosen = ["KIBARU_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"].lazy
            .compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        return chosen.lowercased().hasPrefix("en") ? "en" : "fr"
    }

    /// Reads the catalogue of `language` in `directory` (every `*.json` of `directory/language`, merged); an
    /// empty table for French, the source language. Throws ``CatalogueError`` when a file cannot be read or two
    /// files translate the same text.
    public static func load(directory: String, language: String) throws -> [String: String] {
        guard language != "fr" else { return [:] }
        let folder = (directory as NSString).appendingPathComponent(language)
        var table: [String: String] = [:]
        for (name, part) in try Catalogue.tables(in: folder) {
            if let twice = part.keys.first(where: { table[$0] != nil }) {
                throw CatalogueError(directory: folder, problem: "\(name).json traduit de nouveau « \(twice) »")
            }
            table.merge(part) { first, _ in first }
        }
        return table
    }

    /// Runs `body` with ``L(_:_:)`` answering in `language` from `table`, and every task it starts too.
    public static func speaking<T>(
        _ language: String, table: [String: String], _ body: () async throws -> T
    ) async rethrows -> T {
        try await $installed.withValue((language, table)) { try await body() }
    }

    /// The running task's language and catalogue, for a thread of its own to speak as it (``carrying(_:_:)``):
    /// threads do not inherit a task's values.
    public struct Speech: Sendable {
        let language: String
        let table: [String: String]
    }

    /// The running task's speech.
    public static var speech: Speech { Speech(language: installed.language, table: installed.table) }

    /// Runs `body`, on a thread (synchronously), speaking as `speech`; the tasks it starts inherit it.
    public static func carrying<T>(_ speech: Speech, _ body: () throws -> T) rethrows -> T {
        try $installed.withValue((speech.language, speech.table)) { try body() }
    }

    /// Runs `body` in French: what a server answers its readers and its API clients, whatever the language of the
    /// command line that started it.
    public static func speakingFrench<T>(_ body: () async throws -> T) async rethrows -> T {
        try await $installed.withValue(("fr", [:])) { try await body() }
    }

    /// The language of the running task: `fr` unless the command line chose another.
    public static var current: String { installed.language }

    /// `french` in the running task's language, when its catalogue translates it.
    static func translate(_ french: String) -> String {
        installed.table[french] ?? french
    }

    /// `count` and its noun in the language installed: French has the singular for 0 and 1 (« 0 fichier »),
    /// English for 1 alone ("0 files").
    public static func count(_ count: Int, _ singular: StaticString, _ plural: StaticString) -> String {
        let one = current == "fr" ? abs(count) < 2 : abs(count) == 1
        return "\(count) \(translate(one ? "\(singular)" : "\(plural)"))"
    }
}

/// `french` (a literal, so that the catalogues can be checked against the sources) in the command line's
/// language, each `{name}` replaced by its value once: `L("{count} fichiers écrits", ["count": "3"])`.
public func L(_ french: StaticString, _ values: [String: String] = [:]) -> String {
    let text = Words.translate("\(french)")
    return values.isEmpty ? text : Catalogue.fill(text, values)
}
