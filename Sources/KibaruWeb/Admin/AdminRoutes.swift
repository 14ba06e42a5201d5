import Foundation
import Hummingbird
import KibaruCore
import KibaruServices
import KibaruText

/// What the admin routes need.
public struct AdminServices: Sendable {
    let store: any ContentStore & StaffStore
    let auth: AuthService
    let staff: StaffService
    let editorial: EditorialService
    let media: MediaService
    let moderation: CommentModeration
    /// Sends password links to new staff when the network has SMTP settings.
    let mailer: (any MailSender)?
    let baseURL: String

    public init(
        store: any ContentStore & StaffStore, auth: AuthService, staff: StaffService, editorial: EditorialService,
        media: MediaService, moderation: CommentModeration, mailer: (any MailSender)?, baseURL: String
    ) {
        self.moderation = moderation
        self.mailer = mailer
        self.store = store
        self.auth = auth
        self.staff = staff
        self.editorial = editorial
        self.media = media
        self.baseURL = baseURL
    }
}

/// The admin under `/admin/`: login, dashboard, articles and editor, sites and staff, audit log, password reset.
/// Server-rendered, usable with JavaScript off; every POST passes ``CSRFMiddleware``.
struct AdminRoutes: Sendable {
    let services: AdminServices
    let pages: AdminPages

