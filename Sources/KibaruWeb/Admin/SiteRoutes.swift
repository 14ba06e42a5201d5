import Foundation
import Hummingbird
import KibaruCore
import KibaruServices
import KibaruText

struct TagRowView: Sendable {
    var id: Int64
    var name: String
    var count: Int
    var siteSlug: String
    var others: [OptionView]
}

struct TagsView: Sendable {
    var siteTitle: String
    var tags: [TagRowView]
}

struct SettingsView: Sendable {
    var siteSlug: String
    var siteTitle: String
    var title: String
    var tagline: String
    var language: String
    var timeZone: String
    var host: String
    /// Only network administrators give a site its own host name (owners see it).
    var hostEditable: Bool
    var modes: [OptionView]
    var closeAfter: String
    var blockList: String
    var frenchTypography: Bool
    var accentColor: String
    var logo: String
}

/// The network's sites (listed, created by network administrators) and each site's settings, tags, webhooks and
/// content keys.
struct SiteRoutes: AdminArea {
    let services: AdminServices
    let pages: AdminPages

    func register(on staff: RouterGroup<StaffContext>) {
        staff.get("sites", use: sites).post("sites", use: createSite)
        staff.get("sites/:slug/reglages", use: settingsPage).post("sites/:slug/reglages", use: saveSettings)
        staff.get("sites/:slug/etiquettes", use: tagsPage).post("sites/:slug/etiquettes", use: changeTag)
        staff.get("sites/:slug/webhooks", use: webhooksPage).post("sites/:slug/webhooks", use: changeWebhooks)
        staff.get("sites/:slug/cles", use: contentKeysPage).post("sites/:slug/cles", use: changeContentKeys)
    }

    struct SiteForm: Decodable {
        var slug: String
        var title: String
        var tagline: String?
        var timeZone: String?
    }

    @Sendable func sites(_ request: Request, context: StaffContext) async throws -> Response {
        try await renderSites(request: request, context: context)
    }

    private func renderSites(
        request: Request, context: StaffContext, problem: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let session = context.session
        let sites = try await services.workspace.sites(of: session)
        let view = SitesView(
            sites: sites.map {
                let may = StaffWorkspace.abilities(on: $0, actor: session)
                return SiteRowView(slug: $0.slug.rawValue, title: $0.title, canManageStaff: may.manageStaff,
                                   canManageTags: may.manageTags, canManageSettings: may.manageSettings)
            }, canCreate: StaffWorkspace.mayCreateSites(session))
        return try pages.render(
            "sites", titleKey: "sites_title", body: view, request: request, context: context, problem: problem,
            status: status)
    }

    @Sendable func createSite(_ request: Request, context: StaffContext) async throws -> Response {
        var request = request
        let form = try await FormBody.decode(SiteForm.self, from: &request, context: context)
        do {
            let site = try await SiteAdministration(store: services.store).createSite(
                NewSite(slug: try Slug(validating: form.slug.trimmingCharacters(in: .whitespaces)), title: form.title,
                        tagline: form.tagline ?? "", timeZone: form.timeZone ?? "Africa/Bamako"),
                actor: context.session)
            return .redirect(to: "/admin/sites/\(site.slug)/equipe/")
        } catch ContentError.forbidden {
            return try pages.message(
                status: .forbidden, heading: "forbidden_title", message: "forbidden_message", request: request,
                context: context)
        } catch let errors as ValidationErrors {
            return try await renderSites(
                request: request, context: context, problem: pages.describe(errors, request), status: .unprocessableContent)
        } catch ContentError.slugTaken(let slug) {
            return try await renderSites(
                request: request, context: context, problem: Catalogue.fill(pages.strings(request)["site_slug_taken"], ["slug": slug.rawValue]),
                status: .conflict)
        }
    }

    // MARK: - Tags

    struct TagForm: Decodable {
        var tag: Tag.ID
        var action: String
        var name: String?
        var into: Tag.ID?
    }

    /// The site of the path when the staff member may do `action` there; 404 otherwise.
    func site(for action: StaffAction, context: StaffContext) async throws -> Site {
        guard let slug = Slug(rawValue: try context.parameters.require("slug")) else { throw HTTPError(.notFound) }
        return try await services.workspace.site(slug: slug, for: action, actor: context.session)
    }

    @Sendable func tagsPage(_ request: Request, context: StaffContext) async throws -> Response {
        let site = try await site(for: .manageTags, context: context)
        return try await renderTags(site: site, request: request, context: context)
    }

    @Sendable func changeTag(_ request: Request, context: StaffContext) async throws -> Response {
        let session = context.session
        let site = try await site(for: .manageTags, context: context)
        var request = request
        let form = try await FormBody.decode(TagForm.self, from: &request, context: context)
        let administration = SiteAdministration(store: services.store)
        do {
            switch form.action {
            case "rename": try await administration.renameTag(form.tag, to: form.name ?? "", actor: session)
            case "merge":
                guard let into = form.into else { throw HTTPError(.badRequest, message: "étiquette cible manquante") }
                try await administration.mergeTag(form.tag, into: into, actor: session)
            case "delete": try await administration.deleteTag(form.tag, actor: session)
            default: throw HTTPError(.badRequest, message: "action inconnue")
            }
            return try await renderTags(site: site, request: request, context: context,
                                        notice: pages.strings(request)["tags_done"])
        } catch let errors as ValidationErrors {
            return try await renderTags(site: site, request: request, context: context, problem: pages.describe(errors, request),
                                        status: .unprocessableContent)
        } catch ContentError.slugTaken(let slug) {
            return try await renderTags(site: site, request: request, context: context,
                                        problem: Catalogue.fill(pages.strings(request)["tag_exists"], ["slug": slug.rawValue]),
                                        status: .conflict)
        }
    }

