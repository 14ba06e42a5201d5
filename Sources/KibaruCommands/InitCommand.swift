import ArgumentParser
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruText

/// `kibaru init --data DIR`
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: L("Crée un réseau (sa base SQLite) dans un dossier de données."))

    @OptionGroup var data: DataOptions

    @Option(help: ArgumentHelp(L("Le titre du réseau.")))
    var title = "Réseau Kibaru"

    @Option(help: ArgumentHelp(L("Le sous-titre du réseau.")))
    var tagline = ""

    func run() async throws {
        let store = try await data.directory().create()
        try await SiteService(store: store).initialize(Network(title: title, tagline: tagline))
        let directory = try data.directory().description
        print(L("Réseau « {title} » prêt dans {directory}", ["title": title, "directory": directory]))
    }
}
