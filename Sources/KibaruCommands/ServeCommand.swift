import ArgumentParser
import Foundation
import Hummingbird
import KibaruApp
import KibaruText
import NIOCore

/// `kibaru serve --data DIR [--host 127.0.0.1] [--port 8080]`
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: L("Sert le réseau en HTTP (arrêt propre par Ctrl-C ou SIGTERM)."))

    @OptionGroup var data: DataOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let config = try server.config(
            data: try data.directory(), resources: try ResourceLocator.find(explicit: server.resources))
        let listening = L("Kibaru sert le réseau sur {url}/", ["url": config.baseURL])
        let app = try await buildApplication(config) { Output.line(listening) }
        // SIGTERM or Ctrl-C: requests in flight finish, background work stops, and the process exits 0. The server
        // answers in French whatever the command line's language: pages and the API have their own.
        try await ListenFailure.explaining(host: server.host, port: server.port) {
            try await Words.speakingFrench { try await app.runService() }
        }
        Output.line(L("Kibaru s’est arrêté proprement."))
    }
}

/// What long-running commands tell the operator, written at once even when standard output is a pipe or a file
/// (systemd's journal, a test), where it would otherwise wait in a buffer.
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

/// Why a server could not listen, in one French sentence an operator can act on (the port taken, a port they may
/// not use, an address that is not this machine's), rather than the socket's error.
enum ListenFailure {
    static func explaining(host: String, port: Int, _ serve: () async throws -> Void) async throws {
        do {
            try await serve()
        } catch let error as IOError {
            switch error.errnoCode {
            case EADDRINUSE:
                throw CLIError(
                    L(
                        "le port {port} de {host} est déjà pris par un autre programme : arrêtez-le, ou choisissez un autre port avec --port",
                        ["port": "\(port)", "host": host]))
            case EACCES:
                throw CLIError(
                    L(
                        "pas le droit d’écouter sur le port {port} (sous 1024, il faut les droits d’administrateur) : choisissez-en un autre avec --port",
                        ["port": "\(port)"]))
            case EADDRNOTAVAIL:
                throw CLIError(
                    L(
                        "l’adresse {host} n’est pas une adresse de cette machine : choisissez-en une avec --host (127.0.0.1, ou 0.0.0.0 pour toutes)",
                        ["host": host]))
            default:
                throw error
            }
        }
    }
}
