import Foundation
import HTTPTypes
import Hummingbird
import KibaruCompression
import KibaruText
import Logging
import Metrics
import Synchronization

/// Answers, without the router and without leaving the connection's event loop, the GETs whose page the page
/// cache holds, with the headers the router's middleware would have given them (security headers, `Date`,
/// `Server`, `X-Request-Id`), counted in the same request metrics and access log. ``CachedPageChannelHandler``
/// asks it for each request it may answer; everything else, and every page it cannot answer now, goes on to
/// the router, whose ``PageCacheMiddleware`` answers the rest of the hits.
public final class CachedPageAnswers: Sendable {
    private let cache: PageCache
    private let strictTransportSecurity: Bool
    private let serverName: String
    private let accessLogger: Logger?
    private let now: @Sendable () -> Date
    private let clock = HTTPDateClock()
    private let codings = Mutex<[String: ContentCoding]>([:])
    private let metrics: [MetricsKey: (Counter, Metrics.Timer)]
    /// `kibaru_page_cache_early_answers_total`: the hits answered here, before the router.
    private let earlyAnswers = Counter(label: "kibaru_page_cache_early_answers_total")

    /// - Parameters:
    ///   - baseURL: the network's base URL: https adds `Strict-Transport-Security`, as for every other answer.
    ///   - serverName: the `Server` header the application gives every answer.
    ///   - accessLogger: where each request is logged at `info`, when the access log is on.
    public init(
        cache: PageCache, baseURL: String, serverName: String, accessLogger: Logger?,
        now: @escaping @Sendable () -> Date
    ) {
        self.cache = cache
        self.strictTransportSecurity = baseURL.hasPrefix("https://")
        self.serverName = serverName
        self.accessLogger = accessLogger
        self.now = now
        var metrics: [MetricsKey: (Counter, Metrics.Timer)] = [:]
        for route in ["/", "/**"] {
            for status in [HTTPResponse.Status.ok, .notModified] {
                // The labels of Hummingbird's MetricsMiddleware, so that hits add up with the router's answers.
                let dimensions = [
                    ("http.route", route), ("http.request.method", "GET"),
                    ("http.response.status_code", status.code.description),
                ]
                metrics[MetricsKey(route: route, status: status.code)] = (
                    Counter(label: "hb.requests", dimensions: dimensions),
                    Metrics.Timer(label: "http.server.request.duration", dimensions: dimensions, preferredDisplayUnit: .seconds)
                )
            }
        }
        self.metrics = metrics
    }

    private struct MetricsKey: Hashable {
        var route: String
        var status: Int
    }

    /// Whether `request` may be answered here, before its end arrives: a GET of a page's path without query, or
    /// of the Content API with its query (its answers are kept under both), on a connection that stays open (a
    /// closing one is left to the router, which closes it).
    func mayAnswer(_ request: HTTPRequest) -> Bool {
        guard request.method == .get, let path = request.path, path.utf8.first == UInt8(ascii: "/"),
            !path.hasPrefix("/media/"),  // files, never pages
            !path.utf8.contains(where: { $0 == UInt8(ascii: "#") }),
            path.hasPrefix("/api/v1/") || !path.utf8.contains(UInt8(ascii: "?"))
        else { return false }
        if let connection = request.headerFields[.connection], connection.lowercased().contains("close") { return false }
        return true
    }

    /// The answer to `request` when the cache holds its page and can serve it now (for a page with a comment
    /// form: the body with this second's token was made already), `nil` otherwise.
    func answer(to request: HTTPRequest) -> (head: HTTPResponse, body: ByteBuffer?)? {
        let start = DispatchTime.now().uptimeNanoseconds
        guard let path = request.path else { return nil }
        let authority = request.headerFields[Self.hostField] ?? request.authority ?? ""
        let key = PageCache.Key(host: PageCache.Key.host(ofAuthority: authority), path: path)
        let now = now()
        guard let hit = cache.page(for: key, now: now, counting: false),
            var answer = hit.document.earlyAnswer(
                coding: coding(request.headerFields[.acceptEncoding]), ifNoneMatch: request.headerFields[.ifNoneMatch],
                now: now,
                fixedHeaders: { [strictTransportSecurity, serverName] headers in
                    SecurityHeaders.add(to: &headers, path: path, strictTransportSecurity: strictTransportSecurity)
                    headers[.server] = serverName
                })
        else { return nil }
        cache.countHit()
        let requestID = RequestID()
        answer.headers.append(HTTPField(name: .date, value: clock.header(for: now)))
        answer.headers.append(HTTPField(name: Self.requestIDField, value: requestID.description))
        if let body = answer.body { answer.headers.append(HTTPField(name: .contentLength, value: String(body.readableBytes))) }
        accessLogger?.info(
            "Request",
            metadata: ["hb.request.id": "\(requestID)", "hb.request.method": "GET", "hb.request.path": "\(path)"])
        if let (counter, timer) = metrics[MetricsKey(route: path == "/" ? "/" : "/**", status: answer.status.code)] {
            counter.increment()
            timer.recordNanoseconds(DispatchTime.now().uptimeNanoseconds - start)
        }
        earlyAnswers.increment()
        return (HTTPResponse(status: answer.status, headerFields: answer.headers), answer.body)
    }

    static let hostField = HTTPField.Name("Host")!
    static let requestIDField = RequestIDMiddleware<KibaruContext>.header

    /// The coding for an `Accept-Encoding` value, remembered for the few values browsers send.
    private func coding(_ acceptEncoding: String?) -> ContentCoding {
        guard let acceptEncoding else { return .identity }
        if let known = codings.withLock({ $0[acceptEncoding] }) { return known }
        let coding = ContentCoding.preferred(by: acceptEncoding)
        codings.withLock { known in
            if known.count >= 256 { known.removeAll() }
            known[acceptEncoding] = coding
        }
        return coding
    }
}

/// The `Date` header's value (``InternetDate/http(_:)``), made once a second.
final class HTTPDateClock: Sendable {
    private let last = Mutex<(second: Int, text: String)>((-1, ""))

    func header(for date: Date) -> String {
        let second = Int(date.timeIntervalSince1970.rounded(.down))
        if let text = last.withLock({ $0.second == second ? $0.text : nil }) { return text }
        let text = InternetDate.http(Date(timeIntervalSince1970: TimeInterval(second)))
        last.withLock { $0 = (second, text) }
        return text
    }
}
