import ArgumentParser
import Foundation
import KibaruApp
import KibaruText

/// `kibaru migrate-store --from sqlite:DIR --to postgres://… [--replace]` (and back)
struct MigrateStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-store",
        abstract: L("Déplace un réseau d’un magasin à l’autre : d’un dossier SQLite vers PostgreSQL, ou l’inverse."),
        discussion: reflowed(L("""
            Tout est copié tel quel, identifiants compris : réseau, sites, personnes, comptes et sessions, articles
            et révisions, médias (leurs fiches : copiez le dossier des médias vous-même), commentaires et verdicts,
            étiquettes, entités, redirections, journal, classifieur. La source est lue dans un seul instantané (le
            serveur peut tourner) ; la cible est remplie en une transaction (rien n’est gardé en cas d’erreur), puis
            les deux sont relues et comparées table par table (lignes comptées, somme de contrôle). Une cible qui
            contient déjà un réseau est refusée, sauf avec --replace.
            """)))

    @Option(help: ArgumentHelp(L("Le magasin d’origine : sqlite:DOSSIER ou postgres://utilisateur@hôte:port/base.")))
    var from: String

    @Option(help: ArgumentHelp(L("Le magasin de destination : sqlite:DOSSIER ou postgres://utilisateur@hôte:port/base.")))
    var to: String

    @Flag(help: ArgumentHelp(L("Remplace le réseau que la destination contient déjà.")))
    var replace = false

    func run() async throws {
        let source = try StoreMigration.location(from)
        let target = try StoreMigration.location(to)
        let summary = try await StoreMigration.run(from: source, to: target, replace: replace)
        for (table, rows) in summary.tables where rows > 0 {
            print(L("  {table} : {rows}", ["table": table, "rows": Words.count(rows, "ligne", "lignes")]))
        }
        print(
            L(
                "Réseau copié de {source} vers {target} ; relu à l’identique (somme {checksum}).",
                ["source": source.description, "target": target.description, "checksum": String(summary.checksum.prefix(16))]))
        if source.database == nil || target.database == nil {
            print(L("Les fichiers des médias ne sont pas copiés : copiez le dossier des médias vers celui de la destination."))
        }
    }
}
