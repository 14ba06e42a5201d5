import Foundation
import Hummingbird
import HummingbirdTesting
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruTesting
import Testing

/// A commenter proves an address is theirs by the link mailed to it, then gets a copy of their comments or
/// erases them.
@Suite(.serialized) struct ReaderRightsTests {
    static func seed(_ network: TestNetwork) async throws {
        let article = try await network.publish("Un article")
        for (name, email) in [("Fatou", "fatou@example.org"), ("Fatou", "fatou@example.org"), ("Ali", "ali@example.org")] {
            try await CommentService(store: network.store).add(NewComment(
                articleID: article.id, authorName: name, body: "Texte de \(name)", createdAt: TestNetwork.now,
                status: .approved, email: email))
        }
    }

    @Test(.enabled(if: SMTPSink.isAvailable, "python3 without the smtpd module: skipped"))
    func theMailedLinkExportsThenErases() async throws {
        var network = try await TestNetwork.make()
        try await Self.seed(network)
        let sink = try await SMTPSink()
        network = network.configured {
            $0.smtp = try? SMTPSettings(url: "smtp://127.0.0.1:\(sink.port)", from: "kibaru@example.org")
        }
        try await network.application().test(.router) { client in
            for email in ["fatou@example.org", "personne@example.org"] {
                try await client.execute(
                    uri: "/commentaires/mes-donnees/", method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: AdminRequest.form([("courriel", email)])
                ) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("Si des commentaires ont été donnés sous cette adresse"))
                }
            }
        }
        let received = sink.stop()
        #expect(received.contains("To: fatou@example.org") && !received.contains("To: personne@example.org"),
                "only an address with comments gets mail, and the page does not tell")
        let base64 = received.split(separator: "\n").compactMap { line in
            line.wholeMatch(of: /b'([A-Za-z0-9+\/=]{8,})'/).map { String($0.1) }
        }.joined()
        let body = String(decoding: Data(base64Encoded: base64) ?? Data(), as: UTF8.self)
        let link = try #require(body.firstMatch(of: /https:\/\/kibaru\.test(\/commentaires\/mes-donnees\/\?\S+)/)).1
        try await network.application().test(.router) { client in
            let (status, _, page) = try await client.getPage(String(link), as: nil)
            #expect(status == .ok && page.contains("<strong>fatou@example.org</strong>\u{00A0}: 2."))
            let (_, headers, json) = try await client.getPage(String(link) + "&format=json", as: nil)
            #expect(headers[.contentDisposition]?.contains("commentaires.json") == true)
            #expect(json.contains("\"text\" : \"Texte de Fatou\"") && !json.contains("Ali"))
            let query = try #require(String(link).split(separator: "?").last)
            let fields = query.split(separator: "&").map { pair -> (String, String) in
                let parts = pair.split(separator: "=", maxSplits: 1)
                return (String(parts[0]), String(parts[1]).removingPercentEncoding ?? "")
            }
            try await client.execute(
                uri: "/commentaires/mes-donnees/effacer/", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"], body: AdminRequest.form(fields)
            ) { response in
                #expect(String(buffer: response.body).contains("2 commentaires effacés."))
            }
        }
        let left = try await network.store.comments(siteIDs: [network.site.id], status: .approved, limit: 10)
        #expect(left.map(\.comment.authorName) == ["Ali"])
    }

    @Test func aForgedOrExpiredLinkIsRefused() async throws {
        let network = try await TestNetwork.make()
        try await Self.seed(network)
        let rights = CommenterRights(store: network.store, now: { TestNetwork.now })
        let (expires, signature) = try await rights.signedQuery(email: "fatou@example.org")
        #expect(try await rights.verify(email: "fatou@example.org", expires: expires, signature: signature))
        #expect(try await !rights.verify(email: "ali@example.org", expires: expires, signature: signature))
        let later = CommenterRights(store: network.store, now: { TestNetwork.now.addingTimeInterval(25 * 3600) })
        #expect(try await !later.verify(email: "fatou@example.org", expires: expires, signature: signature))
        try await network.application().test(.router) { client in
            try await client.execute(
                uri: "/commentaires/mes-donnees/effacer/", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: AdminRequest.form([("courriel", "ali@example.org"), ("expire", "\(expires)"), ("signature", signature)])
            ) { response in #expect(response.status == .forbidden) }
        }
        #expect(try await network.store.comments(siteIDs: [network.site.id], status: .approved, limit: 10).count == 3)
    }

    @Test func withoutMailTheSiteSaysWhomToAsk() async throws {
        let network = try await TestNetwork.make()
        try await network.application().test(.router) { client in
            let (status, _, page) = try await client.getPage("/commentaires/mes-donnees/", as: nil)
            #expect(status == .ok && page.contains("Recevoir le lien"))
            try await client.execute(
                uri: "/commentaires/mes-donnees/", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: AdminRequest.form([("courriel", "fatou@example.org")])
            ) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("écrivez à la rédaction"))
            }
        }
    }
}
