import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KibaruApp
import KibaruCore
import KibaruTesting
import KibaruWeb
import Testing

/// Liveness, readiness, request ids and the Prometheus metrics, served to loopback (or chosen) clients only.
@Suite struct ObservabilityTests {
    static let clientAddress = HTTPField.Name("X-Test-Client-Address")!

    func get(_ client: some TestClientProtocol, _ path: String, from address: String) async throws
        -> (HTTPResponse.Status, HTTPFields, String)
    {
        try await client.execute(uri: path, method: .get, headers: [Self.clientAddress: address]) {
            ($0.status, $0.headers, String(buffer: $0.body))
        }
    }

    @Test func healthReadinessAndRequestIDs() async throws {
        let network = try await TestNetwork.make()
        try await network.application().test(.router) { client in
            var (status, headers, body) = try await get(client, "/health", from: "203.0.113.5")
            #expect(status == .ok && body == "ok")
            (status, _, body) = try await get(client, "/ready", from: "203.0.113.5")
            #expect(status == .ok && body == "ready")
            (status, headers, _) = try await get(client, "/page-qui-n-existe-pas/", from: "203.0.113.5")
            #expect(status == .notFound)
            let id = try #require(headers[HTTPField.Name("X-Request-Id")!])
            #expect(!id.isEmpty, "an error page names its request, as the logs do")
        }
    }

    @Test func metricsCountRequestsLoginsAndTransactionsForLoopbackOnly() async throws {
        let network = try await TestNetwork.make()
        let editor = try await network.staff("Éditrice", role: .editor)
        try await network.application().test(.router) { client in
            _ = try await get(client, "/mali-actu/", from: "198.51.100.1")
            let token = try await SecurityReviewTests.loginToken(client)
            _ = try await SecurityReviewTests.login(
                client, token: token, email: editor.staff.email, password: "pas le bon", address: "198.51.100.1")
            let (status, headers, text) = try await get(client, "/metrics", from: "127.0.0.1")
            #expect(status == .ok && headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            #expect(text.contains("hb_requests"), "requests by route and status")
            #expect(text.contains("http_server_request_duration"), "latency histograms")
            #expect(text.contains(#"kibaru_logins_total{result="wrong"}"#))
            #expect(text.contains(#"kibaru_store_transaction_seconds"#))
            #expect(text.contains("kibaru_page_cache_hits") && text.contains("kibaru_page_cache_bytes"))
            for address in ["203.0.113.5", "10.1.2.3", "inconnue"] {
                let (refused, _, _) = try await get(client, "/metrics", from: address)
                #expect(refused == .notFound, "\(address)")
            }
        }
        let widened = network.configured { $0.metricsFrom.append(AddressRange("203.0.113.0/24")!) }
        try await widened.application().test(.router) { client in
            let (inside, _, _) = try await get(client, "/metrics", from: "203.0.113.5")
            let (outside, _, _) = try await get(client, "/metrics", from: "203.0.114.5")
            #expect(inside == .ok && outside == .notFound)
        }
    }

    @Test func addressRangesReadCIDRForBothFamilies() throws {
        let ten = try #require(AddressRange("10.0.0.0/8"))
        #expect(ten.contains("10.200.3.4") && !ten.contains("11.0.0.1") && !ten.contains("::1"))
        #expect(AddressRange.loopback.contains { $0.contains("::ffff:127.0.0.1") }, "IPv4 on an IPv6 socket")
        #expect(AddressRange.loopback.contains { $0.contains("::1") })
        let six = try #require(AddressRange("2001:db8::/32"))
        let one = try #require(AddressRange("192.0.2.7"))
        #expect(six.contains("2001:db8:1::5") && !six.contains("2001:db9::1"))
        #expect(one.contains("192.0.2.7") && !one.contains("192.0.2.8"))
        #expect(AddressRange("10.0.0.0/33") == nil && AddressRange("pas une adresse") == nil && AddressRange("::/129") == nil)
        #expect(ten.description == "10.0.0.0/8")
    }
}
