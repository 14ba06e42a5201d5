import ArgumentParser
import Foundation
import KibaruApp
import KibaruCore
import KibaruServices

/// `kibaru token create|list|revoke`
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Gère les jetons de l’API (programmes qui écrivent au nom d’un compte).",
        discussion: """
            Un jeton agit au nom de son compte, avec ses rôles, et seulement pour ses portées :
            \(TokenScope.allCases.map { "\($0.rawValue) (\($0.label))" }.joined(separator: ", ")).
            Les programmes l’envoient dans l’en-tête « Authorization: Bearer JETON ».
            """,
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Crée un jeton et l’affiche une seule fois.")

        @Argument(help: "L’adresse e-mail du compte au nom duquel le jeton agit.")
        var email: String

        @Option(help: "Le nom du jeton (« Application mobile »).")
        var name: String

        @Option(help: "Ses portées, séparées par des virgules : articles:write,articles:publish…")
        var scopes: String

        @OptionGroup var data: DataOptions

        func run() async throws {
            let scopes = try TokenScope.parse(scopes)
            let store = try await data.directory().open()
            guard let staff = try await store.staff(email: email) else {
                throw CLIError("aucun compte « \(email) » : créez-le avec « kibaru user add »")
            }
            let created = try await APITokenService(store: store).create(
                name: name, scopes: scopes, for: staff.id, actor: nil)
            print("Jeton \(created.token.id) créé pour \(staff.email) : \(created.token.scopes.sorted().map(\.rawValue).joined(separator: ", "))")
            print("Jeton (affiché une seule fois) : \(created.secret)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Liste les jetons (le début de chacun, jamais le jeton).")

        @Option(help: "Ceux de ce compte seulement.")
        var email: String?

        @Flag(help: "En JSON, pour les scripts.")
        var json = false

        @OptionGroup var data: DataOptions

        struct Listed: Encodable {
            var id: Int64
            var prefix: String
            var name: String
            var email: String
            var scopes: [String]
            var createdAt: Date
            var lastUsedAt: Date?
        }

        func run() async throws {
            let store = try await data.directory().open()
            var owner: StaffMember.ID?
            if let email {
                guard let staff = try await store.staff(email: email) else { throw CLIError("aucun compte « \(email) »") }
                owner = staff.id
            }
            let emails = Dictionary(uniqueKeysWithValues: try await store.staffList().map { ($0.0.id, $0.0.email) })
            let tokens = try await APITokenService(store: store).tokens(of: owner)
            if json {
                return try JSONOutput.print(tokens.map { token in
                    Listed(
                        id: token.id.rawValue, prefix: token.prefix, name: token.name, email: emails[token.staffID] ?? "?",
                        scopes: token.scopes.sorted().map(\.rawValue), createdAt: token.createdAt, lastUsedAt: token.lastUsedAt)
                })
            }
            if tokens.isEmpty { print("Aucun jeton.") }
            let format = ISO8601DateFormatter()
            for token in tokens {
                print([
                    "\(token.id)", "\(token.prefix)…", token.name, emails[token.staffID] ?? "?",
                    token.scopes.sorted().map(\.rawValue).joined(separator: ","),
                    "créé \(format.string(from: token.createdAt))",
                    token.lastUsedAt.map { "utilisé \(format.string(from: $0))" } ?? "jamais utilisé",
                ].joined(separator: "\t"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Révoque un jeton : il est refusé dès la requête suivante.")

        @Argument(help: "Le numéro du jeton (kibaru token list).")
        var id: Int64

        @OptionGroup var data: DataOptions

        func run() async throws {
            let store = try await data.directory().open()
            let token = try await APITokenService(store: store).revoke(APIToken.ID(id), actor: nil)
            print("Jeton \(token.id) « \(token.name) » révoqué")
        }
    }
}
