import ArgumentParser
import Foundation
import KibaruApp
import KibaruWeb

/// `kibaru`: the command line of a Kibaru network.
public struct KibaruCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kibaru",
        abstract: "Kibaru : une plateforme de publication pour les réseaux de blogs francophones.",
        subcommands: [
            InitCommand.self, SiteCommand.self, UserCommand.self, CommentsCommand.self, ImportCommand.self,
            ExportCommand.self, BuildCommand.self, ServeCommand.self, DemoCommand.self,
            BackupCommand.self, RestoreCommand.self, CheckCommand.self, RelatedCommand.self, ReindexCommand.self, MigrateStoreCommand.self,
            TokenCommand.self,
        ])

    public init() {}
}

/// Where the network is, for every command that works on one: a data folder (`--data`), or a PostgreSQL
/// database and a media folder (`--database` with `--media-dir`; `--media` is `import wxr`'s WordPress uploads).
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "Le dossier des données du réseau (base SQLite et médias).")
    var data: String?

    @Option(
        name: .long,
        help: "Au lieu de --data : la base PostgreSQL du réseau, postgres://utilisateur:mot-de-passe@hôte:port/base (avec --media-dir).")
    var database: String?

    @Option(name: .customLong("media-dir"), help: "Avec --database : le dossier des médias, le même pour tous les nœuds.")
    var mediaDirectory: String?

    func validate() throws {
        switch (data, database) {
        case (nil, nil): throw ValidationError("--data DOSSIER (ou --database postgres://… --media DOSSIER) est requis")
        case (.some, .some): throw ValidationError("--data et --database s’excluent : donnez l’un ou l’autre")
        case (.some, nil):
            if mediaDirectory != nil {
                throw ValidationError("--media-dir va avec --database ; avec --data, les médias sont dans DOSSIER/media")
            }
        case (nil, .some):
            if mediaDirectory == nil {
                throw ValidationError("--database demande --media-dir DOSSIER, le dossier des médias du réseau")
            }
        }
        _ = try directory()
    }

    /// Where the network is.
    func directory() throws -> DataDirectory {
        if let database { return try DataDirectory(databaseURL: database, media: mediaDirectory ?? "") }
        return DataDirectory(path: data ?? "")
    }
}

/// Options of the commands that serve the site.
struct ServerOptions: ParsableArguments {
    @Option(help: "L’adresse d’écoute.")
    var host = "127.0.0.1"

    @Option(help: "Le port d’écoute.")
    var port = 8080

    @Option(name: .customLong("base-url"), help: "L’adresse publique du réseau (par défaut http://HOST:PORT).")
    var baseURL: String?

    @Option(help: "Le dossier Resources (thèmes) ; sinon $KIBARU_RESOURCES ou celui de l’installation.")
    var resources: String?

    @Option(help: "Le serveur de courriel (liens de mot de passe) : smtp://hôte:port, sans TLS (relais local).")
    var smtp: String?

    @Option(name: .customLong("mail-from"), help: "L’adresse d’expédition des courriels.")
    var mailFrom = "kibaru@localhost.localdomain"

    @Option(
        name: .customLong("client-address-header"),
        help: "L’en-tête où le proxy inverse (nginx) met l’adresse du client, par exemple X-Real-IP.")
    var clientAddressHeader: String?

    @Option(
        name: .customLong("metrics-from"),
        help: "Les adresses (CIDR, par exemple 10.0.0.0/8) qui peuvent lire /metrics, en plus de la boucle locale ; peut être répété.")
    var metricsFrom: [String] = []

    @Option(
        name: .customLong("page-cache"),
        help: "La taille du cache des pages (64MB par défaut, en KB, MB ou GB), ou off pour le désactiver.")
    var pageCache = "64MB"

    @Option(
        name: .customLong("api-rate"),
        help: "Les requêtes qu’un jeton de l’API peut faire par minute, sur ce nœud (600 par défaut).")
    var apiRate = AppConfig.defaultAPIRequestsPerMinute

