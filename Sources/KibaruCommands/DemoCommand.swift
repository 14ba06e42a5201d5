import ArgumentParser
import Foundation
import Hummingbird
import KibaruApp
import KibaruText

/// `kibaru demo [--port 8080] [--data DIR | --database postgres://… --media-dir DIR]`
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: L("Crée un réseau de démonstration jetable (trois sites, articles, figures, commentaires) et le sert."))

    @OptionGroup var server: ServerOptions

    @Option(name: .long, help: ArgumentHelp(L("Le dossier où créer le réseau (par défaut un dossier temporaire neuf).")))
    var data: String?

    @Option(name: .long, help: ArgumentHelp(L("Au lieu de --data : une base PostgreSQL vide où créer le réseau (avec --media-dir).")))
    var database: String?

    @Option(name: .customLong("media-dir"), help: ArgumentHelp(L("Avec --database : le dossier des médias.")))
    var mediaDirectory: String?

    @Flag(help: ArgumentHelp(L("Garder le dossier temporaire du réseau à l’arrêt (sans --data, il est supprimé).")))
    var keep = false

    func validate() throws {
        if database != nil, data != nil { throw ValidationError(L("--data et --database s’excluent : donnez l’un ou l’autre")) }
        if database != nil, mediaDirectory == nil { throw ValidationError(L("--database demande --media-dir DOSSIER")) }
        if database == nil, mediaDirectory != nil { throw ValidationError(L("--media-dir va avec --database")) }
    }

    func run() async throws {
        let directory = data ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("kibaru-demo-\(UUID().uuidString.prefix(8).lowercased())").path
        let dataDirectory =
            if let database { try DataDirectory(databaseURL: database, media: mediaDirectory ?? "") } else {
                DataDirectory(path: directory)
            }
        guard try await !dataDirectory.hasNetwork() else {
            throw CLIError(
                L(
                    "{directory} contient déjà un réseau : choisissez un dossier ou une base vide",
                    ["directory": dataDirectory.description]))
        }
        // A throwaway network made in the temporary folder goes with the process, whatever ends it but a kill;
        // one made with --data, or kept with --keep, stays.
        let throwaway = data == nil && database == nil && !keep
        do {
            try await serve(dataDirectory)
        } catch {
            if throwaway { try? FileManager.default.removeItem(atPath: directory) }
            throw error
        }
        if throwaway { try? FileManager.default.removeItem(atPath: directory) }
        Output.line(throwaway ? L("Démonstration arrêtée, son dossier supprimé.") : L("Démonstration arrêtée."))
    }

    private func serve(_ dataDirectory: DataDirectory) async throws {
        let resources = try ResourceLocator.find(explicit: server.resources)
        let count = try await DemoNetwork.create(in: dataDirectory, resourcesDirectory: resources)
        let config = try server.config(data: dataDirectory, resources: resources)
        let ready = [
            L("Réseau de démonstration ({count} articles) dans {directory}",
              ["count": "\(count)", "directory": dataDirectory.description]),
            L("Ouvrez {url}/ dans un navigateur ; Ctrl-C pour arrêter.", ["url": config.baseURL]),
        ]
        let app = try await buildApplication(config) { ready.forEach(Output.line) }
        // The server answers in French whatever the command line's language (see ServeCommand).
        try await ListenFailure.explaining(host: server.host, port: server.port) {
            try await Words.speakingFrench { try await app.runService() }
        }
    }
}
