import ArgumentParser
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruText

/// `kibaru site create|list|config|key`
struct SiteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site", abstract: L("Gère les sites (blogs) du réseau."),
        subcommands: [Create.self, List.self, Config.self, Key.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: L("Crée un site, servi à /SLUG/."))

        @Argument(help: ArgumentHelp(L("L’identifiant du site dans les adresses (minuscules, chiffres, tirets).")))
        var slug: String

        @Option(help: ArgumentHelp(L("Le titre du site.")))
        var title: String

        @Option(help: ArgumentHelp(L("Le sous-titre du site.")))
        var tagline = ""

        @Option(help: ArgumentHelp(L("La langue du site (fr, fr-ML, en…).")))
        var language = "fr"

        @Option(name: .customLong("time-zone"), help: ArgumentHelp(L("Le fuseau horaire du site.")))
        var timeZone = "Africa/Bamako"

        @Option(name: .customLong("domain"), help: ArgumentHelp(L("Un nom d’hôte qui sert ce site seul (blog.exemple.org).")))
        var host: String?

        @OptionGroup var data: DataOptions

        func run() async throws {
            let store = try await data.directory().open()
            let site = try await SiteService(store: store).create(
                NewSite(slug: try Slug(validating: slug), title: title, tagline: tagline, language: language,
                     timeZone: timeZone, host: host?.lowercased()))
            print(L("Site « {title} » créé : {address}", ["title": site.title, "address": Permalink.site(site.slug)]))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: L("Liste les sites du réseau."))

        @Flag(help: ArgumentHelp(L("En JSON, pour les scripts.")))
        var json = false

        @OptionGroup var data: DataOptions

        struct Listed: Encodable {
            var slug: String
            var title: String
            var host: String?
            var timeZone: String
            var language: String
        }

        func run() async throws {
            let store = try await data.directory().open()
            let sites = try await store.sites()
            if json {
                return try JSONOutput.print(sites.map {
                    Listed(slug: $0.slug.rawValue, title: $0.title, host: $0.host, timeZone: $0.timeZone, language: $0.language)
                })
            }
            for site in sites {
                print("\(site.slug)\t\(site.title)\t\(site.host ?? "-")\t\(site.timeZone)")
            }
        }
    }

    struct Config: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: L("Règle la modération des commentaires, la typographie et l’apparence d’un site."),
            discussion: reflowed(L("""
                --comments open : publiés aussitôt ; first-time : retenus pour qui n’a jamais été approuvé ;
                hold : tous retenus. --close-after N ferme les commentaires N jours après la publication (0 : jamais).
                --typography on|off applique ou non la typographie française à l’affichage (le texte enregistré
                ne change pas). --accent-color #rrggbb change la couleur des liens (lisible sur fond clair) ;
                --logo /media/… montre un logo près du titre, aussi icône des pages ; "" les retire.
                """)))

        @Argument(help: ArgumentHelp(L("Le site.")))
        var slug: String

        @Option(help: ArgumentHelp(L("open, first-time ou hold.")))
        var comments: String?

        // Read as a value even when it starts with « - », so that « --close-after -3 » is refused as a number
        // rather than taken for an option.
        @Option(
            name: .customLong("close-after"), parsing: .unconditional,
            help: ArgumentHelp(L("Jours après la publication où les commentaires ferment.")))
        var closeAfter: Int?

        @Option(help: ArgumentHelp(L("on ou off : typographie française à l’affichage.")))
        var typography: String?

        @Option(name: .customLong("accent-color"), help: ArgumentHelp(L("#rrggbb : couleur des liens et accents (\"\" : celle du thème).")))
        var accentColor: String?

        @Option(help: ArgumentHelp(L("/media/… ou https://… : logo près du titre et icône des pages (\"\" : aucun).")))
        var logo: String?

        @OptionGroup var data: DataOptions

        func run() async throws {
            let store = try await data.directory().open()
            guard var site = try await store.site(slug: try Slug(validating: slug)) else {
                throw CLIError(L("site « {slug} » introuvable", ["slug": slug]))
            }
            if let comments {
                guard let mode = CommentMode(rawValue: comments) else {
                    throw CLIError(L("--comments « {value} » inconnu : open, first-time ou hold", ["value": comments]))
                }
                site.commentMode = mode
            }
            if let closeAfter {
                guard closeAfter >= 0 else {
                    throw CLIError(L("--close-after {value} : un nombre de jours, 0 ou plus (0 : jamais fermés)", ["value": "\(closeAfter)"]))
                }
                site.commentsCloseAfterDays = closeAfter == 0 ? nil : closeAfter
            }
            switch typography {
            case nil: break
            case "on"?: site.frenchTypography = true
            case "off"?: site.frenchTypography = false
            case let other?: throw CLIError(L("--typography « {value} » inconnu : on ou off", ["value": other]))
            }
            if let accentColor { site.accentColor = accentColor.isEmpty ? nil : accentColor.lowercased() }
            if let logo { site.logo = logo.isEmpty ? nil : logo }
            try await SiteAdministration(store: store).updateSettings(site)
            var settings = L("{site} : commentaires {mode}", ["site": "\(site.slug)", "mode": site.commentMode.rawValue])
            if let days = site.commentsCloseAfterDays { settings += L(", fermés après {days} jours", ["days": "\(days)"]) }
            settings += site.frenchTypography ? L(", typographie française activée") : L(", typographie française désactivée")
            if let color = site.accentColor { settings += L(", couleur {color}", ["color": color]) }
            if let image = site.logo { settings += L(", logo {logo}", ["logo": image]) }
            print(settings)
        }
    }
}
