import ArgumentParser
import Foundation
import KibaruApp
import KibaruCore
import KibaruImport
import KibaruServices
import KibaruText

/// `kibaru import page|wxr|network …`
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: L("Importe des contenus dans un site."),
        subcommands: [Page.self, Wxr.self, Network.self])

    /// What both WordPress imports accept.
    struct WXROptions: ParsableArguments {
        @Option(help: ArgumentHelp(L("Ce que deviennent les catégories WordPress : tags (étiquettes) ou sections (rubriques).")))
        var categories = "tags"

        @Option(help: ArgumentHelp(L("Une copie de wp-content/uploads : ses fichiers sont copiés dans la médiathèque.")))
        var media: String?

        @Flag(name: .customLong("dry-run"), help: ArgumentHelp(L("Lit et convertit tout, dit ce qui serait importé, n’écrit rien.")))
        var dryRun = false

        @OptionGroup var output: ProgressOptions

        /// Where progress lines go: standard error, or nowhere with `--quiet`.
        var progress: @Sendable (String) -> Void { output.progress }

        func options() throws -> WXRImportOptions {
            guard let categories = WXRImportOptions.Categories(rawValue: categories) else {
                throw CLIError(L("--categories « {value} » inconnu : tags ou sections", ["value": categories]))
            }
            if let media {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: media, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw CLIError(L("--media {path} : dossier introuvable", ["path": media]))
                }
            }
            return WXRImportOptions(categories: categories, mediaDirectory: media, dryRun: dryRun)
        }
    }

    struct Wxr: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: L("Importe un ou plusieurs exports WordPress (WXR) dans un site, créé s’il n’existe pas."),
            discussion: reflowed(L("""
                Articles, pages, brouillons, auteurs, catégories et étiquettes, commentaires avec leurs fils et leur
                statut, images à la une et légendes. Les anciennes adresses (/?p=12, /category/…, /author/…) sont
                redirigées (301). Relancer l’import met à jour sans dupliquer ; un fichier mal formé s’arrête sur
                une erreur qui nomme sa ligne, et rien n’est écrit pour ce site.
                """)))

        @Argument(help: ArgumentHelp(L("Les fichiers WXR (.xml).")))
        var files: [String]

        @Option(help: ArgumentHelp(L("Le site qui reçoit les articles.")))
        var site: String

        @OptionGroup var wxr: WXROptions
        @OptionGroup var data: DataOptions

        func run() async throws {
            let options = try wxr.options()
            let slug = try Slug(validating: site, field: "site")
            let directory = try data.directory()
            let importer = WXRImporter(store: try await directory.open(), media: directory.mediaStorage)
            for file in files {
                let report = try await importer.importFile(file, into: slug, options: options, progress: wxr.progress)
                Progress.result(report.summary)
            }
        }
    }

    struct Network: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: L("Importe tout un réseau WordPress : un site par export WXR, créé s’il le faut."),
            discussion: reflowed(L("""
                Donnez des fichiers WXR ou des dossiers qui en contiennent (*.xml). Le site de chaque blog est nommé
                d’après son adresse (monblog.mondoblog.org → monblog ; blogs.exemple.org/awa → awa), ou choisi
                avec --site FICHIER=SITE. Deux blogs ne vont jamais dans un même site : la commande refuse alors,
                avant d’importer quoi que ce soit, en nommant les deux fichiers. Un export mal formé s’arrête avec
                sa ligne ; les sites déjà importés restent importés, et relancer la commande reprend sans dupliquer.
                """)))

        @Argument(help: ArgumentHelp(L("Des fichiers WXR ou des dossiers de fichiers WXR.")))
        var paths: [String]

        @Option(
            name: .customLong("site"),
            help: ArgumentHelp(L("Le site d’un fichier, sous la forme FICHIER=SITE (awa.xml=awa) ; peut être répété.")))
        var siteChoices: [String] = []

        @OptionGroup var wxr: WXROptions
        @OptionGroup var data: DataOptions

        func run() async throws {
            let options = try wxr.options()
            var files: [String] = []
            for path in paths {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                    throw CLIError(L("{path} : introuvable", ["path": path]))
                }
                if isDirectory.boolValue {
                    let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".xml") }
                    files += names.sorted().map { (path as NSString).appendingPathComponent($0) }
                } else {
                    files.append(path)
                }
            }
            guard !files.isEmpty else { throw CLIError(L("aucun fichier .xml à importer")) }
            let sites = try plan(files)
            let directory = try data.directory()
            let importer = WXRImporter(store: try await directory.open(), media: directory.mediaStorage)
            for (index, file) in files.enumerated() {
                let slug = sites[index]
                wxr.progress("[\(index + 1)/\(files.count)] \(file) → \(slug)")
                let report = try await importer.importFile(file, into: slug, options: options, progress: wxr.progress)
                Progress.result(report.summary)
            }
        }

        /// The site of each file: chosen with `--site`, else named from its blog. Refuses, before anything is
        /// imported, two files of different blogs going to one site, naming both.
        func plan(_ files: [String]) throws -> [Slug] {
            var chosen: [String: Slug] = [:]
            for choice in siteChoices {
                let parts = choice.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty else {
                    throw CLIError(L("--site « {choice} » : attendu FICHIER=SITE (awa.xml=awa)", ["choice": choice]))
                }
                guard files.contains(where: { $0 == parts[0] || ($0 as NSString).lastPathComponent == parts[0] }) else {
                    throw CLIError(
                        L("--site « {choice} » : aucun fichier importé ne s’appelle « {file} »", ["choice": choice, "file": parts[0]]))
                }
                chosen[parts[0]] = try Slug(validating: parts[1], field: "site")
            }
            var firstFile: [Slug: (file: String, blog: String?)] = [:]
            return try files.map { file in
                let slug = try chosen[file] ?? chosen[(file as NSString).lastPathComponent] ?? WXRImporter.siteSlug(forFile: file)
                let blog = try WXRImporter.blogAddress(ofFile: file)
                if let first = firstFile[slug] {
                    if first.blog != blog || blog == nil {
                        throw CLIError(
                            L(
                                "{first} et {second} iraient tous deux dans le site « {site} » ({firstBlog} et {secondBlog}) : rien n’a été importé ; donnez à chacun son site avec --site {name}=AUTRE-SITE",
                                [
                                    "first": first.file, "second": file, "site": "\(slug)",
                                    "firstBlog": first.blog ?? L("blog sans adresse"), "secondBlog": blog ?? L("blog sans adresse"),
                                    "name": (file as NSString).lastPathComponent,
                                ]))
                    }
                } else {
                    firstFile[slug] = (file, blog)
                }
                return slug
            }
        }
    }

    struct Page: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: L("Importe une page d’article copiée en texte (titre, Crédit, date, légendes, LIRE AUSSI…)."),
            discussion: reflowed(L("Affiche l’adresse de l’article importé. Réimporter la même page la met à jour.")))

        @Argument(help: ArgumentHelp(L("Le fichier texte de la page.")))
        var file: String

        @Option(help: ArgumentHelp(L("Le site qui reçoit l’article.")))
        var site: String

        @Option(help: ArgumentHelp(L("L’auteur crédité quand la page ne nomme personne après « Crédit: ».")))
        var author = "La rédaction"

        @OptionGroup var data: DataOptions

        func run() async throws {
            guard let bytes = FileManager.default.contents(atPath: file) else {
                throw CLIError(L("{file} : fichier introuvable ou illisible", ["file": file]))
            }
            guard let text = String(bytes: bytes, encoding: .utf8) else {
                throw CLIError(L("{file} : le fichier n’est pas en UTF-8", ["file": file]))
            }
            let store = try await data.directory().open()
            let slug = try Slug(validating: site, field: "site")
            guard let target = try await store.site(slug: slug) else {
                throw CLIError(L("site « {site} » introuvable : créez-le avec « kibaru site create »", ["site": site]))
            }
            let parser = ScrapedPageParser(fileName: (file as NSString).lastPathComponent, defaultAuthor: author)
            let imported = try parser.parse(text, site: target)
            let article: Article
            do {
                article = try await ArticleService(store: store).importArticle(imported)
            } catch let errors as ValidationErrors {
                throw CLIError(L("{file} : {errors}", ["file": file, "errors": KibaruCommand.sentence(for: errors)]))
            }
            guard let publishedAt = article.publishedAt else { throw CLIError(L("{file} : article sans date", ["file": file])) }
            print(Permalink.article(site: target.slug, slug: article.slug, publishedAt: publishedAt, timeZone: target.zone))
        }
    }
}

/// A command-line failure, printed as is.
struct CLIError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
