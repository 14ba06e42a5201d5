import ArgumentParser
import Foundation
import KibaruApp

/// `kibaru migrate-store --from sqlite:DIR --to postgres://… [--replace]` (and back)
struct MigrateStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-store",
        abstract: "Déplace un réseau d’un magasin à l’autre : d’un dossier SQLite vers PostgreSQL, ou l’inverse.",
        discussion: """
            Tout est copié tel quel, identifiants compris : réseau, sites, personnes, comptes et sessions, articles
            et révisions, médias (leurs fiches : copiez le dossier des médias vous-même), commentaires et verdicts,
            étiquettes, entités, redirections, journal, classifieur. La source est lue dans un seul instantané (le
            serveur peut tourner) ; la cible est remplie en une transaction (rien n’est gardé en cas d’erreur), puis
            les deux sont relues et comparées table par table (lignes comptées, somme de contrôle). Une cible qui
            contient déjà un réseau est refusée, sauf avec --replace.
            """)

    @Option(help: "Le magasin d’origine : sqlite:DOSSIER ou postgres://utilisateur@hôte:port/base.")
    var from: String

    @Option(help: "Le magasin de destination : sqlite:DOSSIER ou postgres://utilisateur@hôte:port/base.")
    var to: String

    @Flag(help: "Remplace le réseau que la destination contient déjà.")
    var replace = false

    func run() async throws {
        let source = try StoreMigration.location(from)
        let target = try StoreMigration.location(to)
        let summary = try await StoreMigration.run(from: source, to: target, replace: replace)
        for (table, rows) in summary.tables where rows > 0 {
            print("  \(table) : \(counted(rows, "ligne"))")
        }
        print("Réseau copié de \(source.description) vers \(target.description) ; relu à l’identique (somme \(summary.checksum.prefix(16))).")
        if source.database == nil || target.database == nil {
            print("Les fichiers des médias ne sont pas copiés : copiez le dossier des médias vers celui de la destination.")
        }
    }
}
