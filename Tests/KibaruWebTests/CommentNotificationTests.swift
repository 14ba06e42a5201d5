import Foundation
import Hummingbird
import HummingbirdTesting
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruTesting
import Synchronization
import Testing

/// Authors and editors hear of new comments by e-mail; spam is not announced.
@Suite struct CommentNotificationTests {
    final class Outbox: MailSender {
        let messages = Mutex<[MailMessage]>([])
        func send(_ message: MailMessage) async throws { messages.withLock { $0.append(message) } }
    }

    @Test func theArticleAuthorsAndTheSiteEditorsAreTold() async throws {
        let network = try await TestNetwork.make()
        let author = try await network.staff("Awa Diarra", role: .author)
        let editor = try await network.staff("Éric", role: .editor)
        _ = try await network.staff("Chris", role: .contributor)
        let article = try await network.publish("Un article", authors: ["Awa Diarra"])
        let outbox = Outbox()
        let notifier = CommentNotifier(
            store: network.store, mailer: outbox, baseURL: "https://kibaru.test", wording: try MailWordingTests.wording())
        let comment = Comment(
            id: 1, NewComment(articleID: article.id, authorName: "Fatou", body: "<script>alert(1)</script> Bravo",
            createdAt: TestNetwork.now, status: .pending))
        let told = try await notifier.notify(comment)
        #expect(told == [author.staff.email, editor.staff.email].sorted())
        let message = try #require(outbox.messages.withLock { $0.first })
        #expect(message.subject == "Nouveau commentaire sur « Un article »")
        #expect(message.body.contains("Fatou a commenté « Un article » (en attente de modération)"))
        #expect(message.body.contains("https://kibaru.test/admin/commentaires/?statut=pending"))
        var spam = comment
        spam.status = .spam
        #expect(try await notifier.notify(spam).isEmpty)
    }

    @Test(.enabled(if: SMTPSink.isAvailable, "python3 without the smtpd module: skipped"))
    func aPostedCommentIsMailedThroughTheConfiguredServer() async throws {
        var network = try await TestNetwork.make()
        let editor = try await network.staff("Éric", role: .editor)
        try await network.publish("Un article")
        let sink = try await SMTPSink()
        network = network.configured { $0.smtp = try? SMTPSettings(url: "smtp://127.0.0.1:\(sink.port)", from: "kibaru@example.org") }
        let token = try await ReaderCommentTests.formToken(network)
        let later = network.restarted(at: TestNetwork.now.addingTimeInterval(10))
        try await later.application().test(.router) { client in
            try await client.execute(
                uri: "/commentaires/", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: AdminRequest.form([("article", "1"), ("jeton", token), ("nom", "Fatou"), ("texte", "Bravo !")])
            ) { response in #expect(response.status == .seeOther) }
            try await Task.sleep(for: .seconds(2))
        }
        let received = sink.stop()
        #expect(received.contains("To: \(editor.staff.email)"))
        #expect(received.contains("From: kibaru@example.org"))
    }
}
