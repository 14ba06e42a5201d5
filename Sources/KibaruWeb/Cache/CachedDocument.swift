import Foundation
import HTTPTypes
import Hummingbird
import KibaruText
import Synchronization

/// A reader document (HTML page, feed, sitemap) ready to serve again: its bytes, type, caching headers and ETag.
///
/// An article page open to comments carries the comment form's signed token, which says when the form was made
/// (the anti-spam rules read it): the page is rendered once with ``tokenPlaceholder`` in its place, and each
/// answer puts a fresh token there, so that caching the page changes nothing for those rules.
public struct CachedDocument: Sendable {
    public let contentType: String
    public let cacheControl: String
    /// The bytes before the token (the whole document when it has none).
    let head: ByteBuffer
    /// The bytes after the token, and the article the token is for.
    let tail: (bytes: ByteBuffer, articleID: Int64)?
    /// Of the document without its token.
    let hash: UInt64
    /// The document with the token of one second: the same for every reader of that second, so made once.
    private let latest = LatestBody()

    /// What a document holds where its comment form's token goes, until served. Unguessable, so that no text of
    /// an article can contain it.
    public static let tokenPlaceholder = "kibaru-form-token-" + UUID().uuidString.lowercased()

    /// The document as served during `second`, if it was made already.
    public func body(forSecond second: Int) -> ByteBuffer? {
        latest.value.withLock { latest in latest.flatMap { $0.second == second ? $0.body : nil } }
    }

    /// - Parameters:
    ///   - text: the document, with ``tokenPlaceholder`` once where the comment form's token goes, if it has one.
    ///   - formArticleID: the article of the comment form, when the document has one.
    public init(text: String, contentType: String, cacheControl: String, formArticleID: Int64? = nil) {
        self.contentType = contentType
        self.cacheControl = cacheControl
        let bytes = Array(text.utf8)
        if let formArticleID, let slot = Self.firstRange(of: Array(Self.tokenPlaceholder.utf8), in: bytes) {
            head = ByteBuffer(bytes: bytes[..<slot.lowerBound])
            tail = (ByteBuffer(bytes: bytes[slot.upperBound...]), formArticleID)
        } else {
            head = ByteBuffer(string: text)
            tail = nil
        }
        hash = StableHash.fnv1a(text)
    }

    /// Where `needle` first occurs in `bytes` (a byte search: Foundation's `range(of:)` compares as Unicode).
    static func firstRange(of needle: [UInt8], in bytes: [UInt8]) -> Range<Int>? {
        guard let first = needle.first, needle.count <= bytes.count else { return nil }
        var index = 0
        while let start = bytes[index...].firstIndex(of: first) {
            guard start + needle.count <= bytes.count else { return nil }
            if bytes[start..<start + needle.count].elementsEqual(needle) { return start..<start + needle.count }
            index = start + 1
        }
        return nil
    }

    /// The article whose comment form token the document needs, if any.
    public var formArticleID: Int64? { tail?.articleID }

    public var byteCount: Int { head.readableBytes + (tail?.bytes.readableBytes ?? 0) }

    /// The answer to `request`: 304 when it already holds this version (weak ETag), the document otherwise.
    /// - Parameters:
    ///   - formToken: the token for the comment form, when the document has one.
    ///   - cacheStatus: the `Cache-Status` header's value (RFC 9211), saying whether the cache answered.
    public func response(to request: Request, formToken: String?, now: Date, cacheStatus: String) -> Response {
        var headers: HTTPFields = [.contentType: contentType, .cacheControl: cacheControl]
        headers[HTTPField.Name("Cache-Status")!] = cacheStatus
        let tag = eTag(now: now)
        headers[.eTag] = tag
        if let match = request.headers[.ifNoneMatch],
            match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == tag })
        {
            return Response(status: .notModified, headers: headers)
        }
        guard let tail else { return Response(status: .ok, headers: headers, body: .init(byteBuffer: head)) }
        let second = Int(now.timeIntervalSince1970)
        if let body = body(forSecond: second) {
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
        }
        let token = formToken ?? ""
        var body = ByteBuffer()
        body.reserveCapacity(head.readableBytes + token.utf8.count + tail.bytes.readableBytes)
        body.writeImmutableBuffer(head)
        body.writeString(token)
        body.writeImmutableBuffer(tail.bytes)
        if formToken != nil { latest.value.withLock { $0 = (second, body) } }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    /// A weak ETag from the document's hash; with a comment form, also from the hour, so that a browser keeps
    /// its copy (and the token in it) for an hour at most: tokens are valid for six.
    func eTag(now: Date) -> String {
        let version = String(hash, radix: 16)
        guard tail != nil else { return "W/\"\(version)\"" }
        return "W/\"\(version)-\(Int(now.timeIntervalSince1970) / 3600)\""
    }
}

/// The body a document with a comment form was last served with, and the second its token is of.
private final class LatestBody: Sendable {
    let value = Mutex<(second: Int, body: ByteBuffer)?>(nil)
}
