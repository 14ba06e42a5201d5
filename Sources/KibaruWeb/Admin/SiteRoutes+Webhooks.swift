import Foundation
import Hummingbird
import KibaruCore
import KibaruServices
import KibaruText

/// « Webhooks » of a site, for its owners: the addresses its events are sent to, with their secret, added and
/// removed; and the log of the newest deliveries.
extension SiteRoutes {
    struct WebhookForm: Decodable {
        var action: String
        var url: String?
        var events: [String]?
        var webhook: Int64?
    }

    @Sendable func webhooksPage(_ request: Request, context: StaffContext) async throws -> Response {
        try await renderWebhooks(request: request, context: context)
    }

    @Sendable func changeWebhooks(_ request: Request, context: StaffContext) async throws -> Response {
        let session = context.session
        var request = request
        let form = try await FormBody.decode(WebhookForm.self, from: &request, context: context)
        let slug = try Self.pathSlug(context)
        let service = WebhookService(store: services.store)
        let strings = pages.strings(request)
        do {
            switch form.action {
            case "add":
                let events = Set((form.events ?? []).compactMap(WebhookEvent.init(rawValue:)))
                try await service.add(siteSlug: slug, url: form.url ?? "", events: events, actor: session)
                return try await renderWebhooks(request: request, context: context, notice: strings["webhooks_added"])
            case "remove":
                guard let id = form.webhook else { throw HTTPError(.badRequest, message: "webhook manquant") }
                try await service.remove(Webhook.ID(id), siteSlug: slug, actor: session)
                return try await renderWebhooks(request: request, context: context, notice: strings["webhooks_removed"])
            default:
                throw HTTPError(.badRequest, message: "action inconnue")
            }
        } catch let errors as ValidationErrors {
            return try await renderWebhooks(
                request: request, context: context, problem: pages.describe(errors, request),
                status: .unprocessableContent)
        }
    }

    private func renderWebhooks(
        request: Request, context: StaffContext, notice: String? = nil, problem: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let session = context.session
        let overview: (site: Site, webhooks: [Webhook], deliveries: [(delivery: WebhookDelivery, url: String)])
        do {
            overview = try await WebhookService(store: services.store).overview(siteSlug: try Self.pathSlug(context), actor: session)
        } catch let error as ContentError {
            if case .forbidden = error { throw HTTPError(.notFound) }
            throw error
        }
        let zone = overview.site.zone
        let t = pages.strings(request)
        let view = WebhooksView(
            siteSlug: overview.site.slug.rawValue, siteTitle: overview.site.title,
            webhooks: overview.webhooks.map { webhook in
                WebhookRowView(
                    id: webhook.id.rawValue, url: webhook.url, secret: webhook.secret,
                    events: webhook.events.sorted().map(\.rawValue).joined(separator: ", "))
            },
            hasWebhooks: !overview.webhooks.isEmpty,
            deliveries: overview.deliveries.map { delivery, url in
                DeliveryRowView(
                    id: delivery.id, event: delivery.event.rawValue, url: url,
                    created: FrenchDate.iso8601(delivery.createdAt, timeZone: zone), attempts: delivery.attempts,
                    outcome: delivery.deliveredAt != nil
                        ? Catalogue.fill(t["delivery_received"], ["status": delivery.lastStatus.map(String.init) ?? "?"])
                        : delivery.nextAttemptAt == nil
                            ? Catalogue.fill(t["delivery_abandoned"], ["error": delivery.lastError ?? "?"])
                            : delivery.attempts == 0
                                ? t["delivery_waiting"] ?? ""
                                : Catalogue.fill(
                                    t["delivery_retry"], ["error": delivery.lastError ?? t["delivery_in_progress"] ?? ""]))
            },
            hasDeliveries: !overview.deliveries.isEmpty,
            events: WebhookEvent.allCases.map {
                ScopeChoiceView(value: $0.rawValue, label: t.label("webhook", $0.rawValue, otherwise: $0.label))
            })
        return try pages.render(
            "webhooks", titleKey: "webhooks_title", body: view, request: request, context: context, notice: notice,
            problem: problem, status: status)
    }
}

struct WebhooksView: Sendable {
    var siteSlug: String
    var siteTitle: String
    var webhooks: [WebhookRowView]
    var hasWebhooks: Bool
    var deliveries: [DeliveryRowView]
    var hasDeliveries: Bool
    var events: [ScopeChoiceView]
}

struct WebhookRowView: Sendable {
    var id: Int64
    var url: String
    var secret: String
    var events: String
}

struct DeliveryRowView: Sendable {
    var id: Int64
    var event: String
    var url: String
    var created: String
    var attempts: Int
    var outcome: String
}
