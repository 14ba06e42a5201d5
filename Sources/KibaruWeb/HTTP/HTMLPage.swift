import Foundation
import Hummingbird
import KibaruText

/// An HTML response with an ETag, so that a reader on a slow link who already has the page gets a 304.
public struct HTMLPage: ResponseGenerator {
    public var status: HTTPResponse.Status
    public var html: String
    public var cacheControl: String
    /// `text/html` unless a feed, a sitemap or `robots.txt` is served the same way.
    public var contentType: String

    /// - Parameters:
    ///   - status: 200 unless an error page.
    ///   - html: the whole document.
    ///   - cacheControl: browsers revalidate every time (a 304 thanks to the ETag: comments and edits show at
    ///     once), shared caches such as nginx may keep a page a minute.
    public init(
        status: HTTPResponse.Status = .ok, html: String, cacheControl: String = "public, max-age=0, s-maxage=60",
        contentType: String = "text/html; charset=utf-8"
    ) {
        self.contentType = contentType
        self.status = status
        self.html = html
        self.cacheControl = cacheControl
    }

    /// A weak ETag from a 64-bit hash of the document (``StableHash/digest(_:)``).
    var eTag: String {
        "W/\"\(String(StableHash.digest(html), radix: 16))\""
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: contentType, .cacheControl: cacheControl]
        guard status == .ok else {
            headers[.cacheControl] = "no-store"
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
        }
        let tag = eTag
        headers[.eTag] = tag
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: {
            $0.trimmingCharacters(in: .whitespaces) == tag
        }) {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
