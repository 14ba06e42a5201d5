import KibaruCore

/// A public page that cannot be served, with the site it was asked of (for the error page's header).
struct PublicError: Error {
    var status: Int
    var site: Site?

    static func notFound(_ site: Site?) -> PublicError { PublicError(status: 404, site: site) }
}
