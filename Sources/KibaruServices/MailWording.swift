import Foundation
import KibaruCore
import KibaruText

/// The words of the e-mails Kibaru sends, French and English (`Resources/mail/fr.json`, `en.json`): each message
/// is a subject and a plain-text body whose `{name}` placeholders are filled once, so that what a reader wrote
/// can never fill a placeholder in turn.
public struct MailWording: Sendable {
    let catalogue: Catalogue

    /// Reads the catalogue of `resourcesDirectory/mail`; throws ``CatalogueError`` when French is missing or a
    /// language lacks a key.
    public static func load(resourcesDirectory: String) throws -> MailWording {
        MailWording(catalogue: try Catalogue.load(from: (resourcesDirectory as NSString).appendingPathComponent("mail")))
    }

    /// The languages the e-mails are written in, French first.
    public var languages: [String] { catalogue.languages }

    /// The message `name` (`comment`, `password`, `rights`: the keys `name_subject` and `name_body`) in `language`
    /// (French when the catalogue lacks it), to `recipient`.
    func message(_ name: String, language: String, to recipient: String, values: [String: String]) -> MailMessage {
        let table = catalogue.table(language)
        return MailMessage(
            to: recipient, subject: Catalogue.fill(table["\(name)_subject"], values),
            body: Catalogue.fill(table["\(name)_body"], values))
    }

    /// One string of the catalogue in `language`, filled with `values`.
    func text(_ key: String, language: String, values: [String: String] = [:]) -> String {
        Catalogue.fill(catalogue.table(language)[key], values)
    }
}
