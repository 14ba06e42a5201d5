import Foundation
import KibaruCore
import KibaruText

/// Field errors in the languages other than French: French is the language the code writes them in (a
/// ``FieldError``'s `message`); `Resources/messages/en.json` gives, for each rule (`code`), its message with the
/// error's values as `{name}` placeholders, and each field's name (`field.title`).
public struct ErrorWording: Sendable {
    let tables: [String: [String: String]]

    /// The words of the running task, which the command line sets with its language (``Words``); `nil` (the
    /// server, the tests): field errors as the code wrote them.
    @TaskLocal public static var current: ErrorWording?

    /// `errors` in the running task's language (``Words/current``) with ``current``'s words; in French, as the
    /// code wrote them, when the task speaks French or has no words.
    public static func describe(_ errors: ValidationErrors) -> String {
        guard let wording = current, Words.current != "fr" else { return errors.description }
        return wording.describe(errors, language: Words.current)
    }

    /// Reads every `*.json` of `resourcesDirectory/messages`, one file a language; throws ``CatalogueError`` when
    /// one cannot be read.
    public static func load(resourcesDirectory: String) throws -> ErrorWording {
        let directory = (resourcesDirectory as NSString).appendingPathComponent("messages")
        return ErrorWording(
            tables: Dictionary(uniqueKeysWithValues: try Catalogue.tables(in: directory).map { ($0.name, $0.table) }))
    }

    /// What is wrong, without the field's name, in `language` (its region aside); French when the language or
    /// the rule has no translation.
    public func message(_ error: FieldError, language: String) -> String {
        guard let template = tables[LanguageTag.primary(language)]?[error.code] else { return error.message }
        return Catalogue.fill(template, error.values)
    }

    /// The error with its field's name, « titre : le titre est obligatoire » / "title: required".
    public func describe(_ error: FieldError, language: String) -> String {
        guard let table = tables[LanguageTag.primary(language)], table[error.code] != nil else { return error.description }
        let name = table["field.\(error.field)"] ?? error.field
        return "\(name): \(message(error, language: language))"
    }

    /// Every error of `errors`, described and joined by semicolons, as one message for a form.
    public func describe(_ errors: ValidationErrors, language: String) -> String {
        errors.errors.map { describe($0, language: language) }.joined(separator: "; ")
    }

    /// The errors with their messages in `language`, for forms that show each beside its field.
    public func translated(_ errors: [FieldError], language: String) -> [FieldError] {
        errors.map { error in
            var translated = error
            translated.message = message(error, language: language)
            return translated
        }
    }
}
