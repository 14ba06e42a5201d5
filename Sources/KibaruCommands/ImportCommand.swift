import ArgumentParser
import Foundation
import KibaruApp
import KibaruCore
import KibaruImport
import KibaruServices

/// `kibaru import page|wxr|network …`
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Importe des contenus dans un site.",
        subcommands: [Page.self, Wxr.self, Network.self])

    /// What both WordPress imports accept.
    struct WXROptions: ParsableArguments {
        @Option(help: "Ce que deviennent les catégories WordPress : tags (étiquettes) ou sections (rubriques).")
        var categories = "tags"

        @Option(help: "Une copie de wp-content/uploads : ses fichiers sont copiés dans la médiathèque.")
        var media: String?

        @Flag(name: .customLong("dry-run"), help: "Lit et convertit tout, dit ce qui serait importé, n’écrit rien.")
        var dryRun = false

        func options() throws -> WXRImportOptions {
            guard let categories = WXRImportOptions.Categories(rawValue: categories) else {
                throw CLIError("--categories « \(categories) » inconnu : tags ou sections")
            }
            if let media {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: media, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw CLIError("--media \(media) : dossier introuvable")
                }
            }
            return WXRImportOptions(categories: categories, mediaDirectory: media, dryRun: dryRun)
        }
    }

    struct Wxr: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Importe un ou plusieurs exports WordPress (WXR) dans un site, créé s’il n’existe pas.",
            discussion: """
                Articles, pages, brouillons, auteurs, catégories et étiquettes, commentaires avec leurs fils et leur
                statut, images à la une et légendes. Les anciennes adresses (/?p=12, /category/…, /author/…) sont
                redirigées (301). Relancer l’import met à jour sans dupliquer ; un fichier mal formé s’arrête sur
                une erreur qui nomme sa ligne, et rien n’est écrit pour ce site.
                """)

        @Argument(help: "Les fichiers WXR (.xml).")
        var files: [String]

        @Option(help: "Le site qui reçoit les articles.")
        var site: String

        @OptionGroup var wxr: WXROptions
        @OptionGroup var data: DataOptions

        func run() async throws {
            let options = try wxr.options()
            let slug = try Slug(validating: site, field: "site")
            let directory = DataDirectory(path: data.data)
            let importer = WXRImporter(store: try directory.open(), mediaLibrary: directory.mediaPath)
            for file in files {
                let report = try await importer.importFile(file, into: slug, options: options, progress: Progress.print)
                print(report.summary)
            }
        }
    }

    struct Network: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Importe tout un réseau WordPress : un site par export WXR, créé s’il le faut.",
            discussion: """
                Donnez des fichiers WXR ou des dossiers qui en contiennent (*.xml). Le site de chaque blog est nommé
                d’après son adresse (monblog.mondoblog.org → monblog). Un export mal formé s’arrête avec sa ligne ;
                les sites déjà importés restent importés, et relancer la commande reprend sans dupliquer.
                """)

        @Argument(help: "Des fichiers WXR ou des dossiers de fichiers WXR.")
        var paths: [String]

        @OptionGroup var wxr: WXROptions
        @OptionGroup var data: DataOptions

        func run() async throws {
            let options = try wxr.options()
            var files: [String] = []
            for path in paths {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                    throw CLIError("\(path) : introuvable")
                }
                if isDirectory.boolValue {
                    let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".xml") }
                    files += names.sorted().map { (path as NSString).appendingPathComponent($0) }
                } else {
                    files.append(path)
                }
            }
            guard !files.isEmpty else { throw CLIError("aucun fichier .xml à importer") }
            let directory = DataDirectory(path: data.data)
            let importer = WXRImporter(store: try directory.open(), mediaLibrary: directory.mediaPath)
            for (index, file) in files.enumerated() {
                let slug = try WXRImporter.siteSlug(forFile: file)
                Progress.print("[\(index + 1)/\(files.count)] \(file) → \(slug)")
                let report = try await importer.importFile(file, into: slug, options: options, progress: Progress.print)
                print(report.summary)
            }
        }
    }

    struct Page: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Importe une page d’article copiée en texte (titre, Crédit, date, légendes, LIRE AUSSI…).",
            discussion: "Affiche l’adresse de l’article importé. Réimporter la même page la met à jour.")

        @Argument(help: "Le fichier texte de la page.")
        var file: String

        @Option(help: "Le site qui reçoit l’article.")
        var site: String

        @Option(help: "L’auteur crédité quand la page ne nomme personne après « Crédit: ».")
        var author = "La rédaction"

        @OptionGroup var data: DataOptions

        func run() async throws {
            guard let bytes = FileManager.default.contents(atPath: file) else {
                throw CLIError("\(file) : fichier introuvable ou illisible")
            }
            guard let text = String(bytes: bytes, encoding: .utf8) else {
                throw CLIError("\(file) : le fichier n’est pas en UTF-8")
            }
            let store = try DataDirectory(path: data.data).open()
            let slug = try Slug(validating: site, field: "site")
            guard let target = try await store.site(slug: slug) else {
                throw CLIError("site « \(site) » introuvable : créez-le avec « kibaru site create »")
            }
            let parser = ScrapedPageParser(fileName: (file as NSString).lastPathComponent, defaultAuthor: author)
            let imported = try parser.parse(text, site: target)
            let article: Article
            do {
                article = try await ArticleService(store: store).importArticle(imported)
            } catch let errors as ValidationErrors {
                throw CLIError("\(file) : \(errors)")
            }
            guard let publishedAt = article.publishedAt else { throw CLIError("\(file) : article sans date") }
            print(Permalink.article(site: target.slug, slug: article.slug, publishedAt: publishedAt, timeZone: target.zone))
        }
    }
}

/// Progress of long commands, on standard error so that standard output stays the result.
enum Progress {
    @Sendable static func print(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// A command-line failure, printed as is.
struct CLIError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
