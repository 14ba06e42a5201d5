import Foundation

/// UI strings, one JSON file a language (the admin's `Resources/admin/strings/fr.json`, a theme's
/// `strings/fr.json`, the e-mails' `Resources/mail/fr.json`), never in templates or code.
public struct Catalogue: Sendable {
    /// The languages available, French first (the default).
    public let languages: [String]
    let strings: [String: [String: String]]

    /// Reads every `*.json` of `directory`; throws ``CatalogueError`` when the folder or a file cannot be read,
    /// when French is missing or a language lacks a key French has or has one French lacks.
    public static func load(from directory: String) throws -> Catalogue {
        let strings = Dictionary(uniqueKeysWithValues: try tables(in: directory).map { ($0.name, $0.table) })
        guard let french = strings["fr"] else {
            throw CatalogueError(directory: directory, problem: "fr.json manque")
        }
        for (language, table) in strings {
            let missing = Set(french.keys).subtracting(table.keys)
            if !missing.isEmpty {
                throw CatalogueError(directory: directory, problem: "\(language).json : clés manquantes \(missing.sorted())")
            }
            let unknown = Set(table.keys).subtracting(french.keys)
            if !unknown.isEmpty {
                throw CatalogueError(directory: directory, problem: "\(language).json : clés absentes de fr.json \(unknown.sorted())")
            }
        }
        return Catalogue(languages: ["fr"] + strings.keys.filter { $0 != "fr" }.sorted(), strings: strings)
    }

    /// Every `*.json` of `directory` (a JSON object of texts), by file name without `.json`, in name order;
    /// throws ``CatalogueError`` when the folder or a file cannot be read.
    public static func tables(in directory: String) throws -> [(name: String, table: [String: String])] {
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw CatalogueError(directory: directory, problem: "dossier introuvable")
        }
        return try files.filter { $0.hasSuffix(".json") }.sorted().map { file in
            guard let data = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(file)),
                let table = try? JSONDecoder().decode([String: String].self, from: data)
            else {
                throw CatalogueError(directory: directory, problem: "\(file) n’est pas un objet JSON de textes")
            }
            return (String(file.dropLast(5)), table)
        }
    }

    /// The strings of `language` (its region aside: `en-GB` reads `en`), French when it is not available.
    public func table(_ language: String) -> [String: String] {
        strings[LanguageTag.primary(language)] ?? strings["fr"] ?? [:]
    }

    /// `template` (a string of a catalogue) with each `{name}` replaced by its value.
    /// One pass over the template: a value that holds `{name}` itself is never filled in turn.
    public static func fill(_ template: String?, _ values: [String: String]) -> String {
        var text = "", rest = Substring(template ?? "")
        while let open = rest.firstIndex(of: "{") {
            text += rest[..<open]
            if let close = rest[open...].firstIndex(of: "}"), let value = values[String(rest[rest.index(after: open)..<close])] {
                text += value
                rest = rest[rest.index(after: close)...]
            } else {
                text.append("{")
                rest = rest[rest.index(after: open)...]
            }
        }
        return text + rest
    }

    /// The best language for an `Accept-Language` header, French by default.
    public func language(accepting header: String?) -> String {
        guard let header else { return "fr" }
        for part in header.split(separator: ",") {
            let tag = part.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased()
            let primary = String(tag.split(separator: "-").first ?? "")
            if strings[primary] != nil { return primary }
        }
        return "fr"
    }
}

/// A catalogue folder that cannot be used: which folder, and why, in French.
public struct CatalogueError: Error, CustomStringConvertible {
    public var directory: String
    public var problem: String

    public init(directory: String, problem: String) {
        self.directory = directory
        self.problem = problem
    }

    public var description: String { "Textes \(directory) : \(problem)" }
}
