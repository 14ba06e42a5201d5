import Foundation
import HTTPTypes
import Hummingbird
import KibaruCompression
import KibaruCore
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
    let tail: (bytes: ByteBuffer, articleID: Article.ID)?
    /// Of the document without its token.
    let hash: UInt64
    /// The bodies served: the document with the token of one second (the same for every reader of that second),
    /// and its gzip and Brotli, each made once.
    private let variants: Variants

    /// What a document holds where its comment form's token goes, until served. Unguessable, so that no text of
    /// an article can contain it.
    public static let tokenPlaceholder = "kibaru-form-token-" + UUID().uuidString.lowercased()

    /// - Parameters:
    ///   - text: the document, with ``tokenPlaceholder`` once where the comment form's token goes, if it has one.
    ///   - formArticleID: the article of the comment form, when the document has one.
    public init(text: String, contentType: String, cacheControl: String, formArticleID: Article.ID? = nil) {
        self.contentType = contentType
        self.cacheControl = cacheControl
        let bytes = Array(text.utf8)
        if let formArticleID, let slot = Self.firstRange(of: Array(Self.tokenPlaceholder.utf8), in: bytes) {
            head = ByteBuffer(bytes: bytes[..<slot.lowerBound])
            tail = (ByteBuffer(bytes: bytes[slot.upperBound...]), formArticleID)
            variants = Variants(plain: nil)
        } else {
            head = ByteBuffer(string: text)
            tail = nil
            variants = Variants(plain: head)
        }
        hash = StableHash.digest(text)
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
    public var formArticleID: Article.ID? { tail?.articleID }

    /// The memory the document holds once served, as the page cache counts it: its bytes, its compressed copies
    /// (a fixed two thirds of them: gzip and Brotli each keep about a third of our pages), and for a page with a
    /// form the copy that carries the token of the second. Fixed when made, so that the cache's sum stays exact.
    public var byteCount: Int {
        let bytes = head.readableBytes + (tail?.bytes.readableBytes ?? 0)
        return bytes + bytes * 2 / 3 + (tail == nil ? 0 : bytes)
    }

    /// The answer to `request`: 304 when it already holds this version (weak ETag), the document otherwise, in
    /// the coding the request prefers of Brotli and gzip (compressed once, and once a second for a page with a
    /// comment form).
    /// `nil` when the document has a comment form and needs a `formToken` for `now`'s second.
    /// - Parameters:
    ///   - formToken: the token for the comment form, when the document has one.
    ///   - cacheStatus: the `Cache-Status` header's value (RFC 9211), saying whether the cache answered.
    public func response(to request: Request, formToken: String?, now: Date, cacheStatus: String) -> Response? {
        guard let answer = answer(
            acceptEncoding: request.headers[.acceptEncoding], ifNoneMatch: request.headers[.ifNoneMatch],
            formToken: formToken, now: now, cacheStatus: cacheStatus)
        else { return nil }
        return Response(status: answer.status, headers: answer.headers, body: answer.body.map { .init(byteBuffer: $0) } ?? .init())
    }

    /// A document's answer to a GET, whatever carries it (a route, or ``CachedPageChannelHandler`` on the
    /// connection's event loop): status, headers (without `Content-Length`) and the body, none for a 304.
    struct Answer {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: ByteBuffer?
    }

    /// The answer to a GET with these `Accept-Encoding` and `If-None-Match` headers (see
    /// ``response(to:formToken:now:cacheStatus:)``), or `nil` when the document has a comment form, no
    /// `formToken` is given and no body with the token of `now`'s second was made yet.
    func answer(acceptEncoding: String?, ifNoneMatch: String?, formToken: String?, now: Date, cacheStatus: String)
        -> Answer?
    {
        let coding = ContentCoding.preferred(by: acceptEncoding)
        let tag = eTag(now: now, coding: coding)
        var headers = headers(cacheStatus: cacheStatus, eTag: tag)
        if let ifNoneMatch, Self.matches(ifNoneMatch, tag) { return Answer(status: .notModified, headers: headers) }
        let second = Int(now.timeIntervalSince1970)
        guard let (plain, encoded) = bodies(second: second, formToken: formToken, coding: coding) else { return nil }
        if coding != .identity, let encoded {
            headers[.contentEncoding] = coding.rawValue
            return Answer(status: .ok, headers: headers, body: encoded)
        }
        return Answer(status: .ok, headers: headers, body: plain)
    }

    static let cacheStatusField = HTTPField.Name("Cache-Status")!

    /// The answer to a GET that ``CachedPageAnswers`` gives in the channel pipeline: as
    /// ``answer(acceptEncoding:ifNoneMatch:formToken:now:cacheStatus:)`` with `Cache-Status: Kibaru; hit` and no
    /// token given, its headers made once per coding (and per hour for a page with a form, whose tag changes
    /// hourly) with `fixedHeaders` added: a hit then copies them and adds only what changes with each request.
    func earlyAnswer(
        coding: ContentCoding, ifNoneMatch: String?, now: Date, fixedHeaders: (inout HTTPFields) -> Void
    ) -> Answer? {
        let version = tail == nil ? 0 : Int(now.timeIntervalSince1970) / 3600
        var head = variants.heads.withLock { $0[coding] }
        if head?.version != version {
            let tag = eTag(now: now, coding: coding)
            var plain = headers(cacheStatus: "Kibaru; hit", eTag: tag)
            fixedHeaders(&plain)
            var encoded = plain
            if coding != .identity { encoded[.contentEncoding] = coding.rawValue }
            let made = EarlyHead(version: version, tag: tag, plain: plain, encoded: encoded)
            variants.heads.withLock { $0[coding] = made }
            head = made
        }
        guard let head else { return nil }
        if let ifNoneMatch, Self.matches(ifNoneMatch, head.tag) {
            return Answer(status: .notModified, headers: head.plain)
        }
        guard let (plain, encoded) = bodies(second: Int(now.timeIntervalSince1970), formToken: nil, coding: coding)
        else { return nil }
        if coding != .identity, let encoded { return Answer(status: .ok, headers: head.encoded, body: encoded) }
        return Answer(status: .ok, headers: head.plain, body: plain)
    }

    /// Whether an `If-None-Match` header names `tag`, or is `*`: compared weakly, as RFC 9110 (13.1.2) says, so
    /// that `"…"` and `W/"…"` name the same version.
    static func matches(_ ifNoneMatch: String, _ tag: String) -> Bool {
        let opaque = { (tag: Substring) in tag.hasPrefix("W/") ? tag.dropFirst(2) : tag }
        let own = opaque(Substring(tag))
        return ifNoneMatch.split(separator: ",").contains { listed in
            let listed = listed.trimmingCharacters(in: .whitespaces)
            return listed == "*" || opaque(Substring(listed)) == own
        }
    }

    private func headers(cacheStatus: String, eTag: String) -> HTTPFields {
        var headers: HTTPFields = [.contentType: contentType, .cacheControl: cacheControl, .vary: "Accept-Encoding"]
        headers[Self.cacheStatusField] = cacheStatus
        headers[.eTag] = eTag
        return headers
    }

    /// The document with `token` in its form's place (the document itself when it has no form).
    private func withToken(_ token: String) -> ByteBuffer {
        guard let tail else { return head }
        var body = ByteBuffer()
        body.reserveCapacity(head.readableBytes + token.utf8.count + tail.bytes.readableBytes)
        body.writeImmutableBuffer(head)
        body.writeString(token)
        body.writeImmutableBuffer(tail.bytes)
        return body
    }

    /// The document as served at `second` (with the token of that second, if it has a form), and in `coding`;
    /// both made once and kept (for a page with a form: during that second). `nil` for a page with a form when
    /// no `formToken` is given and none of that second is kept.
    private func bodies(second: Int, formToken: String?, coding: ContentCoding) -> (ByteBuffer, ByteBuffer?)? {
        var kept = variants.value.withLock { $0 }
        var changed = false
        if tail != nil, kept.second != second || kept.plain == nil {
            guard let formToken else { return nil }
            kept = (second, withToken(formToken), [:])
            changed = true
        }
        guard let plain = kept.plain else { return (head, nil) }
        var encoded: ByteBuffer?
        if coding != .identity {
            encoded = kept.encoded[coding]
            if encoded == nil {
                encoded = coding.encode(plain)
                kept.encoded[coding] = encoded
                changed = true
            }
        }
        // A hit that made nothing new writes nothing back.
        // Never back to an earlier second: a request that waited for its token may come late.
        if changed { variants.value.withLock { if $0.second <= kept.second { $0 = kept } } }
        return (plain, encoded)
    }

    /// A weak ETag from the document's hash; with a comment form, also from the hour, so that a browser keeps
    /// its copy (and the token in it) for an hour at most: tokens are valid for six.
    /// Each coding is another representation, with another tag.
    func eTag(now: Date, coding: ContentCoding = .identity) -> String {
        let version = String(hash, radix: 16) + (tail == nil ? "" : "-\(Int(now.timeIntervalSince1970) / 3600)")
        return "W/\"\(version)\(coding == .identity ? "" : "-" + coding.rawValue)\""
    }
}

/// The bodies a document was last served with: as is and in each coding asked for, and, for a document with a
/// comment form, the second whose token they carry.
private final class Variants: Sendable {
    let value: Mutex<(second: Int, plain: ByteBuffer?, encoded: [ContentCoding: ByteBuffer])>
    /// The headers of early answers, by coding (``CachedDocument/earlyAnswer(coding:ifNoneMatch:now:fixedHeaders:)``).
    let heads = Mutex<[ContentCoding: EarlyHead]>([:])

    init(plain: ByteBuffer?) {
        value = Mutex((second: 0, plain: plain, encoded: [:]))
    }
}

/// The headers of a document's early answers in one coding: as is (also for a 304) and with its
/// `Content-Encoding`, for the hour `version` (0 for a page without a form) whose ETag `tag` they carry.
private struct EarlyHead {
    var version: Int
    var tag: String
    var plain: HTTPFields
    var encoded: HTTPFields
}
