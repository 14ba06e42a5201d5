import Foundation
import Hummingbird
import HummingbirdTesting
import KibaruCore
import KibaruServices
import KibaruTesting
import KibaruText
import Testing

/// Field errors are written in French in the code, each with the rule it breaks (`code`); the admin in English
/// tells them from `Resources/messages/en.json`, which has a message for every rule and a name for every field.
@Suite struct ErrorWordingTests {
    static func wording() throws -> ErrorWording { try ErrorWording.load(resourcesDirectory: TestPaths.resources) }

    static func english() throws -> [String: String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestPaths.resources + "/messages/en.json"))
        return try JSONDecoder().decode([String: String].self, from: data)
    }

    /// Every rule named in the sources (`code: "…"`) has an English message, and every message is of a rule that
    /// is named; every field with a French name has an English one.
    @Test func everyRuleAndFieldHasItsEnglish() throws {
        let english = try Self.english()
        var codes: Set<String> = []
        let sources = TestPaths.repositoryRoot.appendingPathComponent("Sources").path
        // The Content API's problem types (`KibaruAPI`, `KibaruWeb/API`) are codes of another kind.
        for file in FileManager.default.enumerator(atPath: sources)?.compactMap({ $0 as? String }) ?? []
        where file.hasSuffix(".swift") && !file.hasPrefix("KibaruAPI/") && !file.hasPrefix("KibaruWeb/API/") {
            let text = try String(contentsOfFile: "\(sources)/\(file)", encoding: .utf8)
            codes.formUnion(text.matches(of: /\bcode: "([a-z0-9-]+)"/).map { String($0.1) })
        }
        #expect(codes.count > 40, "\(codes.count) rules found")
        let messages = Set(english.keys.filter { !$0.hasPrefix("field.") })
        #expect(codes.subtracting(messages).isEmpty, "rules without English: \(codes.subtracting(messages).sorted())")
        #expect(messages.subtracting(codes).isEmpty, "English of no rule: \(messages.subtracting(codes).sorted())")
        let fields = Set(english.keys.filter { $0.hasPrefix("field.") }.map { String($0.dropFirst(6)) })
        let french = Set(FieldError.frenchNames.keys)
        #expect(fields == french, "named in one language only: \(fields.symmetricDifference(french).sorted())")
        #expect(try Self.wording().describe(
            FieldError(field: "title", message: "le titre est obligatoire", code: "required"), language: "en") == "title: required")
    }

    /// A site with every field wrong: in English, each error is told with its values and no French; in French, as
    /// the code wrote it.
    @Test func aValueWithEveryFieldWrongIsToldInEnglish() throws {
        var site = NewSite(slug: Slug(rawValue: "admin")!, title: " ", language: "français")
        site.tagline = String(repeating: "x", count: 301)
        site.timeZone = "Lune/Base"
        site.commentsCloseAfterDays = 0
        site.host = "Blog.Example"
        site.accentColor = "#ffff00"
        let errors = try #require(throws: ValidationErrors.self) { try site.validate() }
        #expect(errors.errors.count >= 7)
        let wording = try Self.wording()
        let english = wording.describe(errors, language: "en-GB")
        for expected in ["identifier: “admin” is reserved", "title: required", "tagline: longer than 300 characters",
                         "language: “français” is not a language code", "time zone: “Lune/Base” is not a known time zone",
                         "comments close after (days): from 1 to 36,500 days", "host name: “Blog.Example” is not",
                         "accent colour: “#ffff00” is hard to read on the light background (contrast 1.1: 4.5 at least)"] {
            #expect(english.contains(expected), "\(expected) missing from \(english)")
        }
        #expect(!english.contains("{") && !english.contains("« ") && !english.contains("dépasse"), "\(english)")
        #expect(wording.describe(errors, language: "fr") == errors.description)
        #expect(errors.description.contains("titre : le titre est obligatoire"))
        #expect(errors.description.contains("couleur d’accent : « #ffff00 »"), "French names every field")
    }

    /// The command line's task tells field errors in its language; a server it starts, in French.
    @Test func theRunningTaskDecides() async throws {
        let errors = ValidationErrors([FieldError(field: "title", message: "le titre est obligatoire", code: "required")])
        #expect(ErrorWording.describe(errors) == "titre : le titre est obligatoire")
        let wording = try Self.wording()
        await ErrorWording.$current.withValue(wording) {
            await Words.speaking("en", table: [:]) {
                #expect(ErrorWording.describe(errors) == "title: required")
                await Words.speakingFrench { #expect(ErrorWording.describe(errors) == "titre : le titre est obligatoire") }
            }
        }
    }

    /// Block syntax errors keep their line in English.
    @Test func aBlockErrorKeepsItsLine() throws {
        let error = FieldError(
            field: "body", message: "ligne 3 : clé « legende » inconnue", code: "block-key-unknown",
            values: ["line": "3", "key": "legende", "kind": "figure", "allowed": "image, caption"])
        #expect(try Self.wording().describe(error, language: "en")
            == "text: line 3: unknown key “legende” in the figure block (image, caption)")
    }

    /// The admin in English tells a form's errors in English: the site settings and the editor.
    @Test func theAdminInEnglishTellsErrorsInEnglish() async throws {
        let network = try await TestNetwork.make()
        let owner = try await network.staff("Olga Owner", role: .owner)
        try await network.application().test(.router) { client in
            let english: HTTPFields = [.acceptLanguage: "en"]
            let (status, _, html) = try await client.postForm(
                "/admin/sites/mali-actu/reglages/", [("title", " "), ("timeZone", "Lune/Base")], as: owner,
                extraHeaders: english)
            #expect(status == .unprocessableContent)
            #expect(html.contains("title: required") && html.contains("time zone: “Lune/Base” is not a known time zone"), "\(html)")
            #expect(!html.contains("obligatoire") && !html.contains("fuseau"))
            let (french, _, frenchHTML) = try await client.postForm(
                "/admin/sites/mali-actu/reglages/", [("title", " ")], as: owner)
            #expect(french == .unprocessableContent && frenchHTML.contains("titre : le titre est obligatoire"))

            let (saved, _, editor) = try await client.postForm(
                "/admin/articles/enregistrer/",
                [("site", "mali-actu"), ("title", "Un titre"), ("body", "::: figure\nlegende: x\n:::\n"), ("authors", "Awa Diarra")],
                as: owner, extraHeaders: english)
            #expect(saved == .unprocessableContent)
            #expect(editor.contains("line 2: unknown key “legende” in the figure block"),
                    "\(editor.split(separator: "\n").filter { $0.contains("legende") })")
            #expect(!editor.contains("obligatoire") && !editor.contains("inconnue"))
        }
    }
}
