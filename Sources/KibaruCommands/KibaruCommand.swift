import ArgumentParser
import Foundation
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruText
import KibaruWeb

/// `kibaru`: the command line of a Kibaru network.
public struct KibaruCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kibaru",
        abstract: L("Kibaru : une plateforme de publication pour les réseaux de blogs francophones."),
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
    @Option(name: .long, help: ArgumentHelp(L("Le dossier des données du réseau (base SQLite et médias).")))
    var data: String?

    @Option(
        name: .long,
        help: ArgumentHelp(L("Au lieu de --data : la base PostgreSQL du réseau, postgres://utilisateur:mot-de-passe@hôte:port/base (avec --media-dir).")))
    var database: String?

    @Option(name: .customLong("media-dir"), help: ArgumentHelp(L("Avec --database : le dossier des médias, le même pour tous les nœuds.")))
    var mediaDirectory: String?

    func validate() throws {
        switch (data, database) {
        case (nil, nil): throw ValidationError(L("--data DOSSIER (ou --database postgres://… --media DOSSIER) est requis"))
        case (.some, .some): throw ValidationError(L("--data et --database s’excluent : donnez l’un ou l’autre"))
        case (.some, nil):
            if mediaDirectory != nil {
                throw ValidationError(L("--media-dir va avec --database ; avec --data, les médias sont dans DOSSIER/media"))
            }
        case (nil, .some):
            if mediaDirectory == nil {
                throw ValidationError(L("--database demande --media-dir DOSSIER, le dossier des médias du réseau"))
            }
        }
        do {
            _ = try directory()
        } catch {
            // The parser prints a validation error as it is: said here in the command line's language.
            throw ValidationError(KibaruCommand.sentence(for: error))
        }
    }

    /// Where the network is.
    func directory() throws -> DataDirectory {
        if let database { return try DataDirectory(databaseURL: database, media: mediaDirectory ?? "") }
        return DataDirectory(path: data ?? "")
    }
}

