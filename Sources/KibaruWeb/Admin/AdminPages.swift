import Foundation
import Hummingbird
import KibaruCore
import KibaruServices
import KibaruText
import KibaruTheme

/// Everything an admin page's layout shows, around the page's own data (`page`, which the template opens as a
/// section, so that `t`, `csrf` and the rest stay visible inside it).
struct AdminPage<Body: Sendable>: Sendable {
    var lang: String
    var pageTitle: String
    var styleHTML: String
    /// The UI strings of the page's language.
    var t: [String: String]
    var staffName: String?
    var csrf: String
    var canViewAudit: Bool
    var notice: String?
    var problem: String?
    var page: Body
}

/// The admin's templates and strings, and the rendering of its pages.
struct AdminPages: Sendable {
    static let requiredTemplates = [
        "layout", "login", "dashboard", "articles", "editor", "audit", "sites", "staff", "reset", "message",
        "partials/articles-table", "media", "partials/media-list", "revisions", "tags", "settings", "comments", "tokens", "webhooks", "content-keys",
    ]

    let theme: Theme
    let catalogue: Catalogue
    /// Field errors in the admin's languages other than French.
    let errorWording: ErrorWording
    /// Whether cookies must be `Secure` (the network is served over https).
    let secureCookies: Bool
    /// The editor's script (`Resources/admin/static/editeur.js`), read once.
    let editorScript: String

    static func load(resourcesDirectory: String, secureCookies: Bool) async throws -> AdminPages {
        let admin = (resourcesDirectory as NSString).appendingPathComponent("admin")
        let scriptPath = (admin as NSString).appendingPathComponent("static/editeur.js")
        guard let script = FileManager.default.contents(atPath: scriptPath) else {
            throw ThemeError(directory: admin, problem: L("static/editeur.js manque"))
        }
        return AdminPages(
            theme: try await Theme.load(
                from: (admin as NSString).appendingPathComponent("templates"), requiredTemplates: requiredTemplates),
            catalogue: try Catalogue.load(from: (admin as NSString).appendingPathComponent("strings")),
            errorWording: try ErrorWording.load(resourcesDirectory: resourcesDirectory),
            secureCookies: secureCookies, editorScript: String(decoding: script, as: UTF8.self))
    }

    func language(_ request: Request) -> String {
        catalogue.language(accepting: request.headers[.acceptLanguage])
    }

    func strings(_ request: Request) -> [String: String] { catalogue.table(language(request)) }

    /// `errors` as one message in the admin's language, each with its field's name.
    func describe(_ errors: ValidationErrors, _ request: Request) -> String {
        errorWording.describe(errors, language: language(request))
    }

    /// The messages of `errors` in the admin's language, without field names, for a form of one field.
    func messages(_ errors: ValidationErrors, _ request: Request) -> String {
        let language = language(request)
        return errors.errors.map { errorWording.message($0, language: language) }
            .joined(separator: language == "fr" ? " ; " : "; ")
    }

    /// `errors` with their messages in the admin's language, for a form that shows each beside its field.
    func translated(_ errors: ValidationErrors, _ request: Request) -> [FieldError] {
        errorWording.translated(errors.errors, language: language(request))
    }

    /// Renders `template` with the layout's data around `body`.
    func render<Body: Sendable>(
        _ template: String, titleKey: String, body: Body, request: Request, context: some AdminRequestContext,
        csrf: String? = nil, notice: String? = nil, problem: String? = nil, status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let strings = strings(request)
        let staff = context.staff
        let page = AdminPage(
            lang: language(request), pageTitle: strings[titleKey] ?? titleKey, styleHTML: theme.styleSheet, t: strings,
            staffName: staff?.staff.name, csrf: csrf ?? staff?.csrfToken ?? "",
            canViewAudit: staff.map(StaffWorkspace.mayReadAuditLog) ?? false,
            notice: notice, problem: problem, page: body)
        let html = try theme.render(template, page)
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    struct Message: Sendable {
        var heading: String
        var message: String
    }

    /// A page saying why a request was refused.
    func message(
        status: HTTPResponse.Status, heading: String, message: String, request: Request,
        context: some AdminRequestContext
    ) throws -> Response {
        let strings = strings(request)
        return try render(
            "message", titleKey: heading,
            body: Message(heading: strings[heading] ?? heading, message: strings[message] ?? message),
            request: request, context: context, status: status)
    }

    /// The session cookie: HttpOnly, SameSite=Lax, Secure over https. Its lifetime is relative (Max-Age), so a
    /// browser whose clock is wrong keeps it as long as the server does.
    func sessionCookie(_ token: String, lifetime: TimeInterval) -> Cookie {
        Cookie(
            name: AdminSessionMiddleware.cookieName, value: token, maxAge: Int(lifetime), path: "/",
            secure: secureCookies, httpOnly: true, sameSite: .lax)
    }

    /// The cookie naming a browser that has logged in before (``AuthService``): its login attempts are not
    /// throttled with strangers' guesses.
    static let deviceCookieName = "kibaru_device"

    func deviceCookie(_ token: String) -> Cookie {
        Cookie(
            name: Self.deviceCookieName, value: token, maxAge: Int(AuthService.deviceLifetime), path: "/admin/",
            secure: secureCookies, httpOnly: true, sameSite: .strict)
    }

    /// The anonymous forms' CSRF cookie (double-submit).
    func csrfCookie(_ token: String) -> Cookie {
        Cookie(
            name: CSRFMiddleware.cookieName, value: token, path: "/admin/", secure: secureCookies, httpOnly: true,
            sameSite: .strict)
    }
}

extension Dictionary where Key == String, Value == String {
    /// The admin's label of a value (`label_state_draft`…) in the page's language; `otherwise` (the domain's
    /// French label) when the catalogue has none.
    func label(_ kind: String, _ rawValue: String, otherwise: String) -> String {
        self["label_\(kind)_\(rawValue)"] ?? otherwise
    }
}
