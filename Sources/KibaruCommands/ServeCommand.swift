import ArgumentParser
import Hummingbird
import KibaruApp

/// `kibaru serve --data DIR [--host 127.0.0.1] [--port 8080]`
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Sert le réseau en HTTP (arrêt propre par Ctrl-C ou SIGTERM).")

    @OptionGroup var data: DataOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let config = try server.config(
            dataDirectory: data.data, resources: try ResourceLocator.find(explicit: server.resources))
        let app = try await buildApplication(config)
        print("Kibaru sert le réseau sur \(config.baseURL)/")
        try await app.runService()
    }
}