    @Flag(
        name: .customLong("access-log"),
        help: "Journalise chaque requête (méthode, chemin, statut, durée) ; inutile derrière nginx, qui le fait.")
    var accessLog = false

    /// The configuration these options describe.
    func config(data: DataDirectory, resources: String) throws -> AppConfig {
        var config = try AppConfig(data: data, resourcesDirectory: resources, host: host, port: port, baseURL: baseURL)
        config.smtp = try smtp.map { try SMTPSettings(url: $0, from: mailFrom) }
        config.clientAddressHeader = clientAddressHeader
        config.pageCacheBytes = try Self.byteCount(pageCache, option: "--page-cache")
        config.accessLog = accessLog
        guard apiRate > 0 else { throw CLIError("--api-rate \(apiRate) : un nombre de requêtes par minute, au moins 1") }
        config.apiRequestsPerMinute = apiRate
        for text in metricsFrom {
            guard let range = AddressRange(text) else {
                throw CLIError("--metrics-from « \(text) » n’est ni une adresse IP ni un bloc CIDR (10.0.0.0/8)")
            }
            config.metricsFrom.append(range)
        }
        return config
    }

    /// `64MB`, `512KB`, `1GB` (powers of 1024), or `off` (`nil`).
    static func byteCount(_ text: String, option: String) throws -> Int? {
        let value = text.trimmingCharacters(in: .whitespaces).uppercased()
        if value == "OFF" || value == "0" { return nil }
        let units: [(suffix: String, shift: Int)] = [("KB", 10), ("MB", 20), ("GB", 30), ("K", 10), ("M", 20), ("G", 30)]
        guard let unit = units.first(where: { value.hasSuffix($0.suffix) }),
            let number = Int(value.dropLast(unit.suffix.count)), number > 0, number < 1 << 20
        else { throw CLIError("\(option) « \(text) » : une taille comme 64MB, 512KB ou 1GB, ou off") }
        return number << unit.shift
    }
}

extension KibaruCommand {
    /// Runs the command line and exits. A mistyped command or option gets the parser's usage; anything that goes
    /// wrong while a command runs (a network, a file, a port) is one French sentence after « kibaru : » on standard
    /// error, and status 1.
    public static func runAsMain(_ arguments: [String]? = nil) async -> Never {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit()
        } catch where isParserMessage(error) {
            exit(withError: error)
        } catch {
            FileHandle.standardError.write(Data("kibaru : \(sentence(for: error))\n".utf8))
            Foundation.exit(1)
        }
    }

    /// Whether the parser itself has to answer: help asked for, a usage error, an exit code it was handed.
    static func isParserMessage(_ error: any Error) -> Bool {
        error is ValidationError || error is ExitCode || error is CleanExit
            || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }

    /// What went wrong, as one sentence: the file problems Foundation reports by number named in French with their
    /// path, every other error as it describes itself (ours in French).
    static func sentence(for error: any Error) -> String {
        guard let error = error as? CocoaError else { return "\(error)" }
        let path = (error.userInfo[NSFilePathErrorKey] as? String) ?? error.filePath ?? error.url?.path ?? "?"
        switch error.code {
        case .fileNoSuchFile, .fileReadNoSuchFile:
            return "« \(path) » n’existe pas"
        case .fileWriteFileExists:
            return "« \(path) » existe déjà"
        case .fileWriteNoPermission, .fileReadNoPermission:
            return "pas le droit d’accéder à « \(path) »"
        case .fileWriteOutOfSpace:
            return "plus de place sur le disque pour écrire « \(path) »"
        case .fileWriteUnknown:
            return "impossible d’écrire « \(path) » : un fichier porte déjà ce nom, ou un dossier du chemin manque"
        default:
            return "« \(path) » : \(error.localizedDescription)"
        }
    }
}
