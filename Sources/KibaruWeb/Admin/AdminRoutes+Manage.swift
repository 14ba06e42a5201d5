import Foundation
import Hummingbird
import KibaruCore
import KibaruServices
import KibaruText

struct DiffLineView: Sendable {
    var kind: String
    var sign: String
    var text: String
}

struct RevisionDiffView: Sendable {
    var articleID: Article.ID
    var from: Int
    var to: Int
    var lines: [DiffLineView]
}

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
}

extension AdminRoutes {
    // MARK: - Revisions

    /// `/admin/articles/:id/revisions/?de=1&a=3`: what changed between two versions.
    @Sendable func revisionDiff(_ request: Request, context: KibaruContext) async throws -> Response {
        let session = try context.requireStaff()
        let id = try context.parameters.require("id", as: Article.ID.self)
        guard let article = try await services.store.article(id: id),
            session.may(article.ownerID == session.staff.id ? .editOwnArticle : .editOthersArticle, onSite: article.siteID)
        else { throw HTTPError(.notFound) }
        let revisions = try await services.store.revisions(articleID: id)
        let query = request.uri.queryParameters
        guard let fromVersion = query.get("de", as: Int.self), let toVersion = query.get("a", as: Int.self),
            let from = revisions.first(where: { $0.version == fromVersion }),
            let to = revisions.first(where: { $0.version == toVersion })
        else { throw HTTPError(.notFound) }
        func text(_ revision: Revision) -> String {
            "# \(revision.title)\n\(revision.standfirst ?? "")\n\n\(revision.bodyMarkdown)"
        }
        let lines = LineDiff.diff(text(from), text(to)).map { line in
            DiffLineView(
                kind: line.kind.rawValue, sign: line.kind == .added ? "+" : line.kind == .removed ? "−" : " ",
                text: line.text)
        }
        return try pages.render(
            "revisions", titleKey: "revisions_diff_title",
            body: RevisionDiffView(articleID: id, from: fromVersion, to: toVersion, lines: lines), request: request,
            context: context)
    }

    struct RestoreForm: Decodable {
        var revision: Int
        var version: Int
    }

