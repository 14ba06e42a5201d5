import ArgumentParser
import Foundation
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
            data: try data.directory(), resources: try ResourceLocator.find(explicit: server.resources))
        let app = try await buildApplication(config) {
            Output.line("Kibaru sert le réseau sur \(config.baseURL)/")
        }
        // SIGTERM or Ctrl-C: requests in flight finish, background work stops, and the process exits 0.
        try await app.runService()
        Output.line("Kibaru s’est arrêté proprement.")
    }
}

/// What long-running commands tell the operator, written at once even when standard output is a pipe or a file
/// (systemd's journal, a test), where it would otherwise wait in a buffer.
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
