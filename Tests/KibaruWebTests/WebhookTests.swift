import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import KibaruApp
import KibaruCore
import KibaruServices
import KibaruTesting
import Logging
import Synchronization
import Testing

/// Webhooks (issue 13): the events of a site's changes, queued in the change's transaction, delivered signed to a
/// real receiver on 127.0.0.1, retried with backoff, and listed in the admin.
@Suite struct WebhookTests {
    /// An HTTP server on 127.0.0.1 that records what it receives and answers the statuses it is given, then 200.
    final class Receiver: Sendable {
        let port: Int
        private let task: Task<Void, any Error>
        private let log: Log

        /// What the receiver got, and what it will answer.
        final class Log: Sendable {
            let received = Mutex<[(headers: HTTPFields, body: String)]>([])
            let answers: Mutex<[HTTPResponse.Status]>

            init(answers: [HTTPResponse.Status]) {
                self.answers = Mutex(answers)
            }
        }

        var requests: [(headers: HTTPFields, body: String)] { log.received.withLock { $0 } }

        init(answering answers: [HTTPResponse.Status] = []) async throws {
            let log = Log(answers: answers)
            let router = Router()
            router.post("recu") { request, _ -> Response in
                let body = try await request.body.collect(upTo: 1 << 20)
                log.received.withLock { $0.append((request.headers, String(buffer: body))) }
                return Response(status: log.answers.withLock { $0.isEmpty ? .ok : $0.removeFirst() })
            }
            let (ports, listening) = AsyncStream.makeStream(of: Int.self)
            let application = Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { channel in listening.yield(channel.localAddress?.port ?? 0) })
            task = Task { try await application.runService() }
            var port = 0
            for await bound in ports {
                port = bound
                break
            }
            self.port = port
            self.log = log
        }

