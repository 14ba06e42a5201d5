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
            BackupCommand.self, RestoreCommand.self, CheckCommand.self, RelatedCommand.self,
        ])

    public init() {}
}

/// Options shared by the commands that work on a data folder.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "Le dossier des données du réseau (base SQLite et médias).")
    var data: String
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

    @Flag(
        name: .customLong("access-log"),
        help: "Journalise chaque requête (méthode, chemin, statut, durée) ; inutile derrière nginx, qui le fait.")
    var accessLog = false

    /// The configuration these options describe.
    func config(dataDirectory: String, resources: String) throws -> AppConfig {
        var config = try AppConfig(
            dataDirectory: dataDirectory, resourcesDirectory: resources, host: host, port: port, baseURL: baseURL)
        config.smtp = try smtp.map { try SMTPSettings(url: $0, from: mailFrom) }
        config.clientAddressHeader = clientAddressHeader
        config.pageCacheBytes = try Self.byteCount(pageCache, option: "--page-cache")
        config.accessLog = accessLog
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
