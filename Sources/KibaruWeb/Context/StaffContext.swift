import Hummingbird
import KibaruCore

/// A request context the admin's pages render with: the staff session when there is one.
protocol AdminRequestContext: RequestContext {
    /// The logged-in staff member's session, if any.
    var staff: StaffSession? { get }
}

extension KibaruContext: AdminRequestContext {}

/// The request context of the admin's routes behind the login: the staff session is always there. A group of
/// routes on this context is reached only through ``RequireStaffMiddleware``, which sends visitors without a
/// session to the login page first.
struct StaffContext: ChildRequestContext, AdminRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The logged-in staff member's session.
    let session: StaffSession
    /// The session cookie's token, to log out.
    let sessionToken: String
    /// The client's address, as ``KibaruContext`` has it.
    let clientAddress: String

    init(context: KibaruContext) throws {
        guard let session = context.staff, let token = context.sessionToken else { throw HTTPError(.unauthorized) }
        self.coreContext = context.coreContext
        self.session = session
        self.sessionToken = token
        self.clientAddress = context.clientAddress
    }

    var staff: StaffSession? { session }

    /// Forms are small, as on every route; media uploads read their own limit.
    var maxUploadSize: Int { 1 << 20 }
}
