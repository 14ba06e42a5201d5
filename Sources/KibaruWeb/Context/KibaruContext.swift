import Hummingbird
import KibaruCore
import NIOCore

/// The request context of every route: the staff session when someone is logged in, and the client's address
/// for login throttling.
public struct KibaruContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The logged-in staff member's session, set by ``AdminSessionMiddleware``.
    public var staff: StaffSession?
    /// The session cookie's token, to log out.
    public var sessionToken: String?
    /// The client's IP address: the TCP peer's, or the one a trusted reverse proxy names
    /// (``ClientAddressMiddleware``); "inconnue" when the transport has none.
    public var clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "inconnue"
    }

    /// Forms are small; media uploads get their own limit.
    public var maxUploadSize: Int { 1 << 20 }
}
