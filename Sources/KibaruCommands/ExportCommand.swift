import ArgumentParser
import Foundation
import KibaruApp
import KibaruCore
import KibaruImport
import KibaruText

/// `kibaru export wxr|json …`
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: L("Exporte un site (WordPress WXR) ou tout le réseau (JSON)."),
        subcommands: [Wxr.self, Json.self])

    struct Wxr: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: L("Écrit un site en export WordPress (WXR 1.2), que l’importateur de WordPress accepte."),
            discussion: reflowed(L("Kibaru réimporte son propre export à l’identique (source Markdown, crédits des figures).")))

        @Option(help: ArgumentHelp(L("Le site à exporter.")))
        var site: String

        @Option(help: ArgumentHelp(L("Le fichier à écrire (sinon la sortie standard).")))
        var out: String?

        @Option(name: .customLong("base-url"), help: ArgumentHelp(L("L’adresse publique du réseau, pour les liens absolus.")))
        var baseURL = "http://127.0.0.1:8080"

        @OptionGroup var output: ProgressOptions
        @OptionGroup var data: DataOptions

        func run() async throws {
            let store = try await data.directory().open()
            let slug = try Slug(validating: site, field: "site")
            let file = try OutputFile(path: out)
            let count = try await WXRExporter(store: store, baseURL: baseURL)
                .export(site: slug, to: file.handle, progress: output.progress)
            try file.close()
            Progress.print(Words.count(count, "article ou page exporté", "articles et pages exportés"))
        }
    }

    struct Json: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: L("Écrit tout le réseau (ou un site) en JSON : réglages, personnes, étiquettes, articles, commentaires."),
            discussion: reflowed(L("Le fichier contient les adresses e-mail et IP des lecteurs : gardez-le privé.")))

        @Option(help: ArgumentHelp(L("Un seul site (sinon tout le réseau).")))
        var site: String?

        @Option(help: ArgumentHelp(L("Le fichier à écrire (sinon la sortie standard).")))
        var out: String?

        @OptionGroup var data: DataOptions

        func run() async throws {
            let store = try await data.directory().open()
            let json = try await JSONExporter(store: store).export(only: try site.map { try Slug(validating: $0, field: "site") })
            let output = try OutputFile(path: out)
            try output.handle.write(contentsOf: json + Data("\n".utf8))
            try output.close()
        }
    }
}

/// `kibaru build --out DIR [--site SLUG]`
struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build", abstract: L("Écrit le site public en fichiers statiques (miroirs, CDN, coupures d’internet)."),
        discussion: reflowed(L("""
            Pages, étiquettes, auteurs, flux, plans du site et médias, tels que le serveur les sert ; un chemin en
            « / » devient « …/index.html ». Relancé sur le même dossier, ne réécrit que ce qui a changé et retire
            ce qui n’existe plus. La recherche et les formulaires de commentaire demandent le serveur.
            """)))

    @Option(help: ArgumentHelp(L("Le dossier où écrire le site.")))
    var out: String

    @Option(help: ArgumentHelp(L("Un seul site (sinon tout le réseau).")))
    var site: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp(L("L’adresse publique du miroir, pour les liens absolus des flux.")))
    var baseURL = "http://127.0.0.1:8080"

    @Option(help: ArgumentHelp(L("Le dossier Resources/ (thèmes), s’il n’est pas trouvé seul.")))
    var resources: String?

    @OptionGroup var output: ProgressOptions
    @OptionGroup var data: DataOptions

    func run() async throws {
        let config = try AppConfig(
            data: try data.directory(), resourcesDirectory: try ResourceLocator.find(explicit: resources), baseURL: baseURL)
        let report = try await StaticSiteBuilder(config: config).build(
            into: out, only: try site.map { try Slug(validating: $0, field: "site") }, progress: output.progress)
        Progress.result(
            L(
                "{out} : {written} fichiers écrits, {unchanged} inchangés, {removed} retirés, {media} médias copiés",
                [
                    "out": out, "written": "\(report.written)", "unchanged": "\(report.unchanged)",
                    "removed": "\(report.removed)", "media": "\(report.media)",
                ]))
    }
}

/// A file to write, or standard output.
struct OutputFile {
    let handle: FileHandle
    let isFile: Bool

    init(path: String?) throws {
        guard let path else {
            handle = FileHandle.standardOutput
            isFile = false
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CLIError(L("{path} : impossible d’écrire ce fichier", ["path": path]))
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        isFile = true
    }

    func close() throws {
        if isFile { try handle.close() }
    }
}
