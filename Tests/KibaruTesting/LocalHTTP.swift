import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// GET requests to servers on 127.0.0.1 that a test started as processes (a cluster, nginx).
public enum LocalHTTP {
    /// The answer to `GET url`: status, headers (names in lowercase; the last value of a repeated one), body.
    /// - Parameter headers: request headers to send (`Cookie`, `Accept-Language`).
    public static func get(_ url: String, headers: [(String, String)] = []) async throws
        -> (status: Int, headers: [String: String], body: String)
    {
        var request = HTTPClientRequest(url: url)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 16 << 20)
        let headers = Dictionary(response.headers.map { ($0.name.lowercased(), $0.value) }) { _, last in last }
        return (Int(response.status.code), headers, String(buffer: body))
    }
}