    @Sendable func restoreRevision(_ request: Request, context: KibaruContext) async throws -> Response {
        let session = try context.requireStaff()
        let id = try context.parameters.require("id", as: Article.ID.self)
        var request = request
        let form = try await FormBody.decode(RestoreForm.self, from: &request, context: context)
        do {
            try await services.editorial.restore(
                revision: form.revision, of: id, expectedVersion: form.version, actor: session)
            return .redirect(to: "/admin/articles/\(id)/?enregistre=1")
        } catch ContentError.forbidden {
            return try pages.message(
                status: .forbidden, heading: "forbidden_title", message: "forbidden_message", request: request,
                context: context)
        } catch ContentError.editConflict {
            return try pages.message(
                status: .conflict, heading: "editor_edit", message: "conflict", request: request, context: context)
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
    func site(for action: StaffAction, context: KibaruContext, session: StaffSession) async throws -> Site {
        guard let slug = Slug(rawValue: try context.parameters.require("slug")),
            let site = try await services.store.site(slug: slug), session.may(action, onSite: site.id)
        else { throw HTTPError(.notFound) }
        return site
    }

    @Sendable func tagsPage(_ request: Request, context: KibaruContext) async throws -> Response {
        let session = try context.requireStaff()
        let site = try await site(for: .manageTags, context: context, session: session)
        return try await renderTags(site: site, request: request, context: context)
    }

    @Sendable func changeTag(_ request: Request, context: KibaruContext) async throws -> Response {
        let session = try context.requireStaff()
        let site = try await site(for: .manageTags, context: context, session: session)
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
            return try await renderTags(site: site, request: request, context: context, problem: errors.description,
                                        status: .unprocessableContent)
        } catch ContentError.slugTaken(let slug) {
            return try await renderTags(site: site, request: request, context: context,
                                        problem: "« \(slug) » existe déjà : fusionnez plutôt les deux étiquettes",
                                        status: .conflict)
        }
    }

    private func renderTags(
        site: Site, request: Request, context: KibaruContext, notice: String? = nil, problem: String? = nil,
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
    }

    @Sendable func settingsPage(_ request: Request, context: KibaruContext) async throws -> Response {
        let session = try context.requireStaff()
        let site = try await site(for: .manageSiteSettings, context: context, session: session)
        return try renderSettings(site, request: request, context: context)
    }

    @Sendable func saveSettings(_ request: Request, context: KibaruContext) async throws -> Response {
        let session = try context.requireStaff()
        var site = try await site(for: .manageSiteSettings, context: context, session: session)
        var request = request
        let form = try await FormBody.decode(SettingsForm.self, from: &request, context: context)
        site.title = form.title.trimmingCharacters(in: .whitespaces)
        site.tagline = (form.tagline ?? "").trimmingCharacters(in: .whitespaces)
        site.language = (form.language ?? site.language).trimmingCharacters(in: .whitespaces)
        site.timeZone = (form.timeZone ?? site.timeZone).trimmingCharacters(in: .whitespaces)
        let host = (form.host ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let requestedHost = host.isEmpty ? nil : host
        if requestedHost != site.host {
            // A host name decides which site a request reaches: an owner must not take another's, nor the network's.
            guard session.staff.isNetworkAdmin else {
                return try renderSettings(site, request: request, context: context,
                                          problem: pages.strings(request)["settings_host_admin_only"], status: .forbidden)
            }
            if let requestedHost, requestedHost == WebConfiguration.host(of: services.baseURL) {
                return try renderSettings(site, request: request, context: context,
                                          problem: pages.strings(request)["settings_host_network"],
                                          status: .unprocessableContent)
            }
        }
        site.host = requestedHost
        if let mode = form.commentMode.flatMap(CommentMode.init(rawValue:)) { site.commentMode = mode }
        let closeAfter = (form.closeAfter ?? "").trimmingCharacters(in: .whitespaces)
        site.commentsCloseAfterDays = closeAfter.isEmpty ? nil : (Int(closeAfter) ?? -1)
        site.commentBlockList = (form.blockList ?? "").split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if form.typographyShown == "1" { site.frenchTypography = form.typography == "1" }
        do {
            try await SiteAdministration(store: services.store).updateSettings(site, actor: session)
            return try renderSettings(site, request: request, context: context,
                                      notice: pages.strings(request)["settings_saved"])
        } catch let errors as ValidationErrors {
            return try renderSettings(site, request: request, context: context, problem: errors.description,
                                      status: .unprocessableContent)
        } catch ContentError.slugTaken {
            return try renderSettings(site, request: request, context: context,
                                      problem: "ce nom d’hôte sert déjà un autre site", status: .conflict)
        }
    }

    private func renderSettings(
        _ site: Site, request: Request, context: KibaruContext, notice: String? = nil, problem: String? = nil,
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let t = pages.strings(request)
        let view = SettingsView(
            siteSlug: site.slug.rawValue, siteTitle: site.title, title: site.title, tagline: site.tagline,
            language: site.language, timeZone: site.timeZone, host: site.host ?? "",
            hostEditable: context.staff?.staff.isNetworkAdmin == true,
            modes: CommentMode.allCases.map {
                OptionView(value: $0.rawValue, label: t["settings_mode_\($0.rawValue.replacingOccurrences(of: "-", with: "_"))"] ?? "",
                           selected: $0 == site.commentMode)
            }, closeAfter: site.commentsCloseAfterDays.map(String.init) ?? "",
            blockList: site.commentBlockList.joined(separator: "\n"), frenchTypography: site.frenchTypography)
        return try pages.render(
            "settings", titleKey: "settings_title", body: view, request: request, context: context, notice: notice,
            problem: problem, status: status)
    }
}
