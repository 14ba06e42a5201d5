import Foundation

/// Sites' webhooks and their deliveries: queued by the transaction that made the change, sent by a worker.
///
/// Part of every ``ContentTransaction``: its requirements run isolated to the transaction (decision 0010).
public protocol WebhookRepository: Actor {
    func insertWebhook(_ webhook: NewWebhook) async throws -> Webhook
    func webhook(id: Webhook.ID) async throws -> Webhook?
    /// Deletes a webhook and its deliveries.
    func deleteWebhook(id: Webhook.ID) async throws
    func webhooks(siteID: Site.ID) async throws -> [Webhook]
    /// Queues `payload` for every webhook of the site that listens to `event`, due at once.
    func enqueueWebhookEvent(_ event: WebhookEvent, siteID: Site.ID, payload: String, at date: Date) async throws
    /// Whether a delivery is due at `date` (read before claiming, so that an idle worker writes nothing).
    func hasDueWebhookDeliveries(at date: Date) async throws -> Bool
    /// At most `limit` deliveries due at `date`, oldest first, each counted as an attempt and put off until
    /// `leaseUntil` (another worker does not take them meanwhile; a worker that dies leaves them due again then),
    /// with their webhooks.
    func claimDueDeliveries(at date: Date, leaseUntil: Date, limit: Int) async throws
        -> [(delivery: WebhookDelivery, webhook: Webhook)]
    /// Records how an attempt went: delivered (`deliveredAt`), to try again at `nextAttemptAt`, or given up
    /// (neither).
    func recordDeliveryAttempt(
        id: Int64, status: Int?, error: String?, deliveredAt: Date?, nextAttemptAt: Date?) async throws
    /// The newest deliveries of a site's webhooks, with each one's address.
    func webhookDeliveries(siteID: Site.ID, limit: Int) async throws -> [(delivery: WebhookDelivery, url: String)]
    /// Deletes the deliveries made or given up before `date`; returns how many.
    func pruneWebhookDeliveries(before date: Date) async throws -> Int
}
