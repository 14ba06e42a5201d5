import Foundation
import KibaruCore

/// Tells the article's authors and the site's editors and owners, by e-mail in the site's language, that a comment
/// arrived (held or published). The message is plain text: nothing a reader wrote can run in a mail client.
public struct CommentNotifier: Sendable {
    let store: any ContentStore & StaffStore
    let mailer: any MailSender
    /// The network's public URL, for the link to the moderation queue.
    let baseURL: String
    let wording: MailWording

    public init(store: any ContentStore & StaffStore, mailer: any MailSender, baseURL: String, wording: MailWording) {
        self.store = store
        self.mailer = mailer
        self.baseURL = baseURL
        self.wording = wording
    }

    /// The addresses to tell about a comment on `article`: its authors' staff accounts and the site's editors and
    /// owners, each once.
    public func recipients(for article: Article) async throws -> [String] {
        let authorIDs = Set(article.authors.map(\.id))
        return try await store.staffList().filter { staff, memberships in
            (staff.personID.map(authorIDs.contains) ?? false)
                || memberships.contains { $0.siteID == article.siteID && $0.role >= .editor }
        }.map(\.0.email).sorted()
    }

    /// Sends one message a recipient; spam is not announced. Returns the addresses written to.
    @discardableResult
    public func notify(_ comment: Comment) async throws -> [String] {
        guard comment.status != .spam, let article = try await store.article(id: comment.articleID) else { return [] }
        let recipients = try await recipients(for: article)
        let siteID = article.siteID
        let language = try await store.read { tx in try await tx.site(id: siteID) }?.language ?? "fr"
        let values = [
            "title": article.title, "name": comment.authorName, "comment": comment.body,
            "state": wording.text(comment.approved ? "comment_state_published" : "comment_state_pending", language: language),
            "link": "\(baseURL)/admin/commentaires/?statut=\(comment.status.rawValue)",
        ]
        for address in recipients {
            try await mailer.send(wording.message("comment", language: language, to: address, values: values))
        }
        return recipients
    }
}
