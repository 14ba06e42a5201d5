import ArgumentParser
import Foundation
import KibaruApp
import KibaruCore
import KibaruImport
import KibaruServices

/// `kibaru import page FILE --site SLUG --data DIR`
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Importe des contenus dans un site.", subcommands: [Page.self])

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

/// A command-line failure, printed as is.
struct CLIError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
