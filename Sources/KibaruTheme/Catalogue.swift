import Foundation
import KibaruText

/// UI strings, one JSON file a language (the admin's `Resources/admin/strings/fr.json`, a theme's
/// `strings/fr.json`), never in templates.
public struct Catalogue: Sendable {
    /// The languages available, French first (the default).
    public let languages: [String]
    let strings: [String: [String: String]]

    /// Reads every `*.json` of `directory`; throws when French is missing or a language lacks a key French has
    /// or has one French lacks.
    public static func load(from directory: String) throws -> Catalogue {
        var strings: [String: [String: String]] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: directory) where file.hasSuffix(".json") {
            let data = try Data(contentsOf: URL(fileURLWithPath: (directory as NSString).appendingPathComponent(file)))
            strings[String(file.dropLast(5))] = try JSONDecoder().decode([String: String].self, from: data)
        }
        guard let french = strings["fr"] else {
            throw ThemeError(directory: directory, problem: "fr.json manque")
        }
        for (language, table) in strings {
            let missing = Set(french.keys).subtracting(table.keys)
            if !missing.isEmpty {
                throw ThemeError(directory: directory, problem: "\(language).json : clés manquantes \(missing.sorted())")
            }
            let unknown = Set(table.keys).subtracting(french.keys)
            if !unknown.isEmpty {
                throw ThemeError(directory: directory, problem: "\(language).json : clés absentes de fr.json \(unknown.sorted())")
            }
        }
        return Catalogue(languages: ["fr"] + strings.keys.filter { $0 != "fr" }.sorted(), strings: strings)
    }

    /// The strings of `language` (its region aside: `en-GB` reads `en`), French when it is not available.
    public func table(_ language: String) -> [String: String] {
        strings[LanguageTag.primary(language)] ?? strings["fr"] ?? [:]
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
