import ArgumentParser
import Foundation
import Hummingbird
import KibaruApp

/// `kibaru demo [--port 8080]`
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Crée un réseau de démonstration jetable (trois sites, articles, figures, commentaires) et le sert.")

    @OptionGroup var server: ServerOptions

    @Option(name: .long, help: "Le dossier où créer le réseau (par défaut un dossier temporaire neuf).")
    var data: String?

    func run() async throws {
        let directory = data ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("kibaru-demo-\(UUID().uuidString.prefix(8).lowercased())").path
        let dataDirectory = DataDirectory(path: directory)
        guard !dataDirectory.exists else {
            throw CLIError("\(directory) contient déjà un réseau : choisissez un dossier vide")
        }
        let resources = try ResourceLocator.find(explicit: server.resources)
        let count = try await DemoNetwork.create(in: dataDirectory, resourcesDirectory: resources)
        let config = try server.config(data: dataDirectory, resources: resources)
        let app = try await buildApplication(config) {
            Output.line("Réseau de démonstration (\(count) articles) dans \(directory)")
            Output.line("Ouvrez \(config.baseURL)/ dans un navigateur ; Ctrl-C pour arrêter.")
        }
        try await app.runService()
        // A throwaway network made in the temporary folder goes with the process; one made with --data stays.
        if data == nil { try? FileManager.default.removeItem(atPath: directory) }
        Output.line("Démonstration arrêtée.")
    }
}