    private func renderTags(
        site: Site, request: Request, context: StaffContext, notice: String? = nil, problem: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let tags = try await services.store.tagsWithCounts(siteID: site.id)
        let view = TagsView(siteTitle: site.title, tags: tags.map { item in
            TagRowView(
                id: item.tag.id.rawValue, name: item.tag.name, count: item.count, siteSlug: site.slug.rawValue,
                others: tags.filter { $0.tag.id != item.tag.id }.map {
                    OptionView(value: String($0.tag.id.rawValue), label: $0.tag.name, selected: false)
                })
        })
        return try pages.render(
            "tags", titleKey: "tags_title", body: view, request: request, context: context, notice: notice,
            problem: problem, status: status)
    }

    // MARK: - Site settings

    struct SettingsForm: Decodable {
        var title: String
        var tagline: String?
        var language: String?
        var timeZone: String?
        var host: String?
        var commentMode: String?
        var closeAfter: String?
        var blockList: String?
        /// The typography checkbox (absent when unticked).
        var typography: String?
        /// Always sent by the form, so that an unticked box is told from a client that does not know the setting.
        var typographyShown: String?
        /// `#rrggbb`, or empty for the theme's colour.
        var accentColor: String?
        /// `/media/…` or an https address, or empty for none.
        var logo: String?
    }

    @Sendable func settingsPage(_ request: Request, context: StaffContext) async throws -> Response {
        let site = try await site(for: .manageSiteSettings, context: context)
        return try renderSettings(site, request: request, context: context)
    }

    @Sendable func saveSettings(_ request: Request, context: StaffContext) async throws -> Response {
        var site = try await site(for: .manageSiteSettings, context: context)
        var request = request
        let form = try await FormBody.decode(SettingsForm.self, from: &request, context: context)
        site.title = form.title.trimmingCharacters(in: .whitespaces)
        site.tagline = (form.tagline ?? "").trimmingCharacters(in: .whitespaces)
        site.language = (form.language ?? site.language).trimmingCharacters(in: .whitespaces)
        site.timeZone = (form.timeZone ?? site.timeZone).trimmingCharacters(in: .whitespaces)
        let host = (form.host ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let requestedHost = host.isEmpty ? nil : host
        let shown = site
        site.host = requestedHost
        if let mode = form.commentMode.flatMap(CommentMode.init(rawValue:)) { site.commentMode = mode }
        let closeAfter = (form.closeAfter ?? "").trimmingCharacters(in: .whitespaces)
        site.commentsCloseAfterDays = closeAfter.isEmpty ? nil : (Int(closeAfter) ?? -1)
        site.commentBlockList = (form.blockList ?? "").split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if form.typographyShown == "1" { site.frenchTypography = form.typography == "1" }
        if let accent = form.accentColor?.trimmingCharacters(in: .whitespaces).lowercased() {
            site.accentColor = accent.isEmpty ? nil : accent
        }
        if let logo = form.logo?.trimmingCharacters(in: .whitespaces) { site.logo = logo.isEmpty ? nil : logo }
        do {
            try await SiteAdministration(store: services.store).updateSettings(
                site, actor: context.session, networkHost: WebConfiguration.host(of: services.baseURL))
            return try renderSettings(site, request: request, context: context,
                                      notice: pages.strings(request)["settings_saved"])
        } catch ContentError.forbidden(action: SiteAdministration.hostChange) {
            // A host name decides which site a request reaches: only network administrators give one.
            return try renderSettings(shown, request: request, context: context,
                                      problem: pages.strings(request)["settings_host_admin_only"], status: .forbidden)
        } catch let errors as ValidationErrors {
            return try renderSettings(site, request: request, context: context, problem: pages.describe(errors, request),
                                      status: .unprocessableContent)
        } catch ContentError.slugTaken {
            return try renderSettings(site, request: request, context: context,
                                      problem: pages.strings(request)["host_taken"], status: .conflict)
        }
    }

    private func renderSettings(
        _ site: Site, request: Request, context: StaffContext, notice: String? = nil, problem: String? = nil,
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let t = pages.strings(request)
        let view = SettingsView(
            siteSlug: site.slug.rawValue, siteTitle: site.title, title: site.title, tagline: site.tagline,
            language: site.language, timeZone: site.timeZone, host: site.host ?? "",
            hostEditable: StaffWorkspace.abilities(on: site, actor: context.session).changeHost,
            modes: CommentMode.allCases.map {
                OptionView(value: $0.rawValue, label: t["settings_mode_\($0.rawValue.replacingOccurrences(of: "-", with: "_"))"] ?? "",
                           selected: $0 == site.commentMode)
            }, closeAfter: site.commentsCloseAfterDays.map(String.init) ?? "",
            blockList: site.commentBlockList.joined(separator: "\n"), frenchTypography: site.frenchTypography,
            accentColor: site.accentColor ?? "", logo: site.logo ?? "")
        return try pages.render(
            "settings", titleKey: "settings_title", body: view, request: request, context: context, notice: notice,
            problem: problem, status: status)
    }
}
