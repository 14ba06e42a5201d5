import Foundation
import Hummingbird
import KibaruCore
import KibaruServices

/// The staff of each site (roles given, changed and removed; a new person gets a link to choose a password) and
/// one's own API tokens.
struct StaffRoutes: AdminArea {
    let services: AdminServices
    let pages: AdminPages

    func register(on staff: RouterGroup<StaffContext>) {
        staff.get("sites/:slug/equipe", use: staffPage).post("sites/:slug/equipe", use: addStaff)
        staff.get("jetons", use: tokensPage).post("jetons", use: changeTokens)
    }

    struct StaffForm: Decodable {
        var name: String?
        var email: String
        var role: String
    }

    @Sendable func staffPage(_ request: Request, context: StaffContext) async throws -> Response {
        let site = try await manageableSite(context: context)
        return try await renderStaff(site: site, resetLink: nil, request: request, context: context)
    }

    @Sendable func addStaff(_ request: Request, context: StaffContext) async throws -> Response {
        let session = context.session
        let site = try await manageableSite(context: context)
        var request = request
        let form = try await FormBody.decode(StaffForm.self, from: &request, context: context)
        let email = form.email.trimmingCharacters(in: .whitespaces).lowercased()
        if form.role == "none" {
            guard try await services.store.staff(email: email) != nil else { throw HTTPError(.notFound) }
            try await services.staff.setRole(nil, email: email, siteSlug: site.slug, actor: session)
            return try await renderStaff(
                site: site, resetLink: nil, request: request, context: context,
                notice: pages.strings(request)["staff_removed"])
        }
        guard let role = Role(rawValue: form.role) else { throw HTTPError(.badRequest, message: "rôle inconnu") }
        do {
            if try await services.store.staff(email: email) != nil {
                try await services.staff.setRole(role, email: email, siteSlug: site.slug, actor: session)
                return try await renderStaff(
                    site: site, resetLink: nil, request: request, context: context,
                    notice: pages.strings(request)["staff_role_changed"])
            }
            // A new person gets a random password nobody knows and a link to choose their own.
            try await services.staff.add(
                email: email, name: form.name ?? email, password: SecureToken.make(), role: role, siteSlug: site.slug,
                isNetworkAdmin: false, actor: session)
            let link: String
            if let mailer = services.mailer {
                link = try await services.staff.mailResetLink(
                    email: email, baseURL: services.baseURL, mailer: mailer, wording: services.mailWording,
                    language: pages.language(request))
            } else {
                link = "\(services.baseURL)/admin/mot-de-passe/?jeton=\(try await services.staff.createResetToken(email: email))"
            }
            return try await renderStaff(site: site, resetLink: link, request: request, context: context)
        } catch let errors as ValidationErrors {
            return try await renderStaff(
                site: site, resetLink: nil, request: request, context: context, problem: pages.describe(errors, request),
                status: .unprocessableContent)
        }
    }

    /// The site of the path, when the staff member may manage its staff; 404 otherwise (nothing to learn).
    private func manageableSite(context: StaffContext) async throws -> Site {
        guard let slug = Slug(rawValue: try context.parameters.require("slug")) else { throw HTTPError(.notFound) }
        return try await services.workspace.site(slug: slug, for: .manageStaff, actor: context.session)
    }

    private func renderStaff(
        site: Site, resetLink: String?, request: Request, context: StaffContext, notice: String? = nil,
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