        func stop() { task.cancel() }
    }

    /// A clock the test moves.
    final class Clock: Sendable {
        private let date = Mutex(TestNetwork.now)
        var now: Date { date.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { date.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    static func session(_ network: TestNetwork, _ login: TestNetwork.Login) async throws -> StaffSession {
        try #require(try await network.store.session(tokenHash: SecureToken.hash(login.token), now: Date()))
    }

    @Test func aPublicationIsDeliveredSignedAfterARetryAndCommentsApprovedFollow() async throws {
        let network = try await TestNetwork.make()
        let owner = try await Self.session(network, try await network.staff("Olga Propriétaire", role: .owner))
        let receiver = try await Receiver(answering: [.internalServerError])
        defer { receiver.stop() }
        let clock = Clock()
        let webhook = try await WebhookService(store: network.store, now: { clock.now }).add(
            siteSlug: network.site.slug, url: "http://127.0.0.1:\(receiver.port)/recu",
            events: [.articlePublished, .commentApproved], actor: owner)
        #expect(webhook.secret.hasPrefix("whsec_"))
        let editorial = EditorialService(store: network.store, now: { clock.now })
        let article = try await editorial.perform(
            .publish,
            draft: ArticleDraft(siteSlug: network.site.slug, title: "La crue du Niger", bodyMarkdown: "Texte.", authorNames: []),
            expectedVersion: nil, actor: owner)
        let deliverer = WebhookDeliverer(
            store: network.store, client: DeliveryClient(), logger: Logger(label: "test"), now: { clock.now })
        defer { Task { try? await deliverer.client.shutdown() } }

        #expect(try await deliverer.deliverDue() == 1)
        #expect(receiver.requests.count == 1, "the first attempt, answered 500")
        var log = try await network.store.read { tx in try await tx.webhookDeliveries(siteID: network.site.id, limit: 10) }
        #expect(log.first?.delivery.attempts == 1 && log.first?.delivery.lastStatus == 500)
        #expect(log.first?.delivery.nextAttemptAt == clock.now.addingTimeInterval(30), "tried again in 30 s")
        #expect(try await deliverer.deliverDue() == 0, "not due yet")

        // A restart: another deliverer over the same store sends what is due.
        clock.advance(31)
        let restarted = WebhookDeliverer(
            store: network.store, client: DeliveryClient(), logger: Logger(label: "test"), now: { clock.now })
        defer { Task { try? await restarted.client.shutdown() } }
        #expect(try await restarted.deliverDue() == 1)
        let (headers, body) = try #require(receiver.requests.last)
        #expect(headers[HTTPField.Name("Kibaru-Event")!] == "article.published")
        let signature = try #require(headers[HTTPField.Name("Kibaru-Signature")!])
        let parts = Dictionary(uniqueKeysWithValues: signature.split(separator: ",").map { part in
            let pair = part.split(separator: "=", maxSplits: 1)
            return (String(pair[0]), String(pair[1]))
        })
        #expect(parts["t"] == "\(Int(clock.now.timeIntervalSince1970))")
        #expect(parts["v1"] == SecureToken.hmacSHA256("\(parts["t"]!).\(body)", secret: webhook.secret))
        #expect(body == receiver.requests[0].body, "the same payload on each attempt")
        let payload = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(payload["event"] as? String == "article.published")
        let described = try #require(payload["article"] as? [String: Any])
        #expect(described["id"] as? Int == Int(article.id.rawValue))
        #expect(described["title"] as? String == "La crue du Niger")
        #expect(described["path"] as? String == "/mali-actu/2024/03/01/la-crue-du-niger/")
        #expect(described["api"] as? String == "/api/v1/articles/\(article.id)")
        log = try await network.store.read { tx in try await tx.webhookDeliveries(siteID: network.site.id, limit: 10) }
        #expect(log.first?.delivery.deliveredAt == clock.now && log.first?.delivery.nextAttemptAt == nil)

        // An edit is not an event this webhook listens to; an approved comment is.
        var draft = ArticleDraft(article, siteSlug: network.site.slug)
        draft.title = "La crue du Niger, suite"
        try await editorial.perform(.save, draft: draft, expectedVersion: nil, actor: owner)
        let comment = try await network.store.write { tx in
            try await tx.insertComment(NewComment(
                articleID: article.id, authorName: "Fatou", body: "Merci.", createdAt: clock.now, status: .pending))
        }
        try await CommentModeration(store: network.store, now: { clock.now }).setStatus(.approved, of: [comment.id], actor: owner)
        #expect(try await restarted.deliverDue() == 1)
        #expect(receiver.requests.last?.headers[HTTPField.Name("Kibaru-Event")!] == "comment.approved")
        #expect(receiver.requests.last?.body.contains(#""authorName":"Fatou""#) == true)
    }

    @Test func anArticlePublishedThroughTheAdminAPIReachesTheWebhook() async throws {
        let network = try await TestNetwork.make()
        let login = try await network.staff("Olga Propriétaire", role: .owner)
        let owner = try await Self.session(network, login)
        let receiver = try await Receiver()
        defer { receiver.stop() }
        try await WebhookService(store: network.store, now: { TestNetwork.now }).add(
            siteSlug: network.site.slug, url: "http://127.0.0.1:\(receiver.port)/recu", events: [.articlePublished],
            actor: owner)
        let token = try await APITokenService(store: network.store, now: { TestNetwork.now })
            .create(name: "Appli", scopes: [.writeArticles, .publishArticles], for: login.staff.id, actor: login.staff).secret
        let application = try await network.application()
        let created = try await AdminAPITests.call(application, .post, "/api/v1/admin/articles", token: token, json: [
            "site": "mali-actu", "title": "Par l’API", "body": "Texte.",
        ])
        let id = try #require(created.json?["id"] as? Int)
        #expect(try await AdminAPITests.call(application, .post, "/api/v1/admin/articles/\(id)/publish", token: token).status == .ok)
        let deliverer = WebhookDeliverer(
            store: network.store, client: DeliveryClient(), logger: Logger(label: "test"), now: { TestNetwork.now })
        defer { Task { try? await deliverer.client.shutdown() } }
        #expect(try await deliverer.deliverDue() == 1, "one event: the draft's creation tells nothing")
        #expect(receiver.requests.first?.body.contains(#""title":"Par l’API""#) == true)
    }

    @Test func anUnreachableTargetIsRetriedWithBackoffThenGivenUp() async throws {
        #expect(WebhookDeliverer.backoff(after: 1) == 30)
        #expect(WebhookDeliverer.backoff(after: 2) == 60)
        #expect(WebhookDeliverer.backoff(after: 20) == 6 * 3_600)
        let network = try await TestNetwork.make()
        let owner = try await Self.session(network, try await network.staff("Olga Propriétaire", role: .owner))
        let clock = Clock()
        // Nothing listens on port 9 of the loopback: every attempt fails (within its short timeout).
        try await WebhookService(store: network.store, now: { clock.now }).add(
            siteSlug: network.site.slug, url: "http://127.0.0.1:9/recu", events: [.articlePublished], actor: owner)
        try await EditorialService(store: network.store, now: { clock.now }).perform(
            .publish,
            draft: ArticleDraft(siteSlug: network.site.slug, title: "Sans réponse", bodyMarkdown: "Texte.", authorNames: []),
            expectedVersion: nil, actor: owner)
        var deliverer = WebhookDeliverer(
            store: network.store, client: DeliveryClient(), logger: Logger(label: "test"), now: { clock.now })
        deliverer.attemptTimeout = .milliseconds(300)
        defer { Task { [deliverer] in try? await deliverer.client.shutdown() } }
        for attempt in 1...WebhookDeliverer.maximumAttempts {
            #expect(try await deliverer.deliverDue() == 1, "attempt \(attempt)")
            clock.advance(WebhookDeliverer.backoff(after: attempt) + 1)
        }
        #expect(try await deliverer.deliverDue() == 0, "given up")
        let log = try await network.store.read { tx in try await tx.webhookDeliveries(siteID: network.site.id, limit: 10) }
        #expect(log.count == 1)
        #expect(log.first?.delivery.attempts == WebhookDeliverer.maximumAttempts)
        #expect(log.first?.delivery.nextAttemptAt == nil && log.first?.delivery.deliveredAt == nil)
        #expect(log.first?.delivery.lastError?.isEmpty == false)
    }

    @Test func ownersManageWebhooksInTheAdminAndOthersCannot() async throws {
        let network = try await TestNetwork.make()
        let owner = try await network.staff("Olga Propriétaire", role: .owner)
        let editor = try await network.staff("Éric Éditeur", role: .editor)
        let application = try await network.application()
        try await application.test(.router) { client in
            let (status, _, page) = try await client.postForm(
                "/admin/sites/mali-actu/webhooks/",
                [("action", "add"), ("url", "https://partenaire.example/kibaru"), ("events[]", "article.published")],
                as: owner)
            #expect(status == .ok)
            #expect(page.contains("https://partenaire.example/kibaru") && page.contains("whsec_"))
            let (refused, _, problem) = try await client.postForm(
                "/admin/sites/mali-actu/webhooks/",
                [("action", "add"), ("url", "http://partenaire.example/"), ("events[]", "article.published")], as: owner)
            #expect(refused == .unprocessableContent)
            #expect(problem.contains("une adresse https://"))
            #expect(try await client.getPage("/admin/sites/mali-actu/webhooks/", as: editor).0 == .notFound)
            let (forbidden, _, _) = try await client.postForm(
                "/admin/sites/mali-actu/webhooks/",
                [("action", "add"), ("url", "https://pirate.example/"), ("events[]", "article.published")], as: editor)
            #expect(forbidden == .forbidden)
            let id = try #require(try await network.store.read { tx in try await tx.webhooks(siteID: network.site.id) }.first?.id)
            let (removed, _, _) = try await client.postForm(
                "/admin/sites/mali-actu/webhooks/", [("action", "remove"), ("webhook", "\(id)")], as: owner)
            #expect(removed == .ok)
        }
        #expect(try await network.store.read { tx in try await tx.webhooks(siteID: network.site.id) }.isEmpty)
        #expect(try await network.store.auditLog(siteIDs: nil, limit: 10).map(\.action).contains("webhook.remove"))
    }
}