/// Options of the commands that serve the site.
struct ServerOptions: ParsableArguments {
    @Option(help: ArgumentHelp(L("L’adresse d’écoute.")))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp(L("Le port d’écoute.")))
    var port = 8080

    @Option(name: .customLong("base-url"), help: ArgumentHelp(L("L’adresse publique du réseau (par défaut http://HOST:PORT).")))
    var baseURL: String?

    @Option(help: ArgumentHelp(L("Le dossier Resources (thèmes) ; sinon $KIBARU_RESOURCES ou celui de l’installation.")))
    var resources: String?

    @Option(help: ArgumentHelp(L("Le serveur de courriel (liens de mot de passe) : smtp://hôte:port, sans TLS (relais local).")))
    var smtp: String?

    @Option(name: .customLong("mail-from"), help: ArgumentHelp(L("L’adresse d’expédition des courriels.")))
    var mailFrom = "kibaru@localhost.localdomain"

    @Option(
        name: .customLong("client-address-header"),
        help: ArgumentHelp(L("L’en-tête où le proxy inverse (nginx) met l’adresse du client, par exemple X-Real-IP.")))
    var clientAddressHeader: String?

    @Option(
        name: .customLong("metrics-from"),
        help: ArgumentHelp(L("Les adresses (CIDR, par exemple 10.0.0.0/8) qui peuvent lire /metrics, en plus de la boucle locale ; peut être répété.")))
    var metricsFrom: [String] = []

    @Option(
        name: .customLong("page-cache"),
        help: ArgumentHelp(L("La taille du cache des pages (64MB par défaut, en KB, MB ou GB), ou off pour le désactiver.")))
    var pageCache = "64MB"

    @Option(
        name: .customLong("api-rate"),
        help: ArgumentHelp(L("Les requêtes qu’un jeton de l’API peut faire par minute, sur ce nœud (600 par défaut).")))
    var apiRate = AppConfig.defaultAPIRequestsPerMinute

    @Flag(
        name: .customLong("access-log"),
        help: ArgumentHelp(L("Journalise chaque requête (méthode, chemin, statut, durée) ; inutile derrière nginx, qui le fait.")))
    var accessLog = false

    /// The configuration these options describe.
    func config(data: DataDirectory, resources: String) throws -> AppConfig {
        var config = try AppConfig(data: data, resourcesDirectory: resources, host: host, port: port, baseURL: baseURL)
        config.smtp = try smtp.map { try SMTPSettings(url: $0, from: mailFrom) }
        config.clientAddressHeader = clientAddressHeader
        config.pageCacheBytes = try Self.byteCount(pageCache, option: "--page-cache")
        config.accessLog = accessLog
        guard apiRate > 0 else { throw CLIError(L("--api-rate {rate} : un nombre de requêtes par minute, au moins 1", ["rate": "\(apiRate)"])) }
        config.apiRequestsPerMinute = apiRate
        for text in metricsFrom {
            guard let range = AddressRange(text) else {
                throw CLIError(
                    L("--metrics-from « {value} » n’est ni une adresse IP ni un bloc CIDR (10.0.0.0/8)", ["value": text]))
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
        else { throw CLIError(L("{option} « {value} » : une taille comme 64MB, 512KB ou 1GB, ou off", ["option": option, "value": text])) }
        return number << unit.shift
    }
}

extension KibaruCommand {
    /// Runs the command line and exits. A mistyped command or option gets the parser's usage; anything that goes
    /// wrong while a command runs (a network, a file, a port) is one sentence after « kibaru : » on standard
    /// error, and status 1.
    public static func runAsMain(_ arguments: [String]? = nil) async -> Never {
        let (language, table, errors) = wordsOfTheEnvironment()
        let status = await Words.speaking(language, table: table) {
            await ErrorWording.$current.withValue(errors) { await run(arguments) }
        }
        Foundation.exit(status)
    }

    /// Parses `arguments` and runs the command, in the language of the running task; returns the exit status. The
    /// parser's own messages (help, usage) exit with its status.
    private static func run(_ arguments: [String]?) async -> Int32 {
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
            return 0
        } catch where isParserMessage(error) {
            exit(withError: error)
        } catch {
            FileHandle.standardError.write(Data((L("kibaru : {error}", ["error": sentence(for: error)]) + "\n").utf8))
            return 1
        }
    }

    /// The language of the command line (``Words/language(environment:)``), its catalogue and the words of field
    /// errors, from the resources found beside the executable or in `KIBARU_RESOURCES`. French, the language of
    /// the code, when they cannot be read: quietly for a locale's language, with a line saying why when
    /// `KIBARU_LANGUAGE` asked for it.
    static func wordsOfTheEnvironment() -> (language: String, table: [String: String], errors: ErrorWording?) {
        let language = Words.language()
        guard language != "fr" else { return ("fr", [:], nil) }
        do {
            let resources = try ResourceLocator.find()
            let table = try Words.load(directory: (resources as NSString).appendingPathComponent("cli"), language: language)
            return (language, table, try ErrorWording.load(resourcesDirectory: resources))
        } catch {
            if ProcessInfo.processInfo.environment["KIBARU_LANGUAGE"]?.isEmpty == false {
                FileHandle.standardError.write(Data("kibaru : \(error) ; les messages restent en français\n".utf8))
            }
            return ("fr", [:], nil)
        }
    }

    /// Whether the parser itself has to answer: help asked for, a usage error, an exit code it was handed.
    static func isParserMessage(_ error: any Error) -> Bool {
        error is ValidationError || error is ExitCode || error is CleanExit
            || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }

    /// What went wrong, as one sentence in the command line's language: the file problems Foundation reports by
    /// number named with their path, the field errors of a value told in the language's words
    /// (`Resources/messages/`), every other error as it describes itself.
    static func sentence(for error: any Error) -> String {
        if let errors = error as? ValidationErrors { return ErrorWording.describe(errors) }
        if let error = error as? ContentError { return sentence(for: error) }
        guard let error = error as? CocoaError else { return "\(error)" }
        let path = (error.userInfo[NSFilePathErrorKey] as? String) ?? error.filePath ?? error.url?.path ?? "?"
        switch error.code {
        case .fileNoSuchFile, .fileReadNoSuchFile:
            return L("« {path} » n’existe pas", ["path": path])
        case .fileWriteFileExists:
            return L("« {path} » existe déjà", ["path": path])
        case .fileWriteNoPermission, .fileReadNoPermission:
            return L("pas le droit d’accéder à « {path} »", ["path": path])
        case .fileWriteOutOfSpace:
            return L("plus de place sur le disque pour écrire « {path} »", ["path": path])
        case .fileWriteUnknown:
            return L("impossible d’écrire « {path} » : un fichier porte déjà ce nom, ou un dossier du chemin manque", ["path": path])
        default:
            return L("« {path} » : {reason}", ["path": path, "reason": error.localizedDescription])
        }
    }

    /// A domain error in the command line's language (``ContentError``'s own description is French).
    static func sentence(for error: ContentError) -> String {
        switch error {
        case .notFound(let what): L("introuvable : {what}", ["what": what])
        case .slugTaken(let slug): L("l’identifiant « {slug} » est déjà pris", ["slug": slug.rawValue])
        case .networkMissing: L("aucun réseau ici : lancez d’abord « kibaru init »")
        case .storeUnavailable(let reason): L("base de données inutilisable : {reason}", ["reason": reason])
        case .editConflict: L("quelqu’un a enregistré cet article entre-temps : rechargez-le avant de le modifier")
        case .forbidden(let action): L("vous n’avez pas le droit de faire ceci : {action}", ["action": action])
        }
    }
}
