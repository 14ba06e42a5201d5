import AsyncHTTPClient
import Foundation
import KibaruCore
import KibaruServices
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// Sends the webhooks' deliveries the store holds: each due one is claimed (other nodes leave it alone for a
/// while), POSTed with its signature, then marked delivered, or due again after a backoff, or given up after
/// ``maximumAttempts``. A delivery queued before a restart is sent after it; one whose worker died is due again
/// when its claim runs out.
///
/// Each request carries `Kibaru-Event`, `Kibaru-Delivery` (its id) and `Kibaru-Signature: t=UNIX,v1=HEX`, where
/// HEX is the HMAC-SHA256, under the webhook's secret, of `UNIX.BODY`: a receiver recomputes it, compares in
/// constant time, and refuses an old `t` (a replay).
struct WebhookDeliverer: Sendable {
    let store: any ContentStore
    let client: DeliveryClient
    let logger: Logger
    let now: @Sendable () -> Date
    /// How long one attempt may take, connecting included (the client retries a refused connection until then).
    var attemptTimeout: TimeAmount = .seconds(15)

    /// Attempts before a delivery is given up: with ``backoff(after:)``, over about a day.
    static let maximumAttempts = 10
    /// How long a claimed delivery is left to its worker.
    static let claim: TimeInterval = 120
    /// Deliveries sent by one run, at most.
    static let batch = 20
    /// Delivered and given-up deliveries are kept this long, for the admin's log.
    static let retention: TimeInterval = 30 * 86_400

    /// The wait before attempt `attempts + 1`: 30 s, doubling, at most 6 hours.
    static func backoff(after attempts: Int) -> TimeInterval {
        min(30 * pow(2, Double(max(0, attempts - 1))), 6 * 3_600)
    }

    /// One run: the due deliveries sent; returns how many were attempted.
    func deliverDue() async throws -> Int {
        let timestamp = now()
        // Most runs find nothing: they read, and leave the writer to others.
        guard try await store.read({ tx in try await tx.hasDueWebhookDeliveries(at: timestamp) }) else { return 0 }
        let due = try await store.write { tx in
            try await tx.claimDueDeliveries(
                at: timestamp, leaseUntil: timestamp.addingTimeInterval(Self.claim), limit: Self.batch)
        }
        await withTaskGroup(of: Void.self) { group in
            for (delivery, webhook) in due { group.addTask { await deliver(delivery, to: webhook) } }
        }
        return due.count
    }

    /// Deletes the deliveries older than ``retention`` that are done; returns how many.
    func prune() async throws -> Int {
        let before = now().addingTimeInterval(-Self.retention)
        return try await store.write { tx in try await tx.pruneWebhookDeliveries(before: before) }
    }

    private func deliver(_ delivery: WebhookDelivery, to webhook: Webhook) async {
        let sentAt = now()
        var request = HTTPClientRequest(url: webhook.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Kibaru-Webhook/1")
        request.headers.add(name: "Kibaru-Event", value: delivery.event.rawValue)
        request.headers.add(name: "Kibaru-Delivery", value: "\(delivery.id)")
        request.headers.add(
            name: "Kibaru-Signature",
            value: Self.signature(payload: delivery.payload, secret: webhook.secret, at: sentAt))
        request.body = .bytes(ByteBuffer(string: delivery.payload))
        var status: Int?
        var failure: String?
        do {
            let response = try await client.http().execute(request, timeout: attemptTimeout)
            status = Int(response.status.code)
            _ = try? await response.body.collect(upTo: 64 * 1024)  // read and dropped: the connection is reused
            if !(200..<300).contains(Int(response.status.code)) { failure = "HTTP \(response.status.code)" }
        } catch {
            failure = String(describing: error)
        }
        let finished = now()
        let delivered = failure == nil
        let retry = !delivered && delivery.attempts < Self.maximumAttempts
        if !delivered {
            logger.notice(
                "webhook: delivery failed",
                metadata: [
                    "kibaru.webhook": "\(webhook.id)", "kibaru.delivery": "\(delivery.id)",
                    "kibaru.attempts": "\(delivery.attempts)", "kibaru.error": "\(failure ?? "")",
                ])
        }
        let (answered, reason) = (status, failure.map { String($0.prefix(500)) })
        do {
            try await store.write { tx in
                try await tx.recordDeliveryAttempt(
                    id: delivery.id, status: answered, error: reason,
                    deliveredAt: delivered ? finished : nil,
                    nextAttemptAt: retry ? finished.addingTimeInterval(Self.backoff(after: delivery.attempts)) : nil)
            }
        } catch {
            // The claim runs out and the delivery is due again: sent twice rather than lost.
            logger.error("webhook: outcome not recorded", metadata: ["kibaru.error": "\(error)"])
        }
    }

    /// The `Kibaru-Signature` header of `payload` sent at `date`.
    static func signature(payload: String, secret: String, at date: Date) -> String {
        let timestamp = Int(date.timeIntervalSince1970)
        return "t=\(timestamp),v1=\(SecureToken.hmacSHA256("\(timestamp).\(payload)", secret: secret))"
    }
}

/// The HTTP client deliveries go through, made at the first delivery and shut down with the server: no redirect
/// followed (a target answers for itself, and is not sent elsewhere), short timeouts.
final class DeliveryClient: Sendable {
    private let client = Mutex<HTTPClient?>(nil)

    func http() -> HTTPClient {
        client.withLock { client in
            if let client { return client }
            let made = HTTPClient(
                eventLoopGroupProvider: .singleton,
                configuration: HTTPClient.Configuration(
                    redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5), read: .seconds(10))))
            client = made
            return made
        }
    }

    /// Shuts the client down, if one was made.
    func shutdown() async throws {
        let made = client.withLock { client in
            defer { client = nil }
            return client
        }
        try await made?.shutdown()
    }
}
