import ArgumentParser
import KibaruApp
import KibaruCore
import KibaruServices

/// `kibaru site create|list`
struct SiteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site", abstract: "Gère les sites (blogs) du réseau.", subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Crée un site, servi à /SLUG/.")

        @Argument(help: "L’identifiant du site dans les adresses (minuscules, chiffres, tirets).")
        var slug: String

        @Option(help: "Le titre du site.")
        var title: String

        @Option(help: "Le sous-titre du site.")
        var tagline = ""

        @Option(help: "La langue du site (fr, fr-ML, en…).")
        var language = "fr"

        @Option(name: .customLong("time-zone"), help: "Le fuseau horaire du site.")
        var timeZone = "Africa/Bamako"

        @Option(name: .customLong("domain"), help: "Un nom d’hôte qui sert ce site seul (blog.exemple.org).")
        var host: String?

        @OptionGroup var data: DataOptions

        func run() async throws {
            let store = try DataDirectory(path: data.data).open()
            let site = try await SiteService(store: store).create(
                Site(slug: try Slug(validating: slug), title: title, tagline: tagline, language: language,
                     timeZone: timeZone, host: host?.lowercased()))
            print("Site « \(site.title) » créé : \(Permalink.site(site.slug))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Liste les sites du réseau.")

        @OptionGroup var data: DataOptions

        func run() async throws {
            let store = try DataDirectory(path: data.data).open()
            for site in try await store.sites() {
                print("\(site.slug)\t\(site.title)\t\(site.host ?? "-")\t\(site.timeZone)")
            }
        }
    }
}
