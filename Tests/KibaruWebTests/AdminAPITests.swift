import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruTesting
@testable import KibaruWeb
import Testing

/// The Admin API (`/api/v1/admin/`, issue 13): tokens with scopes, acting through the web admin's services and
/// permission matrix; optimistic locking with `If-Match`; limits checked before a body is read.
@Suite struct AdminAPITests {
    struct Answer {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] }
    }

    static func call(
        _ application: some ApplicationProtocol, _ method: HTTPRequest.Method, _ path: String, token: String?,
        json: [String: Any]? = nil, bytes: [UInt8]? = nil, headers: HTTPFields = [:]
    ) async throws -> Answer {
        var headers = headers
        if let token { headers[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        } else if let bytes {
            headers[.contentType] = "application/octet-stream"
            body = ByteBuffer(bytes: bytes)
        }
        let (fields, payload) = (headers, body)
        return try await application.test(.router) { client in
            try await client.execute(uri: path, method: method, headers: fields, body: payload) { response in
                Answer(status: response.status, headers: response.headers, body: String(buffer: response.body))
            }
        }
    }

    /// A token of a new staff member with `role` on the test site.
    static func token(_ network: TestNetwork, _ name: String, role: Role, scopes: Set<TokenScope>) async throws -> String {
        let login = try await network.staff(name, role: role)
        return try await APITokenService(store: network.store, now: { TestNetwork.now })
            .create(name: "Appli de \(name)", scopes: scopes, for: login.staff.id, actor: login.staff).secret
    }

    @Test func aTokenPublishesAnArticleWithAFigureThatTheContentAPIReadsBack() async throws {
        let network = try await TestNetwork.make()
        let token = try await Self.token(
            network, "Awa Diarra", role: .author, scopes: [.readArticles, .writeArticles, .publishArticles, .uploadMedia])
        let application = try await network.application()
        let image = try await Self.call(
            application, .post, "/api/v1/admin/media?site=mali-actu&alt=Le%20fleuve&caption=Le%20Niger&creditAuthor=Awa%20Diarra",
            token: token, bytes: SampleImages.jpeg(width: 40, height: 30))
        #expect(image.status == .created, "\(image.body)")
        let url = try #require(image.json?["url"] as? String)
        #expect(url.hasPrefix("/media/uploads/"))
        let created = try await Self.call(application, .post, "/api/v1/admin/articles", token: token, json: [
            "site": "mali-actu", "title": "La crue du Niger", "standfirst": "Le fleuve monte.", "tags": ["Climat"],
            "body": "Premier paragraphe.\n\n::: figure\nimage: \(url)\nalt: Le fleuve\ncaption: Le Niger\ncredit-author: Awa Diarra\n:::",
        ])
        #expect(created.status == .created, "\(created.body)")
        #expect(created.headers[.eTag] == "\"1\"")
        let id = try #require(created.json?["id"] as? Int)
        #expect(created.headers[.location] == "/api/v1/admin/articles/\(id)")
        #expect(created.json?["state"] as? String == "draft")
        #expect(created.json?["authors"] as? [String] == ["Awa Diarra"], "the token's owner by default")
        #expect(try await ContentAPITests.get(application, "/api/v1/articles/\(id)").status == .notFound, "a draft is not public")

        let published = try await Self.call(
            application, .post, "/api/v1/admin/articles/\(id)/publish", token: token, headers: [.ifMatch: "\"1\""])
        #expect(published.status == .ok, "\(published.body)")
        #expect(published.json?["state"] as? String == "published")
        #expect(published.headers[.eTag] == "\"2\"")
        let read = try #require(try await ContentAPITests.get(application, "/api/v1/articles/\(id)").json)
        #expect(read["title"] as? String == "La crue du Niger")
        let figure = try #require((read["figures"] as? [[String: Any]])?.first)
        #expect(figure["image"] as? String == "https://kibaru.test" + url)
        #expect((figure["credit"] as? [String: String])?["author"] == "Awa Diarra")
        #expect(try await ContentAPITests.get(application, url).status == .ok, "the image is served")
    }

    @Test func scopesRolesAndRevocationAreEnforcedAtOnce() async throws {
        let network = try await TestNetwork.make()
        let writer = try await Self.token(network, "Awa Diarra", role: .author, scopes: [.readArticles, .writeArticles])
        let contributor = try await Self.token(
            network, "Ali Traoré", role: .contributor, scopes: Set(TokenScope.allCases))
        let application = try await network.application()
        let article = ["site": "mali-actu", "title": "Brouillon", "body": "Texte."]
        for (index, token) in [writer, contributor].enumerated() {
            var article = article
            article["title"] = "Brouillon \(index + 1)"
            let created = try await Self.call(application, .post, "/api/v1/admin/articles", token: token, json: article)
            #expect(created.status == .created)
            let id = try #require(created.json?["id"] as? Int)
            let refused = try await Self.call(application, .post, "/api/v1/admin/articles/\(id)/publish", token: token)
            #expect(refused.status == .forbidden, "no publish scope, or a contributor's role: \(refused.body)")
            #expect(refused.json?["code"] as? String == "forbidden")
        }
        // No token, a forged one, a revoked one: 401, before anything is read.
        let anonymous = try await Self.call(application, .post, "/api/v1/admin/articles", token: nil, json: article)
        #expect(anonymous.status == .unauthorized)
        #expect(anonymous.headers[.wwwAuthenticate] == "Bearer realm=\"kibaru\"")
        #expect(try await Self.call(application, .get, "/api/v1/admin/articles/1", token: "kib_faux").status == .unauthorized)
        let tokens = APITokenService(store: network.store, now: { TestNetwork.now })
        let listed = try #require(try await tokens.tokens(of: nil).first { writer.hasPrefix($0.prefix) })
        try await tokens.revoke(listed.id, actor: nil)
        #expect(try await Self.call(application, .get, "/api/v1/admin/articles/1", token: writer).status == .unauthorized)
        // A role taken away is taken from the token too.
        #expect(try await Self.call(application, .get, "/api/v1/admin/articles/2", token: contributor).status == .ok)
        try await StaffService(store: network.store, hasher: BcryptHasher(cost: 4))
            .setRole(nil, email: "ali-traore@kibaru.test", siteSlug: network.site.slug, actor: nil)
        #expect(try await Self.call(application, .get, "/api/v1/admin/articles/2", token: contributor).status == .notFound)
    }

    @Test func changesNeedTheVersionTheyRead() async throws {
        let network = try await TestNetwork.make()
        let token = try await Self.token(
            network, "Éric Éditeur", role: .editor, scopes: [.readArticles, .writeArticles, .publishArticles])
        let application = try await network.application()
        let created = try await Self.call(application, .post, "/api/v1/admin/articles", token: token, json: [
            "site": "mali-actu", "title": "Première version", "body": "Texte.",
        ])
        let id = try #require(created.json?["id"] as? Int)
        let change = ["site": "mali-actu", "title": "Deuxième version", "body": "Texte revu."]
        let path = "/api/v1/admin/articles/\(id)"
        let missing = try await Self.call(application, .put, path, token: token, json: change)
        #expect(missing.status.code == 428)
        let first = try await Self.call(application, .put, path, token: token, json: change, headers: [.ifMatch: "\"1\""])
        #expect(first.status == .ok)
        #expect(first.headers[.eTag] == "\"2\"")
        let stale = try await Self.call(
            application, .put, path, token: token, json: ["site": "mali-actu", "title": "Écrasée", "body": "Non."],
            headers: [.ifMatch: "\"1\""])
        #expect(stale.status.code == 412)
        #expect(stale.json?["code"] as? String == "version-conflict")
        #expect(try await Self.call(application, .get, path, token: token).json?["title"] as? String == "Deuxième version")
        let staleAction = try await Self.call(
            application, .post, path + "/publish", token: token, headers: [.ifMatch: "\"1\""])
        #expect(staleAction.status.code == 412)
        let moved = try await Self.call(
            application, .put, path, token: token, json: ["site": "autre", "title": "T", "body": "B"],
            headers: [.ifMatch: "\"2\""])
        #expect(moved.status == .badRequest)
        let invalid = try await Self.call(
            application, .put, path, token: token, json: ["site": "mali-actu", "title": "  ", "body": "B"],
            headers: [.ifMatch: "\"2\""])
        #expect(invalid.status.code == 422)
        #expect((invalid.json?["errors"] as? [[String: Any]])?.first?["field"] as? String == "title")
        let scheduled = try await Self.call(
            application, .post, path + "/schedule", token: token, json: ["publishedAt": "2024-03-02T08:00:00Z"])
        #expect(scheduled.json?["state"] as? String == "scheduled")
        #expect(scheduled.json?["publishedAt"] as? String == "2024-03-02T08:00:00Z")
        let unpublished = try await Self.call(application, .post, path + "/unpublish", token: token)
        #expect(unpublished.json?["state"] as? String == "draft")
        #expect(try await Self.call(application, .delete, path, token: token).status == .forbidden, "no delete scope")
    }

    @Test func bodiesOverTheLimitAreRefusedAndAnswersAreNeverCached() async throws {
        let network = try await TestNetwork.make()
        let token = try await Self.token(network, "Awa Diarra", role: .author, scopes: Set(TokenScope.allCases))
        let application = try await network.application()
        let huge = [UInt8](repeating: 0x41, count: 9 << 20)
        let media = try await Self.call(application, .post, "/api/v1/admin/media?site=mali-actu", token: token, bytes: huge)
        #expect(media.status == .contentTooLarge)
        #expect(media.json?["code"] as? String == "too-large")
        let notAnImage = try await Self.call(
            application, .post, "/api/v1/admin/media?site=mali-actu", token: token, bytes: Array("bonjour".utf8))
        #expect(notAnImage.status.code == 422)
        let created = try await Self.call(application, .post, "/api/v1/admin/articles", token: token, json: [
            "site": "mali-actu", "title": "Brouillon", "body": "Texte.",
        ])
        let id = try #require(created.json?["id"] as? Int)
        let read = try await Self.call(application, .get, "/api/v1/admin/articles/\(id)", token: token)
        #expect(read.headers[.cacheControl] == "no-store")
        #expect(read.headers[HTTPField.Name("Cache-Status")!] == nil, "not served from or kept in the page cache")
        // A method a path of the description does not take: 405 naming the ones it takes.
        for (path, method, allow) in [("/api/v1/admin/articles", HTTPRequest.Method.options, "POST"),
                                      ("/api/v1/admin/tags/3", .get, "PATCH, DELETE"),
                                      ("/api/v1/admin/articles/\(id)/publish", .put, "POST"),
                                      ("/api/v1/admin/articles/\(id)", HTTPRequest.Method("QUERY")!, "GET, HEAD, PUT, DELETE")] {
            let refused = try await Self.call(application, method, path, token: token)
            #expect(refused.status == .methodNotAllowed, "\(path)")
            #expect(refused.headers[.allow] == allow, "\(path)")
        }
    }

    @Test func commentsAreModeratedAndTagsManagedThroughTheSameRules() async throws {
        let network = try await TestNetwork.make()
        let article = try await network.publish("La saison des pluies", tags: ["Climat", "Pluie"])
        let comment = try await network.store.write { tx in
            try await tx.insertComment(NewComment(
                articleID: article.id, authorName: "Fatou", body: "Merci.", createdAt: TestNetwork.now, status: .pending))
        }
        let editor = try await Self.token(network, "Éric Éditeur", role: .editor, scopes: [.moderateComments, .manageTags])
        let author = try await Self.token(network, "Awa Auteure", role: .author, scopes: [.moderateComments])
        let application = try await network.application()
        #expect(try await Self.call(application, .get, "/api/v1/admin/comments?site=mali-actu", token: author).status == .forbidden)
        let queue = try #require(try await Self.call(application, .get, "/api/v1/admin/comments?site=mali-actu", token: editor).json)
        #expect((queue["comments"] as? [[String: Any]])?.map { $0["id"] as? Int } == [Int(comment.id.rawValue)])
        let approved = try await Self.call(
            application, .post, "/api/v1/admin/comments/\(comment.id)/status", token: editor, json: ["status": "approved"])
        #expect(approved.json?["status"] as? String == "approved")
        #expect(try await ContentAPITests.get(application, "/api/v1/articles/\(article.id)/comments").body.contains("Merci."))

        let tags = try #require(try await Self.call(application, .get, "/api/v1/admin/sites/mali-actu/tags", token: editor).json)
        let climat = try #require((tags["tags"] as? [[String: Any]])?.first { $0["slug"] as? String == "climat" })
        #expect(climat["articles"] as? Int == 1)
        let tagID = try #require(climat["id"] as? Int)
        let renamed = try await Self.call(application, .patch, "/api/v1/admin/tags/\(tagID)", token: editor, json: ["name": "Météo"])
        #expect(renamed.json?["slug"] as? String == "meteo")
        #expect(try await Self.call(application, .delete, "/api/v1/admin/tags/\(tagID)", token: editor).status == .noContent)
        #expect(try await ContentAPITests.get(application, "/api/v1/articles?site=mali-actu&tag=meteo").status == .notFound)
    }

    @Test func tokensMadeAtOnceAreCountedOneAfterTheOther() async throws {
        let network = try await TestNetwork.make()
        let login = try await network.staff("Awa Diarra", role: .author)
        let tokens = APITokenService(store: network.store, now: { TestNetwork.now })
        let made = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<30 {
                group.addTask {
                    (try? await tokens.create(
                        name: "Appli \(index)", scopes: [.readArticles], for: login.staff.id, actor: login.staff)) != nil
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(made == APITokenService.tokensPerPerson)
        #expect(try await network.store.apiTokens(staffID: login.staff.id).count == APITokenService.tokensPerPerson)
    }

    @Test func theRateOfATokenIsCountedOnceForRequestsSentAtOnce() async throws {
        let limiter = TokenRateLimiter(limit: 50)
        let token = APIToken.ID(1)
        let now = Date()
        let admitted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<200 { group.addTask { limiter.admit(token, now: now) == nil } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(admitted == 50)
        #expect(limiter.admit(token, now: now.addingTimeInterval(30)) == 30, "the seconds until the minute ends")
        #expect(limiter.admit(token, now: now.addingTimeInterval(61)) == nil, "a new minute")
        #expect(limiter.admit(APIToken.ID(2), now: now) == nil, "each token its own count")
    }

    @Test func theAdminPageMakesListsAndRevokesTokensShowingTheSecretOnce() async throws {
        let network = try await TestNetwork.make()
        let login = try await network.staff("Awa Diarra", role: .author)
        let application = try await network.application()
        try await application.test(.router) { client in
            let (status, _, made) = try await client.postForm(
                "/admin/jetons/",
                [("action", "create"), ("name", "Application mobile"), ("scopes[]", "articles:write"),
                 ("scopes[]", "articles:publish")], as: login)
            #expect(status == .ok)
            let secret = try #require(made.firstMatch(of: /<code>(kib_[A-Za-z0-9_-]+)<\/code>/)).1
            let (_, _, list) = try await client.getPage("/admin/jetons/", as: login)
            #expect(list.contains("Application mobile") && list.contains("articles:publish, articles:write") == false)
            #expect(list.contains("articles:write, articles:publish"))
            #expect(!list.contains(String(secret)), "the secret is shown once")
            #expect(list.contains("<code>\(secret.prefix(10))…</code>"))
            let (refused, _, problem) = try await client.postForm(
                "/admin/jetons/", [("action", "create"), ("name", "Sans portée")], as: login)
            #expect(refused == .unprocessableContent)
            #expect(problem.contains("choisissez au moins une portée"))
            let id = try #require(try await network.store.apiTokens(staffID: login.staff.id).first?.id)
            let (revoked, _, _) = try await client.postForm(
                "/admin/jetons/", [("action", "revoke"), ("token", "\(id)")], as: login)
            #expect(revoked == .ok)
            #expect(try await network.store.apiTokens(staffID: login.staff.id).isEmpty)
            // Without the form's CSRF token, nothing is made.
            let (forged, _, _) = try await client.postForm(
                "/admin/jetons/", [("action", "create"), ("name", "X"), ("scopes[]", "articles:write"), ("_csrf", "faux")],
                as: login)
            #expect(forged == .forbidden)
        }
        #expect(try await network.store.apiTokens(staffID: login.staff.id).isEmpty)
    }
}
