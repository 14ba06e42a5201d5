import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KibaruCore
import KibaruServices
import KibaruTesting
@testable import KibaruWeb
import Testing

/// The Content API (`/api/v1/`, issue 13): published content as JSON, with its structured parts, cursor pages,
/// filters, field selection, ETags and problem documents, kept in the page cache until a change touches it.
@Suite struct ContentAPITests {
    static let cacheStatus = HTTPField.Name("Cache-Status")!
    static let contentKey = HTTPField.Name("Kibaru-Content-Key")!

    /// One answer: status, headers, and the body as JSON (or `nil` when it is not).
    struct Answer {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] }
    }

    static func get(
        _ application: some ApplicationProtocol, _ path: String, headers: HTTPFields = [:], method: HTTPRequest.Method = .get
    ) async throws -> Answer {
        try await application.test(.router) { client in
            try await client.execute(uri: path, method: method, headers: headers) { response in
                Answer(status: response.status, headers: response.headers, body: String(buffer: response.body))
            }
        }
    }

    /// A network whose article has a featured figure, a figure with a full credit in its text, a LIRE AUSSI line
    /// to another article, two tags and an approved comment.
    static func richNetwork() async throws -> (TestNetwork, Article) {
        let network = try await TestNetwork.make()
        let linked = try await network.publish("Kidal, trois mois après", at: TestNetwork.now.addingTimeInterval(-3_600))
        var draft = ArticleDraft(
            siteSlug: network.site.slug, title: "Le fleuve en crue", bodyMarkdown: """
                Premier paragraphe.

                ::: figure
                image: /media/fleuve.jpg
                alt: Le fleuve
                caption: Le Niger au soir
                credit-author: Awa Diarra
                credit-source: Kibaru
                credit-licence: CC BY 4.0
                :::

                ::: lire-aussi
                article: \(linked.id)
                :::
                """, authorNames: ["Awa Diarra", "Ali Traoré"], tagNames: ["Climat", "Niger"], state: .published,
            publishedAt: TestNetwork.now)
        draft.standfirst = "Le chapô."
        draft.featuredFigure = Figure(image: "/media/une.jpg", alt: "La une", caption: "La une du jour", credit: Credit(author: "Ali"))
        let article = try await network.articles.save(draft)
        let comment = try await network.store.write { tx in
            try await tx.insertComment(NewComment(
                articleID: article.id, authorName: "Fatou", body: "Très <b>bon</b> article.", createdAt: TestNetwork.now,
                status: .pending))
        }
        try await CommentModeration(store: network.store).setStatus(.approved, of: [comment.id], actor: nil)
        while try await network.articles.computePendingRelated() > 0 {}
        return (network, article)
    }

    @Test func anArticleCarriesItsStructuredPartsByIdAndBySlug() async throws {
        let (network, article) = try await Self.richNetwork()
        let application = try await network.application()
        let byID = try await Self.get(application, "/api/v1/articles/\(article.id)")
        #expect(byID.status == .ok)
        #expect(byID.headers[.contentType] == "application/json; charset=utf-8")
        let json = try #require(byID.json)
        #expect(json["title"] as? String == "Le fleuve en crue")
        #expect(json["standfirst"] as? String == "Le chapô.")
        #expect(json["url"] as? String == "https://kibaru.test/mali-actu/2024/03/01/le-fleuve-en-crue/")
        #expect((json["authors"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["Awa Diarra", "Ali Traoré"])
        #expect(Set((json["tags"] as? [[String: Any]])?.compactMap { $0["slug"] as? String } ?? []) == ["climat", "niger"])
        let figure = try #require((json["figures"] as? [[String: Any]])?.first)
        #expect(figure["image"] as? String == "https://kibaru.test/media/fleuve.jpg")
        #expect(figure["caption"] as? String == "Le Niger au soir")
        #expect(figure["credit"] as? [String: String] == ["author": "Awa Diarra", "source": "Kibaru", "licence": "CC BY 4.0"])
        #expect((json["featuredFigure"] as? [String: Any])?["image"] as? String == "https://kibaru.test/media/une.jpg")
        let readAlso = try #require((json["readAlso"] as? [[String: Any]])?.first)
        #expect(readAlso["title"] as? String == "Kidal, trois mois après")
        #expect(readAlso["url"] as? String == "https://kibaru.test/mali-actu/2024/03/01/kidal-trois-mois-apres/")
        #expect((json["html"] as? String)?.contains("<figcaption>Le Niger au soir") == true)
        #expect(json["commentCount"] as? Int == 1)
        #expect(json["commentsOpen"] as? Bool == true)
        let bySlug = try await Self.get(application, "/api/v1/sites/mali-actu/articles/le-fleuve-en-crue")
        #expect(bySlug.body == byID.body, "the same article by id and by slug")

        let comments = try #require(try await Self.get(application, "/api/v1/articles/\(article.id)/comments").json)
        let comment = try #require((comments["comments"] as? [[String: Any]])?.first)
        #expect(comment["authorName"] as? String == "Fatou")
        #expect(comment["html"] as? String == "<p>Très &lt;b&gt;bon&lt;/b&gt; article.</p>", "a reader's markup stays text")
    }

    @Test func draftsUnknownIdsAndUnknownAddressesAreProblemDocuments() async throws {
        let network = try await TestNetwork.make()
        let draft = try await network.articles.save(ArticleDraft(
            siteSlug: network.site.slug, title: "Brouillon", bodyMarkdown: "Pas encore.", authorNames: ["Awa Diarra"]))
        let application = try await network.application()
        for path in ["/api/v1/articles/\(draft.id)", "/api/v1/articles/999999", "/api/v1/articles/\(draft.id)/comments",
                     "/api/v1/sites/inconnu", "/api/v1/sites/mali-actu/articles/brouillon", "/api/v1/rien"] {
            let answer = try await Self.get(application, path)
            #expect(answer.status == .notFound, "\(path)")
            #expect(answer.headers[.contentType] == "application/problem+json", "\(path)")
            #expect(answer.json?["code"] as? String == "not-found", "\(path)")
            #expect(answer.json?["status"] as? Int == 404, "\(path)")
        }
        for (path, field) in [("/api/v1/articles?limit=0", "limit"), ("/api/v1/articles?limit=101", "limit"),
                              ("/api/v1/articles?tag=climat", "tag"), ("/api/v1/articles?cursor=zz", "cursor"),
                              ("/api/v1/articles?site=mali-actu&tag=a&author=b", "author"),
                              ("/api/v1/articles?q=%22le", "q"),
                              ("/api/v1/articles?q=fleuve&publishedBefore=2024-03-01T00:00:00Z", "publishedBefore")] {
            let answer = try await Self.get(application, path)
            #expect(answer.status == .badRequest, "\(path)")
            #expect((answer.json?["errors"] as? [[String: Any]])?.first?["field"] as? String == field, "\(path): \(answer.body)")
        }
        let malformed = try await Self.get(application, "/api/v1/articles?limit=beaucoup")
        #expect(malformed.status == .badRequest)
        #expect(malformed.json?["code"] as? String == "invalid-request")
        for (path, method, allow) in [("/api/v1/articles", HTTPRequest.Method.post, "GET, HEAD"),
                                      ("/api/v1/sites/mali-actu", .delete, "GET, HEAD")] {
            let refused = try await Self.get(application, path, method: method)
            #expect(refused.status == .methodNotAllowed, "\(path)")
            #expect(refused.json?["code"] as? String == "method-not-allowed", "\(path)")
            #expect(refused.headers[.allow] == allow, "\(path)")
        }
        #expect(try await Self.get(application, "/api/v1/ailleurs", method: .post).status == .notFound)
    }

    @Test func listsGoByCursorWithFiltersDatesAndChosenFields() async throws {
        let network = try await TestNetwork.make()
        var titles: [String] = []
        for day in 0..<5 {
            let title = "Article du jour \(day)"
            titles.append(title)
            try await network.publish(title, tags: day.isMultiple(of: 2) ? ["Pair"] : [],
                                      at: TestNetwork.now.addingTimeInterval(Double(-day) * 86_400))
        }
        let application = try await network.application()
        var seen: [String] = []
        var path = "/api/v1/articles?site=mali-actu&limit=2"
        while true {
            let page = try #require(try await Self.get(application, path).json)
            seen += (page["articles"] as? [[String: Any]])?.compactMap { $0["title"] as? String } ?? []
            guard let next = page["next"] as? String else { break }
            path = "/api/v1/articles?site=mali-actu&limit=2&cursor=\(next)"
        }
        #expect(seen == titles, "newest first, each once, across pages")
        // A publication between two pages neither repeats nor skips an article of the next page.
        let first = try #require(try await Self.get(application, "/api/v1/articles?limit=2").json)
        try await network.publish("Tout nouveau", at: TestNetwork.now.addingTimeInterval(60))
        let cursor = try #require(first["next"] as? String)
        let second = try #require(try await Self.get(application, "/api/v1/articles?limit=2&cursor=\(cursor)").json)
        #expect((second["articles"] as? [[String: Any]])?.compactMap { $0["title"] as? String } == [titles[2], titles[3]])

        let tagged = try #require(try await Self.get(application, "/api/v1/articles?site=mali-actu&tag=pair").json)
        #expect((tagged["articles"] as? [[String: Any]])?.compactMap { $0["title"] as? String } == [titles[0], titles[2], titles[4]])
        let dated = try #require(try await Self.get(
            application, "/api/v1/articles?publishedAfter=2024-02-28T00:00:00Z&publishedBefore=2024-03-01T00:00:00Z").json)
        #expect((dated["articles"] as? [[String: Any]])?.compactMap { $0["title"] as? String } == [titles[1], titles[2]])
        for empty in ["fields=", "site=", "q=&limit=2"] {
            let refused = try await Self.get(application, "/api/v1/articles?" + empty)
            #expect(refused.status == .badRequest, "\(empty)")
            #expect((refused.json?["errors"] as? [[String: Any]])?.first?["field"] as? String == String(empty.prefix { $0 != "=" }))
        }
        let slim = try #require(try await Self.get(application, "/api/v1/articles?limit=1&fields=title,url").json)
        let card = try #require((slim["articles"] as? [[String: Any]])?.first)
        #expect(Set(card.keys) == ["id", "title", "url"])
        let found = try #require(try await Self.get(application, "/api/v1/articles?q=jour&limit=2").json)
        #expect((found["articles"] as? [[String: Any]])?.count == 2)
        #expect((found["next"] as? String)?.hasPrefix("s-") == true, "a search goes on by its own cursor")
    }

    @Test func answersHaveETagsAndStayCachedUntilAChangeTouchesThem() async throws {
        let (network, article) = try await Self.richNetwork()
        let application = try await network.application()
        let path = "/api/v1/articles/\(article.id)"
        let first = try await Self.get(application, path)
        let tag = try #require(first.headers[.eTag])
        #expect(first.headers[.cacheControl] == "public, max-age=0, s-maxage=60")
        let again = try await Self.get(application, path)
        #expect(again.headers[Self.cacheStatus] == "Kibaru; hit")
        let unchanged = try await Self.get(application, path, headers: [.ifNoneMatch: tag])
        #expect(unchanged.status == .notModified)
        #expect(unchanged.body.isEmpty)
        // Compared weakly (RFC 9110): the strong form of the tag, a list holding it, and `*` match too.
        let strong = String(tag.dropFirst(2))
        for header in [strong, "\"autre\", \(tag)", "*"] {
            #expect(try await Self.get(application, path, headers: [.ifNoneMatch: header]).status == .notModified, "\(header)")
        }
        #expect(try await Self.get(application, path, headers: [.ifNoneMatch: "\"autre\""]).status == .ok)
        let gzip = try await Self.get(application, path, headers: [.acceptEncoding: "gzip"])
        #expect(gzip.headers[.contentEncoding] == "gzip")
        #expect(try await Self.get(application, "/api/v1/articles?site=mali-actu").headers[Self.cacheStatus] == "Kibaru; fwd=miss")
        #expect(try await Self.get(application, "/api/v1/articles?site=mali-actu").headers[Self.cacheStatus] == "Kibaru; hit")

        // An edit reaches the article and the list at once.
        var draft = ArticleDraft(try #require(try await network.store.read { tx in try await tx.article(id: article.id) }),
                                 siteSlug: network.site.slug)
        draft.title = "Le fleuve en décrue"
        try await network.articles.save(draft)
        let edited = try await Self.get(application, path, headers: [.ifNoneMatch: tag])
        #expect(edited.status == .ok)
        #expect(edited.json?["title"] as? String == "Le fleuve en décrue")
        #expect(try await Self.get(application, "/api/v1/articles?site=mali-actu").body.contains("Le fleuve en décrue"))
        // So does unpublishing.
        draft = ArticleDraft(try #require(try await network.store.read { tx in try await tx.article(id: article.id) }),
                             siteSlug: network.site.slug)
        draft.state = .draft
        try await network.articles.save(draft)
        #expect(try await Self.get(application, path).status == .notFound)
        #expect(try await !Self.get(application, "/api/v1/articles?site=mali-actu").body.contains("Le fleuve"))
    }

    @Test func aServerAnswersEachQueryFromTheCacheWithItsOwnAnswer() async throws {
        let (network, _) = try await Self.richNetwork()
        try await network.application().test(.live) { client in
            for _ in 0..<2 {
                for (query, count) in [("site=mali-actu", 2), ("site=mali-actu&limit=1", 1), ("limit=1&site=mali-actu", 1)] {
                    try await client.execute(uri: "/api/v1/articles?" + query, method: .get) { response in
                        #expect(response.status == .ok)
                        let json = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                        #expect((json?["articles"] as? [Any])?.count == count, "\(query)")
                    }
                }
            }
            try await client.execute(uri: "/api/v1/articles?site=mali-actu", method: .get) { response in
                #expect(response.headers[Self.cacheStatus] == "Kibaru; hit")
            }
        }
    }

    @Test func theDescriptionIsServedAndEachOfItsOperationsIsRouted() async throws {
        let network = try await TestNetwork.make()
        let application = try await network.application()
        let answer = try await Self.get(application, "/api/v1/openapi.json")
        #expect(answer.status == .ok)
        let description = try #require(answer.json)
        #expect(description["openapi"] as? String == "3.1.0")
        let paths = try #require(description["paths"] as? [String: [String: Any]])
        #expect(paths.keys.filter { !$0.hasPrefix("/admin/") }.sorted() == [
            "/articles", "/articles/{id}", "/articles/{id}/comments", "/sites", "/sites/{site}",
            "/sites/{site}/articles/{slug}", "/sites/{site}/authors", "/sites/{site}/tags",
        ])
        // Each operation of the description is a route of the server: it answers with its own outcome (a 200, a
        // 404 of its own, a 401 for the Admin API without a valid token), never the API's « unknown address » or
        // « method not allowed ». (The routes are generated from the description: this checks the registration.)
        var operations = 0
        for (path, methods) in paths {
            let concrete = path.replacingOccurrences(of: "{site}", with: "mali-actu")
                .replacingOccurrences(of: "{slug}", with: "absent").replacingOccurrences(of: "{id}", with: "1")
            for method in methods.keys {
                operations += 1
                let answer = try await application.test(.router) { client in
                    try await client.execute(
                        uri: "/api/v1" + concrete, method: HTTPRequest.Method(method.uppercased())!,
                        headers: [.authorization: "Bearer kib_inconnu"]
                    ) { response in (response.status, String(buffer: response.body)) }
                }
                #expect(answer.0 != .methodNotAllowed && !answer.1.contains("n’existe pas dans l’API"), "\(method) \(path)")
            }
        }
        #expect(operations == 22)
    }
}
