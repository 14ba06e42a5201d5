import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruTesting
import Testing

@Suite struct AdminSecurityTests {
    static let fetchSite = HTTPField.Name("Sec-Fetch-Site")!

    @Test func forgedCrossSitePostsAreRefusedAndWriteNothing() async throws {
        let network = try await TestNetwork.make()
        let editor = try await network.staff("Éditrice", role: .editor)
        let fields = [("site", "mali-actu"), ("title", "Forgé"), ("body", "x")]
        try await network.application().test(.router) { client in
            // No token (a form posted from another site carries the cookie, not the token).
            var (status, _, html) = try await client.postForm(
                "/admin/articles/publier/", fields + [("_csrf", "")], as: editor)
            #expect(status == .forbidden)
            #expect(html.contains("Requête refusée"))
            // A wrong token.
            (status, _, _) = try await client.postForm("/admin/articles/publier/", fields + [("_csrf", "faux")], as: editor)
            #expect(status == .forbidden)
            // The right token, but the browser says the request comes from another site.
            (status, _, _) = try await client.postForm(
                "/admin/articles/publier/", fields, as: editor, extraHeaders: [Self.fetchSite: "cross-site"])
            #expect(status == .forbidden)
            // The same form, genuine, works.
            (status, _, _) = try await client.postForm("/admin/articles/publier/", fields, as: editor)
            #expect(status == .seeOther)
        }
        let rows = try await network.store.articleRows(ArticleFilter(siteIDs: [network.site.id]), limit: 10)
        #expect(rows.map(\.title) == ["Forgé"], "only the genuine post wrote an article")
    }

    @Test func aBurstOfWrongPasswordsIsThrottledWithAFrenchMessage() async throws {
        let network = try await TestNetwork.make()
        let editor = try await network.staff("Éditrice", role: .editor)
        try await network.application().test(.router) { client in
            let (_, headers, _) = try await client.getPage("/admin/connexion/", as: nil)
            let csrfCookie = try #require(headers[values: .setCookie].first { $0.hasPrefix("kibaru_csrf=") })
            let token = String(csrfCookie.dropFirst("kibaru_csrf=".count).prefix { $0 != ";" })
            func attempt(_ password: String) async throws -> (HTTPResponse.Status, String) {
                var requestHeaders = AdminRequest.headers(nil)
                requestHeaders[AdminRequest.cookie] = "kibaru_csrf=\(token)"
                return try await client.execute(
                    uri: "/admin/connexion/", method: .post, headers: requestHeaders,
                    body: AdminRequest.form([("_csrf", token), ("email", editor.staff.email), ("password", password)])
                ) { response in (response.status, String(buffer: response.body)) }
            }
            for _ in 0..<AuthService.accountFailureLimit {
                let (status, html) = try await attempt("mauvais mot de passe")
                #expect(status == .unauthorized)
                #expect(html.contains("Adresse e-mail ou mot de passe incorrect."))
            }
            let (status, html) = try await attempt(TestNetwork.password)
            #expect(status == .tooManyRequests, "even the right password waits once throttled")
            #expect(html.contains("Trop de tentatives de connexion. Réessayez dans 15 minutes."))
        }
    }

