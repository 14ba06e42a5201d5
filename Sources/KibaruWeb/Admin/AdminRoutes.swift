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
    /// The words of those e-mails, in the language the admin is shown in.
    let mailWording: MailWording
    let baseURL: String

    public init(
        store: any ContentStore & StaffStore, auth: AuthService, staff: StaffService, editorial: EditorialService,
        media: MediaService, moderation: CommentModeration, mailer: (any MailSender)?, mailWording: MailWording,
        baseURL: String
    ) {
        self.moderation = moderation
        self.mailer = mailer
        self.mailWording = mailWording
        self.store = store
        self.auth = auth
        self.staff = staff
        self.editorial = editorial
        self.media = media
        self.baseURL = baseURL
    }
}

extension AdminServices {
    /// What the staff member's admin shows them, from the permission matrix.
    var workspace: StaffWorkspace { StaffWorkspace(store: store) }
}

/// One area of the admin (editor, sites and settings, staff, moderation, media, audit): its routes, on the staff
/// context, with the services they act through and the pages they render.
protocol AdminArea: Sendable {
    init(services: AdminServices, pages: AdminPages)
    /// Adds the area's routes under `/admin/`, behind the login.
    func register(on staff: RouterGroup<StaffContext>)
}

/// The admin under `/admin/`, server-rendered and usable with JavaScript off: the login area on the request
/// context of every route, then one group per area on ``StaffContext``, whose session is never missing. Every POST
/// passes ``CSRFMiddleware``; who may do what is decided by the services (``StaffWorkspace`` for what pages show).
struct AdminRoutes: Sendable {
    let services: AdminServices
    let pages: AdminPages

    static let areas: [any AdminArea.Type] = [
        EditorRoutes.self, SiteRoutes.self, StaffRoutes.self, ModerationRoutes.self, MediaRoutes.self, AuditRoutes.self,
    ]

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
        let login = LoginRoutes(services: services, pages: pages)
        login.register(on: admin)
        let staff = admin.group().add(middleware: RequireStaffMiddleware()).group(context: StaffContext.self)
        login.registerLogout(on: staff)
        for area in Self.areas {
            area.init(services: services, pages: pages).register(on: staff)
        }
    }
}
