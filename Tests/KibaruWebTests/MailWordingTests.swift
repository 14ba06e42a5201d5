import Foundation
import Hummingbird
import HummingbirdTesting
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruTesting
import KibaruText
import Synchronization
import Testing

/// The e-mails Kibaru sends come from a catalogue (`Resources/mail/`), French and English: a comment notice in the
/// site's language, a readers' rights link in the language of the site the reader came from (and leading back to
/// it), a password link in the admin's language.
@Suite struct MailWordingTests {
    final class Outbox: MailSender {
        let messages = Mutex<[MailMessage]>([])
        func send(_ message: MailMessage) async throws { messages.withLock { $0.append(message) } }
        var all: [MailMessage] { messages.withLock { $0 } }
    }

    static let folder = TestPaths.resources + "/mail"

    static func wording() throws -> MailWording { try MailWording.load(resourcesDirectory: TestPaths.resources) }

    static func englishSite(_ network: TestNetwork) async throws {
        var site = network.site
        site.language = "en"
        site.frenchTypography = false
        try await SiteAdministration(store: network.store).updateSettings(site)
    }

    /// Both languages have the same keys, and a catalogue missing one is refused when it loads.
    @Test func aCatalogueMissingAKeyIsRefused() throws {
        #expect(try Self.wording().languages == ["fr", "en"])
        let copy = try TestPaths.temporaryDirectory("mail")
        try FileManager.default.createDirectory(atPath: "\(copy)/mail", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(Self.folder)/fr.json", toPath: "\(copy)/mail/fr.json")
        var english = try JSONDecoder().decode(
            [String: String].self, from: Data(contentsOf: URL(fileURLWithPath: "\(Self.folder)/en.json")))
        english["rights_subject"] = nil
        try JSONEncoder().encode(english).write(to: URL(fileURLWithPath: "\(copy)/mail/en.json"))
        #expect(throws: CatalogueError.self) { try MailWording.load(resourcesDirectory: copy) }
    }

    @Test func aCommentNoticeIsInTheSiteLanguage() async throws {
        let network = try await TestNetwork.make()
        try await Self.englishSite(network)
        let editor = try await network.staff("Éric", role: .editor)
        let article = try await network.publish("An article")
        let outbox = Outbox()
        let notifier = CommentNotifier(
            store: network.store, mailer: outbox, baseURL: "https://kibaru.test", wording: try Self.wording())
        // What a reader writes is never read as a placeholder.
        let comment = Comment(
            id: 1, NewComment(articleID: article.id, authorName: "{link}", body: "Well done {title}",
            createdAt: TestNetwork.now, status: .approved))
        #expect(try await notifier.notify(comment) == [editor.staff.email])
        let message = try #require(outbox.all.first)
        #expect(message.subject == "New comment on “An article”")
        #expect(message.body.hasPrefix("{link} commented on “An article” (published):\n\nWell done {title}\n"))
        #expect(message.body.contains("Moderate: https://kibaru.test/admin/commentaires/?statut=approved"))
        #expect(!message.body.contains("commenté"))
    }

    /// The readers' rights link names the site the reader came from, so that the page opens in its language and
    /// look; the e-mail is in that language too, with the right number.
    @Test func theRightsLinkLeadsBackToTheSiteItCameFrom() async throws {
        let network = try await TestNetwork.make()
        let article = try await network.publish("Un article")
        for body in ["Premier", "Second"] {
            try await CommentService(store: network.store).add(NewComment(
                articleID: article.id, authorName: "Fatou", body: body, createdAt: TestNetwork.now, status: .approved,
                email: "fatou@example.org"))
        }
        let rights = CommenterRights(store: network.store, now: { TestNetwork.now })
        let outbox = Outbox()
        try await rights.sendLink(
            email: "Fatou@example.org", site: network.site, baseURL: "https://kibaru.test", clientAddress: "192.0.2.1",
            mailer: outbox, wording: try Self.wording())
        let french = try #require(outbox.all.last)
        #expect(french.subject == "Vos commentaires sur \(network.site.title)")
        #expect(french.body.contains("une copie de vos 2 commentaires ou les effacer"))
        #expect(french.body.contains("https://kibaru.test/commentaires/mes-donnees/?courriel=fatou%40example.org&expire="))
        #expect(french.body.contains("&site=\(network.site.slug.rawValue)\n"))

        try await Self.englishSite(network)
        let english = try #require(try await network.store.site(slug: network.site.slug))
        try await rights.sendLink(
            email: "fatou@example.org", site: english, baseURL: "https://kibaru.test", clientAddress: "192.0.2.1",
            mailer: outbox, wording: try Self.wording())
        let message = try #require(outbox.all.last)
        #expect(message.subject == "Your comments on \(network.site.title)")
        #expect(message.body.hasPrefix("Hello,\n\nTo receive a copy of your 2 comments or erase them, open this link"))
        #expect(outbox.all.count == 2)
    }

    @Test func aPasswordLinkIsInTheLanguageAsked() async throws {
        let network = try await TestNetwork.make()
        let login = try await network.staff("Awa Diarra", role: .author)
        let outbox = Outbox()
        let service = StaffService(store: network.store, hasher: BcryptHasher(cost: 4))
        let link = try await service.mailResetLink(
            email: login.staff.email, baseURL: "https://kibaru.test", mailer: outbox, wording: try Self.wording(),
            language: "en")
        let message = try #require(outbox.all.first)
        #expect(message.to == login.staff.email)
        #expect(message.subject == "Kibaru: choose your password")
        #expect(message.body.contains("open this link (valid for 24 hours, once):\n\n\(link)\n"))
        #expect(link.hasPrefix("https://kibaru.test/admin/mot-de-passe/?jeton="))
    }

    /// On an English site, a reader who gives a wrong address to ask for their comments is told so in English.
    @Test func anEnglishSiteTellsABadAddressInEnglish() async throws {
        var network = try await TestNetwork.make()
        try await Self.englishSite(network)
        network = network.configured { $0.smtp = try? SMTPSettings(url: "smtp://127.0.0.1:9", from: "kibaru@example.org") }
        let slug = network.site.slug.rawValue
        try await network.application().test(.router) { client in
            try await client.execute(
                uri: "/commentaires/mes-donnees/", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: AdminRequest.form([("courriel", "nowhere"), ("site", slug)])
            ) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .unprocessableContent)
                #expect(html.contains("this is not an e-mail address") && !html.contains("n’est pas une adresse"), "\(html)")
            }
        }
    }

    /// One comment is told in the singular; without a site, the link names none and the network is named.
    @Test func oneCommentWithoutASite() async throws {
        let network = try await TestNetwork.make()
        let article = try await network.publish("Un article")
        try await CommentService(store: network.store).add(NewComment(
            articleID: article.id, authorName: "Ali", body: "Bravo", createdAt: TestNetwork.now, status: .approved,
            email: "ali@example.org"))
        let outbox = Outbox()
        try await CommenterRights(store: network.store, now: { TestNetwork.now }).sendLink(
            email: "ali@example.org", site: nil, baseURL: "https://kibaru.test", clientAddress: "192.0.2.2", mailer: outbox,
            wording: try Self.wording())
        let message = try #require(outbox.all.first)
        #expect(message.subject == "Vos commentaires sur \(try await network.store.network().title)")
        #expect(message.body.contains("une copie de votre commentaire ou l’effacer"))
        #expect(!message.body.contains("&site="))
    }
}
