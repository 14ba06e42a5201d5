import Foundation
import Hummingbird
import KibaruCore
import KibaruServices

extension AdminRoutes {
    struct SiteForm: Decodable {
        var slug: String
        var title: String
        var tagline: String?
        var timeZone: String?
    }

    struct StaffForm: Decodable {
        var name: String?
        var email: String
        var role: String
    }

    @Sendable func sites(_ request: Request, context: KibaruContext) async throws -> Response {
        let session = try context.requireStaff()
        return try await renderSites(session: session, request: request, context: context)
    }

    private func renderSites(
        session: StaffSession, request: Request, context: KibaruContext, problem: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let sites = try await services.store.sites().filter {
            session.staff.isNetworkAdmin || session.role(onSite: $0.id) != nil
        }
        let view = SitesView(
            sites: sites.map {
                SiteRowView(slug: $0.slug.rawValue, title: $0.title,
                            canManageStaff: session.may(.manageStaff, onSite: $0.id),
                            canManageTags: session.may(.manageTags, onSite: $0.id))
            }, canCreate: session.staff.isNetworkAdmin)
        return try pages.render(
            "sites", titleKey: "sites_title", body: view, request: request, context: context, problem: problem,
            status: status)
    }

    @Sendable func createSite(_ request: Request, context: KibaruContext) async throws -> Response {
        let session = try context.requireStaff()
        guard session.staff.isNetworkAdmin else {
            return try pages.message(
                status: .forbidden, heading: "forbidden_title", message: "forbidden_message", request: request,
                context: context)
        }
        var request = request
        let form = try await FormBody.decode(SiteForm.self, from: &request, context: context)
        do {
            let site = try await SiteService(store: services.store).create(
                NewSite(slug: try Slug(validating: form.slug.trimmingCharacters(in: .whitespaces)), title: form.title,
                     tagline: form.tagline ?? "", timeZone: form.timeZone ?? "Africa/Bamako"))
            try await services.store.write { [actor = session.staff] tx in
                try await tx.insertAudit(NewAuditEntry(
                    at: Date(), actorID: actor.id, actorName: actor.name, action: "site.create", siteID: site.id,
                    subject: site.slug.rawValue))
            }
            return .redirect(to: "/admin/sites/\(site.slug)/equipe/")
        } catch let errors as ValidationErrors {
            return try await renderSites(
                session: session, request: request, context: context, problem: errors.description,
                status: .unprocessableContent)
        } catch ContentError.slugTaken(let slug) {
            return try await renderSites(
                session: session, request: request, context: context, problem: "« \(slug) » est déjà pris",
                status: .conflict)
        }
    }

    @Sendable func staffPage(_ request: Request, context: KibaruContext) async throws -> Response {
        let session = try context.requireStaff()
        let site = try await manageableSite(context: context, session: session)
        return try await renderStaff(site: site, resetLink: nil, request: request, context: context)
    }

    @Sendable func addStaff(_ request: Request, context: KibaruContext) async throws -> Response {
        let session = try context.requireStaff()
        let site = try await manageableSite(context: context, session: session)
        var request = request
        let form = try await FormBody.decode(StaffForm.self, from: &request, context: context)
        let email = form.email.trimmingCharacters(in: .whitespaces).lowercased()
        if form.role == "none" {
            guard try await services.store.staff(email: email) != nil else { throw HTTPError(.notFound) }
            try await services.staff.setRole(nil, email: email, siteSlug: site.slug, actor: session.staff)
            return try await renderStaff(
                site: site, resetLink: nil, request: request, context: context,
                notice: pages.strings(request)["staff_removed"])
        }
        guard let role = Role(rawValue: form.role) else { throw HTTPError(.badRequest, message: "rôle inconnu") }
        do {
            if try await services.store.staff(email: email) != nil {
                try await services.staff.setRole(role, email: email, siteSlug: site.slug, actor: session.staff)
                return try await renderStaff(
                    site: site, resetLink: nil, request: request, context: context,
                    notice: pages.strings(request)["staff_role_changed"])
            }
            // A new person gets a random password nobody knows and a link to choose their own.
            try await services.staff.add(
                email: email, name: form.name ?? email, password: SecureToken.make(), role: role, siteSlug: site.slug,
                isNetworkAdmin: false, actor: session.staff)
            let link: String
            if let mailer = services.mailer {
                link = try await services.staff.mailResetLink(email: email, baseURL: services.baseURL, mailer: mailer)
            } else {
                link = "\(services.baseURL)/admin/mot-de-passe/?jeton=\(try await services.staff.createResetToken(email: email))"
            }
            return try await renderStaff(site: site, resetLink: link, request: request, context: context)
        } catch let errors as ValidationErrors {
            return try await renderStaff(
                site: site, resetLink: nil, request: request, context: context, problem: errors.description,
                status: .unprocessableContent)
        }
    }

    /// The site of the path, when the staff member may manage its staff; 404 otherwise (nothing to learn).
    private func manageableSite(context: KibaruContext, session: StaffSession) async throws -> Site {
        guard let slug = Slug(rawValue: try context.parameters.require("slug")),
            let site = try await services.store.site(slug: slug),
            session.may(.manageStaff, onSite: site.id)
        else { throw HTTPError(.notFound) }
        return site
    }

    private func renderStaff(
        site: Site, resetLink: String?, request: Request, context: KibaruContext, notice: String? = nil,
        problem: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let t = pages.strings(request)
        let members = try await services.store.staffList().compactMap { staff, memberships -> MemberView? in
            guard let membership = memberships.first(where: { $0.siteID == site.id }) else { return nil }
            return MemberView(
                name: staff.name, email: staff.email, roleLabel: t["role_\(membership.role.rawValue)"] ?? "")
        }
        let view = StaffView(
            siteSlug: site.slug.rawValue, siteTitle: site.title, members: members,
            roles: Role.allCases.map { OptionView(value: $0.rawValue, label: t["role_\($0.rawValue)"] ?? "", selected: false) }
                + [OptionView(value: "none", label: t["staff_remove"] ?? "", selected: false)],
            resetLink: resetLink)
        return try pages.render(
            "staff", titleKey: "staff_title", body: view, request: request, context: context, notice: notice,
            problem: problem, status: status)
    }
}
