import Foundation
import GRDB
import KibaruCore

/// ``WebhookRepository``: sites' webhooks and their deliveries.
extension SQLiteTransaction {
    func insertWebhook(_ webhook: NewWebhook) throws -> Webhook {
        try webhook.validate()
        try db.cachedStatement(sql: """
                INSERT INTO webhook (site_id, url, secret, events, created_at) VALUES (?, ?, ?, ?, ?)
                """).execute(arguments: [
                    webhook.siteID, webhook.url, webhook.secret, webhook.events.sorted().map(\.rawValue).joined(separator: ","),
                    webhook.createdAt,
                ])
        return Webhook(id: Webhook.ID(db.lastInsertedRowID), webhook)
    }

    func webhook(id: Webhook.ID) throws -> Webhook? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM webhook WHERE id = ?"), arguments: [id]).map(RowMapping.webhook)
    }

    func deleteWebhook(id: Webhook.ID) throws {
        try db.cachedStatement(sql: "DELETE FROM webhook WHERE id = ?").execute(arguments: [id])
    }

    func webhooks(siteID: Site.ID) throws -> [Webhook] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM webhook WHERE site_id = ? ORDER BY id"), arguments: [siteID])
            .map(RowMapping.webhook)
    }

    func enqueueWebhookEvent(_ event: WebhookEvent, siteID: Site.ID, payload: String, at date: Date) throws {
        try db.cachedStatement(sql: """
                INSERT INTO webhook_delivery (webhook_id, event, payload, created_at, next_attempt_at)
                SELECT id, ?, ?, ?, ? FROM webhook WHERE site_id = ? AND instr(',' || events || ',', ?) > 0
                """).execute(arguments: [event.rawValue, payload, date, date, siteID, ",\(event.rawValue),"])
    }

    func hasDueWebhookDeliveries(at date: Date) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM webhook_delivery WHERE next_attempt_at <= ?)"),
            arguments: [date]) ?? false
    }

    func claimDueDeliveries(at date: Date, leaseUntil: Date, limit: Int) throws
        -> [(delivery: WebhookDelivery, webhook: Webhook)]
    {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT d.*, w.site_id, w.url, w.secret, w.events, w.created_at AS webhook_created_at
                FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id
                WHERE d.next_attempt_at <= ? ORDER BY d.next_attempt_at LIMIT ?
                """), arguments: [date, limit])
        var claimed: [(delivery: WebhookDelivery, webhook: Webhook)] = []
        for row in rows {
            guard var delivery = RowMapping.webhookDelivery(row) else { continue }
            delivery.attempts += 1
            delivery.nextAttemptAt = leaseUntil
            try db.cachedStatement(sql: "UPDATE webhook_delivery SET attempts = ?, next_attempt_at = ? WHERE id = ?")
                .execute(arguments: [delivery.attempts, leaseUntil, delivery.id])
            claimed.append((delivery, RowMapping.webhook(row, id: delivery.webhookID, createdAt: row["webhook_created_at"])))
        }
        return claimed
    }

    func recordDeliveryAttempt(id: Int64, status: Int?, error: String?, deliveredAt: Date?, nextAttemptAt: Date?) throws {
        try db.cachedStatement(sql: """
                UPDATE webhook_delivery SET last_status = ?, last_error = ?, delivered_at = ?, next_attempt_at = ?
                WHERE id = ?
                """).execute(arguments: [status, error, deliveredAt, nextAttemptAt, id])
    }

    func webhookDeliveries(siteID: Site.ID, limit: Int) throws -> [(delivery: WebhookDelivery, url: String)] {
        try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT d.*, w.url FROM webhook w JOIN webhook_delivery d ON d.webhook_id = w.id
                WHERE w.site_id = ? ORDER BY d.id DESC LIMIT ?
                """), arguments: [siteID, limit]
        ).compactMap { row in RowMapping.webhookDelivery(row).map { ($0, row["url"]) } }
    }

    func pruneWebhookDeliveries(before date: Date) throws -> Int {
        try db.cachedStatement(sql: "DELETE FROM webhook_delivery WHERE next_attempt_at IS NULL AND created_at < ?")
            .execute(arguments: [date])
        return db.changesCount
    }
}
