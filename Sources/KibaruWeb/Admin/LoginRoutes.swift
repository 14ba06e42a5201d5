import Foundation
import Hummingbird
import KibaruCore
import KibaruServices

/// Logging in and out, and choosing a new password with a reset link: the admin's only pages without a session.
struct LoginRoutes: Sendable {
    let services: AdminServices
    let pages: AdminPages

    func register(on admin: RouterGroup<KibaruContext>) {
        admin.get("connexion", use: loginPage).post("connexion", use: login)
        admin.get("mot-de-passe", use: resetPage).post("mot-de-passe", use: reset)
    }

    func registerLogout(on staff: RouterGroup<StaffContext>) {
        staff.post("deconnexion", use: logout).post("deconnexion-partout", use: logoutEverywhere)
    }

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

    @Sendable func logout(_ request: Request, context: StaffContext) async throws -> Response {
        try await services.auth.logout(token: context.sessionToken)
        var response = Response.redirect(to: "/admin/connexion/")
        response.setCookie(pages.sessionCookie("", lifetime: 0))
        return response
    }

    @Sendable func logoutEverywhere(_ request: Request, context: StaffContext) async throws -> Response {
        try await services.auth.logoutEverywhere(staffID: context.session.staff.id)
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
                context: context, csrf: csrf, problem: pages.messages(errors, request),
                status: .unprocessableContent)
        }
    }
}
