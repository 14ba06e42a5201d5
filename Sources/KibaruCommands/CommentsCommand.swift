import ArgumentParser
import Foundation
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruText

/// `kibaru comments list|approve|spam|trash`
struct CommentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comments", abstract: L("Modère les commentaires des lecteurs."),
        subcommands: [List.self, Approve.self, Spam.self, Trash.self, Export.self, Erase.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: L("Liste les commentaires d’un site."))

        @Option(help: ArgumentHelp(L("Le site.")))
        var site: String

        @Option(help: ArgumentHelp(L("pending, approved, spam ou trash.")))
        var status = "pending"

        @OptionGroup var data: DataOptions

        func run() async throws {
            guard let status = CommentStatus(rawValue: status) else {
                throw CLIError(L("état « {status} » inconnu : pending, approved, spam ou trash", ["status": self.status]))
            }
            let store = try await data.directory().open()
            guard let site = try await store.site(slug: try Slug(validating: self.site, field: "site"))
            else { throw CLIError(L("site « {slug} » introuvable", ["slug": self.site])) }
            for (comment, title) in try await store.comments(siteIDs: [site.id], status: status, limit: 500) {
                let flagged = comment.verdicts.filter(\.flagged).map(\.rule).joined(separator: ",")
                let text = comment.body.split(whereSeparator: \.isNewline).joined(separator: " ").prefix(80)
                print("\(comment.id)\t\(comment.authorName)\t\(title)\t\(flagged.isEmpty ? "-" : flagged)\t\(text)")
            }
        }
    }

    /// Sets the status of the comments given by id.
    static func set(_ status: CommentStatus, ids: [Int64], data: DataOptions) async throws {
        let store = try await data.directory().open()
        try await CommentModeration(store: store).setStatus(status, of: ids.map(Comment.ID.init(rawValue:)), actor: nil)
        print(L("{comments} : {status}", ["comments": Words.count(ids.count, "commentaire", "commentaires"), "status": label(of: status)]))
    }

    /// The moderation queue `status` puts comments in, in the command line's language (``CommentStatus/label``
    /// is the admin's French).
    static func label(of status: CommentStatus) -> String {
        switch status {
        case .pending: L("en attente")
        case .approved: L("approuvé")
        case .spam: L("indésirable")
        case .trash: L("corbeille")
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: L("Approuve des commentaires (ils sont publiés)."))
        @Argument(help: ArgumentHelp(L("Les numéros des commentaires."))) var ids: [Int64]
        @OptionGroup var data: DataOptions
        func run() async throws { try await CommentsCommand.set(.approved, ids: ids, data: data) }
    }

    struct Spam: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: L("Classe des commentaires comme indésirables."))
        @Argument(help: ArgumentHelp(L("Les numéros des commentaires."))) var ids: [Int64]
        @OptionGroup var data: DataOptions
        func run() async throws { try await CommentsCommand.set(.spam, ids: ids, data: data) }
    }

    struct Trash: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: L("Met des commentaires à la corbeille."))
        @Argument(help: ArgumentHelp(L("Les numéros des commentaires."))) var ids: [Int64]
        @OptionGroup var data: DataOptions
        func run() async throws { try await CommentsCommand.set(.trash, ids: ids, data: data) }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: L("Affiche en JSON tous les commentaires donnés sous une adresse e-mail (droit d’accès)."))
        @Option(help: ArgumentHelp(L("L’adresse e-mail du commentateur."))) var email: String
        @OptionGroup var data: DataOptions
        func run() async throws {
            let store = try await data.directory().open()
            print(String(decoding: try await CommenterRights(store: store).exportJSON(email: email), as: UTF8.self))
        }
    }

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: L("Efface tous les commentaires donnés sous une adresse e-mail (droit à l’effacement)."))
        @Option(help: ArgumentHelp(L("L’adresse e-mail du commentateur."))) var email: String
        @OptionGroup var data: DataOptions
        func run() async throws {
            let store = try await data.directory().open()
            let count = try await CommenterRights(store: store).erase(email: email)
            print(L("{comments} pour {email}", [
                "comments": Words.count(count, "commentaire effacé", "commentaires effacés"), "email": email.lowercased(),
            ]))
        }
    }
}