    @Test func loginSetsAHardenedCookieAndRotatesTheSession() async throws {
        let network = try await TestNetwork.make()
        let editor = try await network.staff("Éditrice", role: .editor)
        try await network.application().test(.router) { client in
            let (_, headers, html) = try await client.getPage("/admin/connexion/", as: nil)
            #expect(html.contains("<h1>Connexion</h1>"))
            let csrfCookie = try #require(headers[values: .setCookie].first { $0.hasPrefix("kibaru_csrf=") })
            let token = String(csrfCookie.dropFirst("kibaru_csrf=".count).prefix { $0 != ";" })
            var requestHeaders = AdminRequest.headers(editor)
            requestHeaders[AdminRequest.cookie] = "kibaru_csrf=\(token); \(editor.cookie)"
            try await client.execute(
                uri: "/admin/connexion/", method: .post, headers: requestHeaders,
                body: AdminRequest.form([("_csrf", token), ("email", editor.staff.email),
                                         ("password", TestNetwork.password), ("suite", "//evil.example/")])
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/admin/", "no open redirect")
                let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("kibaru_session=") })
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Secure"))
                #expect(!cookie.contains(editor.token), "a new session at every login")
            }
        }
        #expect(try await network.store.session(tokenHash: SecureToken.hash(editor.token), now: Date()) == nil,
                "the previous session of this browser is closed")
    }

    @Test func logoutEverywhereEndsEverySession() async throws {
        let network = try await TestNetwork.make()
        let first = try await network.staff("Éditrice", role: .editor)
        let second = try await AuthService(store: network.store, hasher: BcryptHasher(cost: 4))
            .login(email: first.staff.email, password: TestNetwork.password, clientAddress: "autre")
        try await network.application().test(.router) { client in
            #expect(try await client.getPage("/admin/", as: first).0 == .ok)
            let (status, headers, _) = try await client.postForm("/admin/deconnexion-partout/", [], as: first)
            #expect(status == .seeOther && headers[.location] == "/admin/connexion/")
            let (after, location, _) = try await client.getPage("/admin/", as: first)
            #expect(after == .seeOther && location[.location]?.hasPrefix("/admin/connexion/") == true)
        }
        #expect(try await network.store.session(tokenHash: SecureToken.hash(second.token), now: Date()) == nil)
    }

    @Test func theSecondOfTwoConcurrentSavesIsRefused() async throws {
        let network = try await TestNetwork.make()
        let awa = try await network.staff("Awa", role: .editor)
        let moussa = try await network.staff("Moussa", role: .editor)
        try await network.application().test(.router) { client in
            var (status, headers, _) = try await client.postForm(
                "/admin/articles/enregistrer/", [("site", "mali-actu"), ("title", "Partagé"), ("body", "v1")], as: awa)
            #expect(status == .seeOther)
            let id = try #require(headers[.location]?.split(separator: "/").dropLast().last.flatMap { Int64($0) })
            func save(_ body: String, as login: TestNetwork.Login) async throws -> (HTTPResponse.Status, String) {
                let (status, _, html) = try await client.postForm(
                    "/admin/articles/enregistrer/",
                    [("id", "\(id)"), ("version", "1"), ("site", "mali-actu"), ("title", "Partagé"), ("body", body)],
                    as: login)
                return (status, html)
            }
            (status, _) = try await save("version d’Awa", as: awa)
            #expect(status == .seeOther)
            let (conflict, html) = try await save("version de Moussa", as: moussa)
            #expect(conflict == .conflict)
            #expect(html.contains("Quelqu’un a enregistré cet article pendant que vous le modifiiez."))
            #expect(html.contains("version de Moussa"), "what Moussa typed is still in the form")
        }
        let stored = try #require(try await network.store.articleRows(ArticleFilter(siteIDs: [network.site.id]), limit: 5).first)
        let article = try #require(try await network.store.article(id: stored.id))
        #expect(article.bodyMarkdown == "version d’Awa")
        #expect(article.version == 2)
        #expect(try await network.store.revisions(articleID: stored.id).map(\.version) == [2, 1])
    }

    @Test func anOversizedFormIsRefused() async throws {
        let network = try await TestNetwork.make()
        let editor = try await network.staff("Éditrice", role: .editor)
        try await network.application().test(.router) { client in
            let body = String(repeating: "a", count: 2 << 20)
            let (status, _, _) = try await client.postForm(
                "/admin/articles/enregistrer/", [("site", "mali-actu"), ("title", "Gros"), ("body", body)], as: editor)
            #expect(status == .contentTooLarge)
        }
        #expect(try await network.store.articleRows(ArticleFilter(siteIDs: [network.site.id]), limit: 5).isEmpty)
    }

    @Test func adminPagesNeedASession() async throws {
        let network = try await TestNetwork.make()
        try await network.application().test(.router) { client in
            let (status, headers, _) = try await client.getPage("/admin/articles/", as: nil)
            #expect(status == .seeOther)
            #expect(headers[.location] == "/admin/connexion/?suite=/admin/articles/")
        }
    }
}

