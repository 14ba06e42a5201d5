import ArgumentParser
import Foundation
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruText

/// `kibaru token create|list|revoke`
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: L("Gère les jetons de l’API (programmes qui écrivent au nom d’un compte)."),
        discussion: reflowed(L(
            """
            Un jeton agit au nom de son compte, avec ses rôles, et seulement pour ses portées :
            {scopes}.
            Les programmes l’envoient dans l’en-tête « Authorization: Bearer JETON ».
            """,
            ["scopes": TokenScope.allCases.map { "\($0.rawValue) (\(TokenCommand.label(of: $0)))" }.joined(separator: ", ")])),
        subcommands: [Create.self, List.self, Revoke.self])

    /// What `scope` allows, in the command line's language (``TokenScope/label`` is the admin's French).
    static func label(of scope: TokenScope) -> String {
        switch scope {
        case .readArticles: L("lire les articles, brouillons compris")
        case .writeArticles: L("écrire et modifier des articles")
        case .publishArticles: L("publier, programmer et dépublier")
        case .deleteArticles: L("mettre des articles à la corbeille")
        case .uploadMedia: L("envoyer des images")
        case .moderateComments: L("modérer les commentaires")
        case .manageTags: L("gérer les étiquettes")
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: L("Crée un jeton et l’affiche une seule fois."))

        @Argument(help: ArgumentHelp(L("L’adresse e-mail du compte au nom duquel le jeton agit.")))
        var email: String

        @Option(help: ArgumentHelp(L("Le nom du jeton (« Application mobile »).")))
        var name: String

        @Option(help: ArgumentHelp(L("Ses portées, séparées par des virgules : articles:write,articles:publish…")))
        var scopes: String

        @OptionGroup var data: DataOptions

        func run() async throws {
            let scopes = try TokenScope.parse(scopes)
            let store = try await data.directory().open()
            guard let staff = try await store.staff(email: email) else {
                throw CLIError(L("aucun compte « {email} » : créez-le avec « kibaru user add »", ["email": email]))
            }
            let created = try await APITokenService(store: store).create(
                name: name, scopes: scopes, for: staff.id, actor: nil)
            print(L("Jeton {id} créé pour {email} : {scopes}", [
                "id": "\(created.token.id)", "email": staff.email,
                "scopes": created.token.scopes.sorted().map(\.rawValue).joined(separator: ", "),
            ]))
            print(L("Jeton (affiché une seule fois) : {token}", ["token": created.secret]))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: L("Liste les jetons (le début de chacun, jamais le jeton)."))

        @Option(help: ArgumentHelp(L("Ceux de ce compte seulement.")))
        var email: String?

        @Flag(help: ArgumentHelp(L("En JSON, pour les scripts.")))
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
                guard let staff = try await store.staff(email: email) else { throw CLIError(L("aucun compte « {email} »", ["email": email])) }
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
            if tokens.isEmpty { print(L("Aucun jeton.")) }
            let format = ISO8601DateFormatter()
            for token in tokens {
                print([
                    "\(token.id)", "\(token.prefix)…", token.name, emails[token.staffID] ?? "?",
                    token.scopes.sorted().map(\.rawValue).joined(separator: ","),
                    L("créé {date}", ["date": format.string(from: token.createdAt)]),
                    token.lastUsedAt.map { L("utilisé {date}", ["date": format.string(from: $0)]) } ?? L("jamais utilisé"),
                ].joined(separator: "\t"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: L("Révoque un jeton : il est refusé dès la requête suivante."))

        @Argument(help: ArgumentHelp(L("Le numéro du jeton (kibaru token list).")))
        var id: Int64

        @OptionGroup var data: DataOptions

        func run() async throws {
            let store = try await data.directory().open()
            let token = try await APITokenService(store: store).revoke(APIToken.ID(id), actor: nil)
            print(L("Jeton {id} « {name} » révoqué", ["id": "\(token.id)", "name": token.name]))
        }
    }
}
