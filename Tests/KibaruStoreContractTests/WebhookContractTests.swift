import Foundation
import KibaruCore
import Testing

/// ``WebhookRepository`` on every store: webhooks of a site, events queued for those that listen to them,
/// deliveries claimed once until their claim runs out, their outcomes, the log and its pruning.
@Suite struct WebhookContract {
    @Test(arguments: StoreUnderTest.all)
    func eventsReachTheWebhooksThatListenAndAreClaimedOnce(_ subject: StoreUnderTest) async throws {
        let store = try await subject.make()
        let (site, other, published, everything) = try await store.write { tx in
            let site = try await tx.insertSite(NewSite(slug: .of("sahel"), title: "Sahel"))
            let other = try await tx.insertSite(NewSite(slug: .of("autre"), title: "Autre"))
            let published = try await tx.insertWebhook(NewWebhook(
                siteID: site.id, url: "https://partenaire.example/kibaru", secret: "s1", events: [.articlePublished],
                createdAt: Instant.now))
            let everything = try await tx.insertWebhook(NewWebhook(
                siteID: site.id, url: "http://127.0.0.1:9/recu", secret: "s2", events: Set(WebhookEvent.allCases),
                createdAt: Instant.now))
            _ = try await tx.insertWebhook(NewWebhook(
                siteID: other.id, url: "https://ailleurs.example/", secret: "s3", events: Set(WebhookEvent.allCases),
                createdAt: Instant.now))
            return (site, other, published, everything)
        }
        #expect(try await store.read { tx in try await tx.webhooks(siteID: site.id) } == [published, everything])
        try await store.write { tx in
            try await tx.enqueueWebhookEvent(.articlePublished, siteID: site.id, payload: #"{"n":1}"#, at: Instant.now)
            try await tx.enqueueWebhookEvent(.commentPosted, siteID: site.id, payload: #"{"n":2}"#, at: Instant.minutes(1))
        }
        // Not due yet: nothing. Due: three deliveries (two for the first event, one for the second), each once.
        #expect(try await store.write { tx in
            try await tx.claimDueDeliveries(at: Instant.minutes(-1), leaseUntil: Instant.minutes(1), limit: 10)
        }.isEmpty)
        let claimed = try await store.write { tx in
            try await tx.claimDueDeliveries(at: Instant.minutes(2), leaseUntil: Instant.minutes(4), limit: 10)
        }
        #expect(claimed.count == 3)
        #expect(Set(claimed.map(\.webhook.url)) == [published.url, everything.url])
        #expect(claimed.allSatisfy { $0.delivery.attempts == 1 && $0.delivery.nextAttemptAt == Instant.minutes(4) })
        #expect(claimed.first { $0.delivery.payload == #"{"n":2}"# }?.webhook == everything)
        #expect(try await store.write { tx in
            try await tx.claimDueDeliveries(at: Instant.minutes(3), leaseUntil: Instant.minutes(5), limit: 10)
        }.isEmpty, "claimed deliveries wait for their claim to run out")
        // One delivered, one to try again, one given up.
        let (first, second, third) = (claimed[0].delivery, claimed[1].delivery, claimed[2].delivery)
        try await store.write { tx in
            try await tx.recordDeliveryAttempt(
                id: first.id, status: 200, error: nil, deliveredAt: Instant.minutes(3), nextAttemptAt: nil)
            try await tx.recordDeliveryAttempt(
                id: second.id, status: 500, error: "HTTP 500", deliveredAt: nil, nextAttemptAt: Instant.minutes(10))
            try await tx.recordDeliveryAttempt(id: third.id, status: nil, error: "refusé", deliveredAt: nil, nextAttemptAt: nil)
        }
        let again = try await store.write { tx in
            try await tx.claimDueDeliveries(at: Instant.minutes(11), leaseUntil: Instant.minutes(13), limit: 10)
        }
        #expect(again.map(\.delivery.id) == [second.id])
        #expect(again.first?.delivery.attempts == 2 && again.first?.delivery.lastError == "HTTP 500")
        let log = try await store.read { tx in try await tx.webhookDeliveries(siteID: site.id, limit: 10) }
        #expect(log.map(\.delivery.id) == [third.id, second.id, first.id].sorted(by: >))
        #expect(log.first { $0.delivery.id == first.id }?.delivery.deliveredAt == Instant.minutes(3))
        #expect(try await store.read { tx in try await tx.webhookDeliveries(siteID: other.id, limit: 10) }.isEmpty)
        // Done deliveries older than a date go; pending ones stay. Deleting a webhook deletes its deliveries.
        #expect(try await store.write { tx in try await tx.pruneWebhookDeliveries(before: Instant.minutes(5)) } == 2)
        try await store.write { tx in try await tx.deleteWebhook(id: everything.id) }
        #expect(try await store.read { tx in try await tx.webhookDeliveries(siteID: site.id, limit: 10) }.isEmpty)
        #expect(try await store.read { tx in try await tx.webhook(id: everything.id) } == nil)
    }

    @Test(arguments: StoreUnderTest.all)
    func aWebhookNeedsAnHTTPSOrLoopbackAddressAndAnEvent(_ subject: StoreUnderTest) async throws {
        let store = try await subject.make()
        let site = try await store.write { tx in try await tx.insertSite(NewSite(slug: .of("sahel"), title: "Sahel")) }
        for (url, events) in [("http://partenaire.example/", Set(WebhookEvent.allCases)), ("ftp://127.0.0.1/", [.articlePublished]),
                              ("https://user:pass@example.org/", [.articlePublished]), ("https://example.org/", [])] {
            await #expect(throws: ValidationErrors.self, "\(url)") {
                try await store.write { tx in
                    _ = try await tx.insertWebhook(NewWebhook(
                        siteID: site.id, url: url, secret: "s", events: events, createdAt: Instant.now))
                }
            }
        }
        #expect(NewWebhook.isAllowedTarget("http://localhost:8080/recu") && NewWebhook.isAllowedTarget("http://[::1]/"))
    }
}
