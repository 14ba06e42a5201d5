import ArgumentParser
import Foundation
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruText

/// `kibaru site key create|list|revoke`
extension SiteCommand {
    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "key", abstract: L("Gère les clés de l’API de contenu d’un site."),
            discussion: reflowed(L("""
                Tant qu’un site n’a aucune clé, son contenu publié est public dans l’API de contenu (/api/v1/).
                Dès qu’il en a une, l’API ne sert son contenu qu’aux requêtes qui portent une de ses clés
                (« ?key=CLÉ » ou l’en-tête « Kibaru-Content-Key: CLÉ »).
                """)),
            subcommands: [Create.self, List.self, Revoke.self])

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: L("Crée une clé et l’affiche une seule fois."))

            @Argument(help: ArgumentHelp(L("L’identifiant du site (kibaru site list).")))
            var site: String

            @Option(help: ArgumentHelp(L("Pour qui est la clé (« Portail Sahel Info »).")))
            var name: String

            @OptionGroup var data: DataOptions

            func run() async throws {
                let store = try await data.directory().open()
                let created = try await ContentKeyService(store: store).create(
                    name: name, siteSlug: try Slug(validating: site), actor: nil)
                print(L(
                    "Clé {id} créée pour « {name} » : le contenu de « {site} » demande désormais une clé.",
                    ["id": "\(created.key.id)", "name": created.key.name, "site": site]))
                print(L("Clé (affichée une seule fois) : {key}", ["key": created.text]))
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: L("Liste les clés d’un site (le début de chacune, jamais la clé)."))

            @Argument(help: ArgumentHelp(L("L’identifiant du site.")))
            var site: String

            @Flag(help: ArgumentHelp(L("En JSON, pour les scripts.")))
            var json = false

            @OptionGroup var data: DataOptions

            struct Listed: Encodable {
                var id: Int64
                var prefix: String
                var name: String
                var createdAt: Date
            }

            func run() async throws {
                let store = try await data.directory().open()
                let keys = try await ContentKeyService(store: store).keys(siteSlug: try Slug(validating: site), actor: nil).keys
                if json {
                    return try JSONOutput.print(keys.map {
                        Listed(id: $0.id.rawValue, prefix: $0.prefix, name: $0.name, createdAt: $0.createdAt)
                    })
                }
                if keys.isEmpty { print(L("Aucune clé : le contenu de « {site} » est public dans l’API.", ["site": site])) }
                let format = ISO8601DateFormatter()
                for key in keys {
                    print(["\(key.id)", "\(key.prefix)…", key.name, L("créée {date}", ["date": format.string(from: key.createdAt)])]
                        .joined(separator: "\t"))
                }
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: L("Révoque une clé : elle est refusée dès la requête suivante."))

            @Argument(help: ArgumentHelp(L("L’identifiant du site.")))
            var site: String

            @Argument(help: ArgumentHelp(L("Le numéro de la clé (kibaru site key list).")))
            var id: Int64

            @OptionGroup var data: DataOptions

            func run() async throws {
                let store = try await data.directory().open()
                try await ContentKeyService(store: store).revoke(ContentKey.ID(id), siteSlug: try Slug(validating: site), actor: nil)
                print(L("Clé {id} révoquée.", ["id": "\(id)"]))
            }
        }
    }
}
