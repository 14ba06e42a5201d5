import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// GET requests to servers on 127.0.0.1 that a test started as processes (a cluster, nginx).
public enum LocalHTTP {
    /// A client that never follows redirects, for the life of the test process.
    private static let withoutRedirects = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))

    /// The answer to `GET url`: status, headers (names in lowercase; the last value of a repeated one), body.
    /// - Parameters:
    ///   - headers: request headers to send (`Cookie`, `Accept-Language`).
    ///   - followingRedirects: `false` answers a redirect itself (a page that sends to the login page is seen).
    public static func get(_ url: String, headers: [(String, String)] = [], followingRedirects: Bool = true) async throws
        -> (status: Int, headers: [String: String], body: String)
    {
        var request = HTTPClientRequest(url: url)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let client = followingRedirects ? HTTPClient.shared : withoutRedirects
        let response = try await client.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 16 << 20)
        let headers = Dictionary(response.headers.map { ($0.name.lowercased(), $0.value) }) { _, last in last }
        return (Int(response.status.code), headers, String(buffer: body))
    }
}
