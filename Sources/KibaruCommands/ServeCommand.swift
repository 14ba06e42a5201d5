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
        let config = try AppConfig(
            dataDirectory: data.data, resourcesDirectory: try ResourceLocator.find(explicit: server.resources),
            host: server.host, port: server.port, baseURL: server.baseURL)
        let app = try await buildApplication(config)
        print("Kibaru sert le réseau sur \(config.baseURL)/")
        try await app.runService()
    }
}
