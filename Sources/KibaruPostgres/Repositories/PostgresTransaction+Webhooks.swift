import Foundation
import KibaruCore
import PostgresNIO

/// ``WebhookRepository``: sites' webhooks and their deliveries.
extension PostgresTransaction {
    func insertWebhook(_ webhook: NewWebhook) async throws -> Webhook {
        try webhook.validate()
        let events = webhook.events.sorted().map(\.rawValue).joined(separator: ",")
        let id = try await insertedID("""
            INSERT INTO webhook (site_id, url, secret, events, created_at)
            VALUES (\(webhook.siteID), \(webhook.url), \(webhook.secret), \(events), \(webhook.createdAt)) RETURNING id
            """, of: Webhook.self)
        return Webhook(id: id, webhook)
    }

    func webhook(id: Webhook.ID) async throws -> Webhook? {
        try await map("SELECT * FROM webhook WHERE id = \(id)", PostgresRowMapping.webhook).first
    }

    func deleteWebhook(id: Webhook.ID) async throws {
        try await run("DELETE FROM webhook WHERE id = \(id)")
    }

    func webhooks(siteID: Site.ID) async throws -> [Webhook] {
        try await map("SELECT * FROM webhook WHERE site_id = \(siteID) ORDER BY id", PostgresRowMapping.webhook)
    }

    func enqueueWebhookEvent(_ event: WebhookEvent, siteID: Site.ID, payload: String, at date: Date) async throws {
        try await run("""
            INSERT INTO webhook_delivery (webhook_id, event, payload, created_at, next_attempt_at)
            SELECT id, \(event.rawValue), \(payload), \(date), \(date) FROM webhook
            WHERE site_id = \(siteID) AND strpos(',' || events || ',', \(",\(event.rawValue),")) > 0
            """)
    }

    func hasDueWebhookDeliveries(at date: Date) async throws -> Bool {
        try await value("SELECT EXISTS (SELECT 1 FROM webhook_delivery WHERE next_attempt_at <= \(date))", as: Bool.self) ?? false
    }

    func claimDueDeliveries(at date: Date, leaseUntil: Date, limit: Int) async throws
        -> [(delivery: WebhookDelivery, webhook: Webhook)]
    {
        // SKIP LOCKED: another node's worker claiming at the same moment takes the others.
        let rows = try await rows("""
            WITH due AS (
                SELECT id FROM webhook_delivery WHERE next_attempt_at <= \(date) ORDER BY next_attempt_at
                LIMIT \(Int64(limit)) FOR UPDATE SKIP LOCKED)
            UPDATE webhook_delivery d SET attempts = d.attempts + 1, next_attempt_at = \(leaseUntil)
            FROM due, webhook w WHERE d.id = due.id AND w.id = d.webhook_id
            RETURNING d.*, w.site_id, w.url, w.secret, w.events, w.created_at AS webhook_created_at
            """)
        return try rows.compactMap { row in
            guard let delivery = try PostgresRowMapping.webhookDelivery(row) else { return nil }
            return (delivery, try PostgresRowMapping.webhook(row, id: delivery.webhookID, createdAt: try row.get("webhook_created_at")))
        }.sorted { ($0.delivery.createdAt, $0.delivery.id) < ($1.delivery.createdAt, $1.delivery.id) }
    }

    func recordDeliveryAttempt(id: Int64, status: Int?, error: String?, deliveredAt: Date?, nextAttemptAt: Date?)
        async throws
    {
        try await run("""
            UPDATE webhook_delivery SET last_status = \(status.map(Int64.init)), last_error = \(error),
                delivered_at = \(deliveredAt), next_attempt_at = \(nextAttemptAt)
            WHERE id = \(id)
            """)
    }

    func webhookDeliveries(siteID: Site.ID, limit: Int) async throws -> [(delivery: WebhookDelivery, url: String)] {
        try await rows("""
            SELECT d.*, w.url FROM webhook w JOIN webhook_delivery d ON d.webhook_id = w.id
            WHERE w.site_id = \(siteID) ORDER BY d.id DESC LIMIT \(Int64(limit))
            """).compactMap { row in try PostgresRowMapping.webhookDelivery(row).map { ($0, try row.get("url")) } }
    }

    func pruneWebhookDeliveries(before date: Date) async throws -> Int {
        Int(try await value("""
            WITH gone AS (DELETE FROM webhook_delivery WHERE next_attempt_at IS NULL AND created_at < \(date) RETURNING 1)
            SELECT count(*) FROM gone
            """, as: Int64.self) ?? 0)
    }
}
