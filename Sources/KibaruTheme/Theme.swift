import Foundation
import Mustache

/// A theme folder: Mustache templates (`layout`, `listing`, `article`, `error` and their partials, or the admin's)
/// and the `style.css` inlined into every page, so that a page costs one round trip on a slow link.
public struct Theme: Sendable {
    /// The templates the site renders; ``load(from:)`` refuses a theme that lacks one.
    public static let requiredTemplates = [
        "layout", "listing", "article", "error", "partials/card", "partials/comment", "partials/comment-form",
        "partials/pagination", "comments-feed", "rights", "search",
    ]

    let library: MustacheLibrary
    /// The theme's style sheet, inlined into each page's `<style>`.
    public let styleSheet: String

    /// Reads every template of `directory` and its style sheet once.
    /// Throws ``ThemeError`` naming the folder and the missing or unreadable file.
    public static func load(from directory: String, requiredTemplates: [String] = Theme.requiredTemplates) async throws
        -> Theme
    {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ThemeError(directory: directory, problem: "le dossier du thème est introuvable")
        }
        let library: MustacheLibrary
        do {
            library = try await MustacheLibrary(directory: directory, withExtension: "mustache")
        } catch let error as MustacheLibrary.ParserError {
            throw ThemeError(directory: directory, problem: "\(error.filename) : gabarit illisible (\(error.error))")
        }
        for name in requiredTemplates where library.getTemplate(named: name) == nil {
            throw ThemeError(directory: directory, problem: "le gabarit \(name).mustache manque")
        }
        let stylePath = (directory as NSString).appendingPathComponent("style.css")
        guard let css = FileManager.default.contents(atPath: stylePath) else {
            throw ThemeError(directory: directory, problem: "style.css manque")
        }
        return Theme(library: library, styleSheet: String(decoding: css, as: UTF8.self))
    }

    /// Renders `view` with the template `name`; throws ``ThemeError`` for an unknown template.
    public func render(_ name: String, _ view: some Sendable) throws -> String {
        guard let html = library.render(view, withTemplate: name) else {
            throw ThemeError(directory: "", problem: "le gabarit \(name) n’existe pas")
        }
        return html
    }
}

/// A theme that cannot be used, with the folder and what is wrong.
public struct ThemeError: Error, CustomStringConvertible {
    public var directory: String
    public var problem: String

    public init(directory: String, problem: String) {
        self.directory = directory
        self.problem = problem
    }

    public var description: String { "Thème \(directory) : \(problem)" }
}
