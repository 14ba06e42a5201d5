import ArgumentParser
import Foundation
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruText

/// `kibaru user add|role|remove|passwd|list|reset-link`
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: L("Gère les comptes de l’équipe (rédaction, édition, administration)."),
        subcommands: [Add.self, RoleCommand.self, Remove.self, Passwd.self, List.self, ResetLink.self])

    struct RoleCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "role",
            abstract: L("Donne à un compte existant un rôle sur un site, le change, ou le retire (--role none)."))

        @Argument(help: ArgumentHelp(L("L’adresse e-mail du compte.")))
        var email: String

        @Option(help: ArgumentHelp(L("Le site.")))
        var site: String

        @Option(help: ArgumentHelp(L("contributor, author, editor, owner, ou none pour retirer le rôle.")))
        var role: String

        @OptionGroup var data: DataOptions

        func run() async throws {
            let siteRole = Role(rawValue: role)
            guard siteRole != nil || role == "none" else {
                throw CLIError(L("rôle « {role} » inconnu : contributor, author, editor, owner ou none", ["role": role]))
            }
            let store = try await data.directory().open()
            try await StaffService(store: store, hasher: BcryptHasher()).setRole(
                siteRole, email: email.lowercased(), siteSlug: try Slug(validating: site, field: "site"), actor: nil)
            print(siteRole == nil
                ? L("{email} n’a plus de rôle sur {site}.", ["email": email, "site": site])
                : L("{email} est {role} sur {site}.", ["email": email, "role": role, "site": site]))
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: L("Supprime un compte (ses rôles, sessions et jetons ; ses articles gardent leur signature)."))

        @Argument(help: ArgumentHelp(L("L’adresse e-mail du compte.")))
        var email: String

        @OptionGroup var data: DataOptions

        func run() async throws {
            let store = try await data.directory().open()
            try await StaffService(store: store, hasher: BcryptHasher()).remove(email: email.lowercased(), actor: nil)
            print(L("Compte {email} supprimé.", ["email": email]))
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: L("Crée un compte avec un rôle sur un site, ou un administrateur du réseau (--role admin)."),
            discussion: reflowed(L("""
                Rôles : contributor, author, editor, owner (avec --site), admin (tout le réseau).
                Le mot de passe est lu sur l’entrée standard quand elle n’est pas un terminal, demandé sinon ;
                --generate en crée un et l’affiche une seule fois.
                """)))

        @Argument(help: ArgumentHelp(L("L’adresse e-mail, qui sert d’identifiant.")))
        var email: String

        @Option(help: ArgumentHelp(L("Le nom affiché (et signé sous les articles).")))
        var name: String

        @Option(help: ArgumentHelp(L("contributor, author, editor, owner ou admin.")))
        var role: String

        @Option(help: ArgumentHelp(L("Le site où le rôle s’applique (sauf pour admin).")))
        var site: String?

        @Flag(help: ArgumentHelp(L("Créer un mot de passe aléatoire et l’afficher.")))
        var generate = false

        @OptionGroup var data: DataOptions

        func run() async throws {
            let isAdmin = role == Role.networkAdminIdentifier
            let siteRole = Role(rawValue: role)
            guard isAdmin || siteRole != nil else {
                throw CLIError(L("rôle « {role} » inconnu : contributor, author, editor, owner ou admin", ["role": role]))
            }
            guard isAdmin || site != nil else { throw CLIError(L("--site est nécessaire pour le rôle {role}", ["role": role])) }
            let password = generate ? PasswordInput.generated() : try PasswordInput.read(prompt: L("Mot de passe : "))
            let store = try await data.directory().open()
            let staff = try await StaffService(store: store, hasher: BcryptHasher()).add(
                email: email, name: name, password: password, role: isAdmin ? nil : siteRole,
                siteSlug: try site.map { try Slug(validating: $0, field: "site") }, isNetworkAdmin: isAdmin)
            print(site.map { L("Compte créé : {email} ({role} sur {site})", ["email": staff.email, "role": role, "site": $0]) }
                ?? L("Compte créé : {email} ({role})", ["email": staff.email, "role": role]))
            if generate { print(L("Mot de passe (affiché une seule fois) : {password}", ["password": password])) }
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: L("Change le mot de passe d’un compte et ferme toutes ses sessions."))

        @Argument(help: ArgumentHelp(L("L’adresse e-mail du compte.")))
        var email: String

        @Flag(help: ArgumentHelp(L("Créer un mot de passe aléatoire et l’afficher.")))
        var generate = false

        @OptionGroup var data: DataOptions

        func run() async throws {
            let password = generate ? PasswordInput.generated() : try PasswordInput.read(prompt: L("Nouveau mot de passe : "))
            let store = try await data.directory().open()
            try await StaffService(store: store, hasher: BcryptHasher()).setPassword(email: email, password: password)
            print(L("Mot de passe changé pour {email}", ["email": email.lowercased()]))
            if generate { print(L("Mot de passe (affiché une seule fois) : {password}", ["password": password])) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: L("Liste les comptes et leurs rôles."))

        @Flag(help: ArgumentHelp(L("En JSON, pour les scripts.")))
        var json = false

        @OptionGroup var data: DataOptions

        struct Listed: Encodable {
            struct SiteRole: Encodable {
                var site: String
                var role: String
            }
            var email: String
            var name: String
            var networkAdministrator: Bool
            var roles: [SiteRole]
        }

        func run() async throws {
            let store = try await data.directory().open()
            let sites = Dictionary(uniqueKeysWithValues: try await store.sites().map { ($0.id, $0.slug.rawValue) })
            if json {
                return try JSONOutput.print(try await store.staffList().map { staff, memberships in
                    Listed(
                        email: staff.email, name: staff.name, networkAdministrator: staff.isNetworkAdmin,
                        roles: memberships.map { .init(site: sites[$0.siteID] ?? "?", role: $0.role.rawValue) })
                })
            }
            for (staff, memberships) in try await store.staffList() {
                var roles = memberships.map { "\(sites[$0.siteID] ?? "?"):\($0.role.rawValue)" }
                if staff.isNetworkAdmin { roles.insert("admin", at: 0) }
                print("\(staff.email)\t\(staff.name)\t\(roles.isEmpty ? "-" : roles.joined(separator: ","))")
            }
        }
    }

    struct ResetLink: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-link", abstract: L("Affiche un lien à usage unique (24 heures) pour choisir un mot de passe."))

        @Argument(help: ArgumentHelp(L("L’adresse e-mail du compte.")))
        var email: String

        @Option(name: .customLong("base-url"), help: ArgumentHelp(L("L’adresse publique du réseau.")))
        var baseURL = "http://127.0.0.1:8080"

        @Option(help: ArgumentHelp(L("Envoyer aussi le lien par courriel par ce serveur : smtp://hôte:port (sans TLS, relais local).")))
        var smtp: String?

        @Option(name: .customLong("mail-from"), help: ArgumentHelp(L("L’adresse d’expédition des courriels.")))
        var mailFrom = "kibaru@localhost.localdomain"

        @Option(help: ArgumentHelp(L("La langue du courriel : fr ou en.")))
        var language = "fr"

        @Option(help: ArgumentHelp(L("Le dossier Resources/ (textes des courriels), s’il n’est pas trouvé seul.")))
        var resources: String?

        @OptionGroup var data: DataOptions

        func run() async throws {
            let store = try await data.directory().open()
            let service = StaffService(store: store, hasher: BcryptHasher())
            let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            if let smtp {
                let mailer = SMTPMailSender(settings: try SMTPSettings(url: smtp, from: mailFrom))
                let wording = try MailWording.load(resourcesDirectory: try ResourceLocator.find(explicit: resources))
                guard wording.languages.contains(language) else {
                    throw ValidationError(L(
                        "--language : « {language} » n’est pas une langue des courriels ({languages})",
                        ["language": language, "languages": wording.languages.joined(separator: ", ")]))
                }
                print(try await service.mailResetLink(
                    email: email, baseURL: base, mailer: mailer, wording: wording, language: language))
                print(L("Lien envoyé à {email}", ["email": email.lowercased()]))
            } else {
                print("\(base)/admin/mot-de-passe/?jeton=\(try await service.createResetToken(email: email))")
            }
        }
    }
}

/// Reads passwords for the CLI without echoing them on a terminal.
enum PasswordInput {
    static func read(prompt: String) throws -> String {
        let line: String?
        if isatty(STDIN_FILENO) == 1 {
            line = getpass(prompt).map { String(cString: $0) }
        } else {
            line = Swift.readLine(strippingNewline: true)
        }
        guard let password = line, !password.isEmpty else {
            throw CLIError(L("aucun mot de passe lu sur l’entrée standard (ou utilisez --generate)"))
        }
        return password
    }

    static func generated() -> String {
        String(SecureToken.make().prefix(20))
    }
}
