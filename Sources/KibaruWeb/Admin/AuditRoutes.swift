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

    @Sendable func auditLog(_ request: Request, context: StaffContext) async throws -> Response {
        let entries = try await services.workspace.auditLog(actor: context.session, limit: 200)
        let utc = TimeZone(secondsFromGMT: 0)!
        let view = AuditView(entries: entries.map {
            AuditRowView(when: FrenchDate.iso8601($0.at, timeZone: utc), who: $0.actorName, action: $0.action,
                         subject: $0.subject)
        })
        return try pages.render("audit", titleKey: "audit_title", body: view, request: request, context: context)
    }
}
