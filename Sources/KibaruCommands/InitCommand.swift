import ArgumentParser
import KibaruApp
import KibaruCore
import KibaruServices

/// `kibaru init --data DIR`
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Crée un réseau (sa base SQLite) dans un dossier de données.")

    @OptionGroup var data: DataOptions

    @Option(help: "Le titre du réseau.")
    var title = "Réseau Kibaru"

    @Option(help: "Le sous-titre du réseau.")
    var tagline = ""

    func run() async throws {
        let store = try await data.directory().create()
        try await SiteService(store: store).initialize(Network(title: title, tagline: tagline))
        print("Réseau « \(title) » prêt dans \(try data.directory().description)")
    }
}