    func register(on router: Router<KibaruContext>) {
        let script = pages.editorScript
        router.get("admin/static/editeur.js") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: script)))
        }
        let admin = router.group("admin")
            .add(middleware: AdminSessionMiddleware(auth: services.auth))
            .add(middleware: CSRFMiddleware(pages: pages))
        admin.get("connexion", use: loginPage).post("connexion", use: login)
        admin.get("mot-de-passe", use: resetPage).post("mot-de-passe", use: reset)
        let staff = admin.group().add(middleware: RequireStaffMiddleware())
        staff.get("/", use: dashboard)
        staff.post("deconnexion", use: logout).post("deconnexion-partout", use: logoutEverywhere)
        staff.get("articles", use: articles)
        staff.get("articles/nouveau", use: newArticle)
        staff.get("articles/:id", use: editArticle)
        staff.post("articles/enregistrer", use: saveArticle)
        staff.get("articles/:id/revisions", use: revisionDiff).post("articles/:id/restaurer", use: restoreRevision)
        staff.get("sites/:slug/etiquettes", use: tagsPage).post("sites/:slug/etiquettes", use: changeTag)
        staff.get("sites/:slug/reglages", use: settingsPage).post("sites/:slug/reglages", use: saveSettings)
        staff.get("sites/:slug/webhooks", use: webhooksPage).post("sites/:slug/webhooks", use: changeWebhooks)
        staff.get("journal", use: auditLog)
        staff.get("jetons", use: tokensPage).post("jetons", use: changeTokens)
        staff.get("medias", use: mediaPage).post("medias", use: uploadMedia)
        staff.get("commentaires", use: commentsPage).post("commentaires", use: moderateComments)
        staff.post("commentaires/:id/modifier", use: editComment).post("commentaires/:id/repondre", use: replyToComment)
        staff.post("apercu", use: livePreview)
        staff.get("articles/recherche.json", use: searchArticles)
        staff.get("etiquettes.json", use: suggestTags)
        staff.get("sites", use: sites).post("sites", use: createSite)
        staff.get("sites/:slug/equipe", use: staffPage).post("sites/:slug/equipe", use: addStaff)
    }

    // MARK: - Login, logout, password

    struct LoginForm: Decodable {
        var email: String
        var password: String
        var suite: String?
    }

    @Sendable func loginPage(_ request: Request, context: KibaruContext) async throws -> Response {
        if context.staff != nil { return .redirect(to: "/admin/") }
        return try renderLogin(email: "", next: request.uri.queryParameters.get("suite") ?? "/admin/", problem: nil,
                               status: .ok, request: request, context: context)
    }

    @Sendable func login(_ request: Request, context: KibaruContext) async throws -> Response {
        var request = request
        let form = try await FormBody.decode(LoginForm.self, from: &request, context: context)
        let next = Self.safeNext(form.suite)
        do {
            let opened = try await services.auth.login(
                email: form.email, password: form.password, clientAddress: context.clientAddress,
                device: request.cookies[AdminPages.deviceCookieName]?.value)
            if let previous = context.sessionToken { try await services.auth.logout(token: previous) }
            var response = Response.redirect(to: next)
            response.setCookie(pages.sessionCookie(opened.token, lifetime: AuthService.sessionLifetime))
            response.setCookie(pages.deviceCookie(opened.deviceToken))
            return response
        } catch let refusal as LoginRefusal {
            let status: HTTPResponse.Status = refusal == .wrongCredentials ? .unauthorized : .tooManyRequests
            let strings = pages.strings(request)
            let message =
                switch refusal {
                case .wrongCredentials: strings["login_wrong"] ?? refusal.description
                case .throttled(let minutes):
                    (strings["login_throttled"] ?? refusal.description).replacingOccurrences(of: "{minutes}", with: "\(minutes)")
                }
            return try renderLogin(email: form.email, next: next, problem: message, status: status, request: request,
                                   context: context)
        }
    }

    private func renderLogin(
        email: String, next: String, problem: String?, status: HTTPResponse.Status, request: Request,
        context: KibaruContext
    ) throws -> Response {
        let token = request.cookies[CSRFMiddleware.cookieName]?.value ?? SecureToken.make()
        var response = try pages.render(
            "login", titleKey: "login_title", body: LoginView(email: email, next: Self.safeNext(next)), request: request,
            context: context, csrf: token, problem: problem, status: status)
        response.setCookie(pages.csrfCookie(token))
        return response
    }

    /// Only paths of the admin are followed after login: no open redirect.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/admin/"), !next.contains("//"), !next.contains("\\") else { return "/admin/" }
        return next
    }

    @Sendable func logout(_ request: Request, context: KibaruContext) async throws -> Response {
        if let token = context.sessionToken { try await services.auth.logout(token: token) }
        var response = Response.redirect(to: "/admin/connexion/")
        response.setCookie(pages.sessionCookie("", lifetime: 0))
        return response
    }

    @Sendable func logoutEverywhere(_ request: Request, context: KibaruContext) async throws -> Response {
        if let id = context.staff?.staff.id { try await services.auth.logoutEverywhere(staffID: id) }
        var response = Response.redirect(to: "/admin/connexion/")
        response.setCookie(pages.sessionCookie("", lifetime: 0))
        return response
    }

    struct ResetForm: Decodable {
        var jeton: String
        var password: String
    }

    @Sendable func resetPage(_ request: Request, context: KibaruContext) async throws -> Response {
        let token = request.uri.queryParameters.get("jeton") ?? ""
        let csrf = request.cookies[CSRFMiddleware.cookieName]?.value ?? SecureToken.make()
        var response = try pages.render(
            "reset", titleKey: "reset_title", body: ResetView(token: token, showForm: !token.isEmpty), request: request,
            context: context, csrf: csrf)
        response.setCookie(pages.csrfCookie(csrf))
        return response
    }

    @Sendable func reset(_ request: Request, context: KibaruContext) async throws -> Response {
        var request = request
        let form = try await FormBody.decode(ResetForm.self, from: &request, context: context)
        let csrf = request.cookies[CSRFMiddleware.cookieName]?.value ?? ""
        do {
            try await services.staff.resetPassword(token: form.jeton, password: form.password)
            return try pages.render(
                "reset", titleKey: "reset_title", body: ResetView(token: "", showForm: false), request: request,
                context: context, csrf: csrf, notice: pages.strings(request)["reset_done"])
        } catch let errors as ValidationErrors {
            return try pages.render(
                "reset", titleKey: "reset_title", body: ResetView(token: form.jeton, showForm: true), request: request,
                context: context, csrf: csrf, problem: errors.errors.map(\.message).joined(separator: " "),
                status: .unprocessableContent)
        }
    }

    // MARK: - Dashboard and lists

    /// The sites the staff member works on (every site for network administrators).
    private func sites(of session: StaffSession) async throws -> [Site] {
        let all = try await services.store.sites()
        if session.staff.isNetworkAdmin { return all }
        let ids = Set(session.memberships.map(\.siteID))
        return all.filter { ids.contains($0.id) }
    }

    @Sendable func dashboard(_ request: Request, context: KibaruContext) async throws -> Response {
        let session = try context.requireStaff()
        let sites = try await sites(of: session)
        let byID = Dictionary(uniqueKeysWithValues: sites.map { ($0.id, $0) })
        let siteIDs = Array(byID.keys)
        let reviewSites = sites.map(\.id).filter { session.may(.publishOthersArticle, onSite: $0) }
        let t = pages.strings(request)
        let mine = try await services.store.articleRows(
            ArticleFilter(siteIDs: siteIDs, state: .draft, ownerID: session.staff.id), limit: 20)
        let review = try await services.store.articleRows(
            ArticleFilter(siteIDs: reviewSites.isEmpty ? siteIDs : reviewSites, state: .review,
                          ownerID: reviewSites.isEmpty ? session.staff.id : nil), limit: 20)
        let scheduled = try await services.store.articleRows(ArticleFilter(siteIDs: siteIDs, state: .scheduled), limit: 20)
        let comments = try await services.store.recentComments(siteIDs: siteIDs, limit: 10).map { item in
            let zone = sites.first?.zone ?? TimeZone(secondsFromGMT: 0)!
            return RecentCommentView(
                authorName: item.comment.authorName, dateLabel: FrenchDate.format(item.comment.createdAt, timeZone: zone),
                excerpt: Excerpt.make(item.comment.body, maximumLength: 120), articleTitle: item.articleTitle,
                articleURL: "/admin/articles/\(item.comment.articleID)/")
        }
        let view = DashboardView(
            sections: [
                ArticleTableView(heading: t["dashboard_drafts"] ?? "", rows: mine.map { ArticleRowView($0, sites: byID) }),
                ArticleTableView(heading: t["dashboard_review"] ?? "", rows: review.map { ArticleRowView($0, sites: byID) }),
                ArticleTableView(
                    heading: t["dashboard_scheduled"] ?? "", rows: scheduled.map { ArticleRowView($0, sites: byID) }),
            ], comments: comments, hasComments: !comments.isEmpty,
            pendingComments: try await pendingCommentCount(session))
        return try pages.render("dashboard", titleKey: "dashboard_title", body: view, request: request, context: context)
    }

    @Sendable func articles(_ request: Request, context: KibaruContext) async throws -> Response {
        let session = try context.requireStaff()
        let sites = try await sites(of: session)
        let byID = Dictionary(uniqueKeysWithValues: sites.map { ($0.id, $0) })
        let query = request.uri.queryParameters
        let state = query.get("etat").flatMap(PublishState.init(rawValue:))
        let siteSlug = query.get("site") ?? ""
        let chosen = sites.filter { siteSlug.isEmpty || $0.slug.rawValue == siteSlug }.map(\.id)
        let search = query.get("q") ?? ""
        let author = query.get("auteur").flatMap { Slug(rawValue: Slugify.slug($0)) }
        let tag = query.get("etiquette").flatMap { Slug(rawValue: Slugify.slug($0)) }
        let rows = try await services.store.articleRows(
            ArticleFilter(siteIDs: chosen, state: state, search: search, authorSlug: author, tagSlug: tag), limit: 200)
        let view = ArticlesView(
            states: PublishState.allCases.map { OptionView(value: $0.rawValue, label: $0.label, selected: $0 == state) },
            sites: sites.map { OptionView(value: $0.slug.rawValue, label: $0.title, selected: $0.slug.rawValue == siteSlug) },
            query: search, author: query.get("auteur") ?? "", tag: query.get("etiquette") ?? "",
            rows: rows.map { ArticleRowView($0, sites: byID) }, hasRows: !rows.isEmpty)
        return try pages.render("articles", titleKey: "articles_title", body: view, request: request, context: context)
    }

    @Sendable func auditLog(_ request: Request, context: KibaruContext) async throws -> Response {
        let session = try context.requireStaff()
        let owned = session.memberships.filter { $0.role == .owner }.map(\.siteID)
        guard session.staff.isNetworkAdmin || !owned.isEmpty else {
            return try pages.message(
                status: .forbidden, heading: "forbidden_title", message: "forbidden_message", request: request,
                context: context)
        }
        let entries = try await services.store.auditLog(siteIDs: session.staff.isNetworkAdmin ? nil : owned, limit: 200)
        let utc = TimeZone(secondsFromGMT: 0)!
        let view = AuditView(entries: entries.map {
            AuditRowView(when: FrenchDate.iso8601($0.at, timeZone: utc), who: $0.actorName, action: $0.action,
                         subject: $0.subject)
        })
        return try pages.render("audit", titleKey: "audit_title", body: view, request: request, context: context)
    }
}

extension KibaruContext {
    /// The staff session; routes behind ``RequireStaffMiddleware`` always have one.
    func requireStaff() throws -> StaffSession {
        guard let staff else { throw HTTPError(.unauthorized) }
        return staff
    }
}
