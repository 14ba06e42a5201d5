import Foundation
import Hummingbird
import KibaruCore
import KibaruServices
import KibaruText

/// The audit log: the network's for its administrators, their sites' for owners.
struct AuditRoutes: AdminArea {
    let services: AdminServices
    let pages: AdminPages

    func register(on staff: RouterGroup<StaffContext>) {
        staff.get("journal", use: auditLog)
    }

    /// Each entry's action named in the reader's language and its time in its site's time zone (the network's
    /// entries, in UTC), the offset shown.
    @Sendable func auditLog(_ request: Request, context: StaffContext) async throws -> Response {
        let entries = try await services.workspace.auditLog(actor: context.session, limit: 200)
        let zones = Dictionary(uniqueKeysWithValues: try await services.store.sites().map { ($0.id, $0.zone) })
        let utc = TimeZone(secondsFromGMT: 0)!
        let strings = pages.strings(request)
        let view = AuditView(entries: entries.map {
            AuditRowView(
                when: LocalDateTime.formatWithOffset($0.at, timeZone: $0.siteID.flatMap { zones[$0] } ?? utc),
                who: $0.actorName, action: strings["audit_action_\($0.action)"] ?? $0.action, subject: $0.subject)
        })
        return try pages.render("audit", titleKey: "audit_title", body: view, request: request, context: context)
    }
}
