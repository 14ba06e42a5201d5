import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KibaruApp
import KibaruCompression
import KibaruCore
import KibaruServices
import KibaruTesting
@testable import KibaruWeb
import Testing

/// The page cache serves a page again until a change touches what it shows, and then at once renders it anew:
/// each kind of change reaches the cached pages that showed it (issue 11).
@Suite struct PageCacheTests {
    static let cacheStatus = HTTPField.Name("Cache-Status")!
    static let articlePath = "/mali-actu/2024/03/01/la-saison-des-pluies/"

    /// One server for the whole test, as in production: its cache lives as long as it does.
    struct Server {
        let network: TestNetwork
        let application: any ApplicationProtocol

        init(_ network: TestNetwork) async throws {
            self.network = network
            application = try await network.application()
            try await settle()
        }

        /// Computes the related articles a publication left to the background worker, so that the worker (which
        /// runs while the server does) does not change pages in the middle of a test.
        func settle() async throws {
            while try await network.articles.computePendingRelated() > 0 {}
        }

        /// The page's status, `Cache-Status` and body.
        func get(_ path: String, headers: HTTPFields = [:]) async throws -> (HTTPResponse.Status, String, String) {
            try await application.test(.router) { client in
                try await client.execute(uri: path, method: .get, headers: headers) { response in
                    (response.status, response.headers[PageCacheTests.cacheStatus] ?? "", String(buffer: response.body))
                }
            }
        }

        /// Gets `path` twice: the second answer must come from the cache.
        func cached(_ path: String) async throws -> String {
            _ = try await get(path)
            let (status, cache, html) = try await get(path)
            #expect(status == .ok)
            #expect(cache == "Kibaru; hit", "\(path) served from the cache")
            return html
        }
    }

    @Test func anUnchangedPageIsServedFromTheCacheWithAFreshFormToken() async throws {
        let network = try await TestNetwork.make()
        try await network.publish("La saison des pluies", tags: ["Climat"])
        let server = try await Server(network)
        let (status, first, html) = try await server.get(Self.articlePath)
        #expect(status == .ok)
        #expect(first == "Kibaru; fwd=miss")
        let again = try await server.cached(Self.articlePath)
        #expect(again == html, "the same page, token included (the clock is fixed)")
        let token = try #require(html.firstMatch(of: /name="jeton" value="([^"]+)"/)).1
        #expect(!html.contains("kibaru-form-token"), "the placeholder never reaches a reader")
        #expect(try await CommentPosting(store: network.store, now: { TestNetwork.now })
            .formToken(articleID: try #require(try await network.store.publishedArticle(
                siteID: network.site.id, slug: Slug(validating: "la-saison-des-pluies"))?.id)) == String(token))
        // A query string is a variant the cache does not keep.
        #expect(try await server.get(Self.articlePath + "?repondre=1").1 == "Kibaru; fwd=miss")
    }

    @Test func publishEditAndUnpublishReachTheCachedPagesAtOnce() async throws {
        let network = try await TestNetwork.make()
        let article = try await network.publish("La saison des pluies", tags: ["Climat"])
        try await network.publish("Le match", tags: ["Sport"], at: TestNetwork.now.addingTimeInterval(-60))
        let server = try await Server(network)
        for path in [Self.articlePath, "/mali-actu/", "/", "/mali-actu/tag/climat/", "/mali-actu/feed/",
                     "/mali-actu/sitemap-articles-1.xml", "/mali-actu/tag/sport/"] {
            _ = try await server.cached(path)
        }

        // Published: the site's home, the network's, the tag page and the feed list it.
        try await network.publish("Le fleuve monte", tags: ["Climat"], at: TestNetwork.now.addingTimeInterval(60))
        try await server.settle()
        for path in ["/mali-actu/", "/", "/mali-actu/tag/climat/", "/mali-actu/feed/", "/mali-actu/sitemap-articles-1.xml"] {
            let (_, cache, html) = try await server.get(path)
            #expect(cache == "Kibaru; fwd=miss", "\(path) dropped")
            #expect(html.contains("le-fleuve-monte/"), "\(path) lists the new article")
        }
        #expect(try await server.get("/mali-actu/tag/sport/").1 == "Kibaru; hit", "a listing it is not in stays")

        // Edited: its page and every listing showing its card.
        var draft = ArticleDraft(article, siteSlug: network.site.slug)
        draft.title = "La saison des pluies commence"
        try await network.articles.save(draft)
        try await server.settle()
        for path in [Self.articlePath, "/mali-actu/", "/", "/mali-actu/tag/climat/"] {
            #expect(try await server.get(path).2.contains("La saison des pluies commence"), "\(path) shows the new title")
        }

        // Unpublished: gone from its address and from the listings.
        _ = try await server.cached("/mali-actu/")
        let current = try #require(try await network.store.read { tx in try await tx.article(id: article.id) })
        draft = ArticleDraft(current, siteSlug: network.site.slug)
        draft.state = .draft
        try await network.articles.save(draft)
        #expect(try await server.get(Self.articlePath).0 == .notFound)
        #expect(try await !server.get("/mali-actu/").2.contains("La saison des pluies commence"))
    }

    @Test func anApprovedCommentReachesTheArticleAndTheCountsOnTheCards() async throws {
        let network = try await TestNetwork.make()
        let article = try await network.publish("La saison des pluies")
        let server = try await Server(network)
        #expect(try await !server.cached(Self.articlePath).contains("Très bon article"))
        #expect(try await !server.cached("/mali-actu/").contains("1 commentaire"))
        let comment = try await network.store.write { tx in
            try await tx.insertComment(NewComment(
                articleID: article.id, authorName: "Fatou", body: "Très bon article.", createdAt: TestNetwork.now,
                status: .pending))
        }
        #expect(try await server.get(Self.articlePath).1 == "Kibaru; hit", "a held comment changes no page")
        try await CommentModeration(store: network.store).setStatus(.approved, of: [comment.id], actor: nil)
        #expect(try await server.get(Self.articlePath).2.contains("Très bon article."))
        #expect(try await server.get("/mali-actu/").2.contains("1 commentaire"))
        #expect(try await server.get("/mali-actu/comments/feed/").2.contains("Très bon article."))
    }

    @Test func renamedTagsRetitledReadAlsoTargetsAndSiteSettingsReachTheirPages() async throws {
        let network = try await TestNetwork.make()
        let target = try await network.publish("Les semences", tags: ["Climat"])
        try await network.publish(
            "La saison des pluies", body: "Un paragraphe.\n\n::: lire-aussi\ntitle: Les semences\n:::", tags: ["Climat"],
            at: TestNetwork.now.addingTimeInterval(60))
        let server = try await Server(network)
        let page = try await server.cached(Self.articlePath)
        #expect(page.contains("Les semences"))
        _ = try await server.cached("/mali-actu/")
        let admin = SiteAdministration(store: network.store)

        let tag = try #require(try await network.store.tag(siteID: network.site.id, slug: Slug(validating: "climat")))
        try await admin.renameTag(tag.id, to: "Climat et saisons", actor: try await Self.administrator(network))
        #expect(try await server.get(Self.articlePath).2.contains("Climat et saisons"), "the article's tags")

        var draft = ArticleDraft(target, siteSlug: network.site.slug)
        draft.title = "Les semences de mil"
        try await network.articles.save(draft)
        try await server.settle()
        #expect(try await server.get(Self.articlePath).2.contains("Les semences de mil"), "the LIRE AUSSI box")

        _ = try await server.cached(Self.articlePath)
        var site = try #require(try await network.store.site(slug: network.site.slug))
        site.title = "Mali Actualités"
        try await admin.updateSettings(site)
        #expect(try await server.get(Self.articlePath).2.contains("Mali Actualités"))
        #expect(try await server.get("/mali-actu/").2.contains("Mali Actualités"))
        #expect(try await server.get("/").2.contains("Mali Actualités"), "the network's cards name the site")
    }

    @Test func aWriteOfAnotherProcessReachesTheCacheWithinASecond() async throws {
        let network = try await TestNetwork.make()
        try await network.publish("La saison des pluies")
        let server = try await Server(network)
        _ = try await server.cached("/mali-actu/")
        // Another process: a change written to the log as the triggers would, without this process's commit
        // hook (the log is the same table).
        let cache = PageCache(capacity: 1 << 20, appliedChangeID: try await network.store.latestChangeID())
        let key = PageCache.Key(host: "kibaru.test", path: "/mali-actu/")
        let document = CachedDocument(text: "<p>ancienne</p>", contentType: "text/html", cacheControl: "no-cache")
        cache.store(.init(document: document, dependencies: [.siteListing(network.site.id)]), for: key,
                    renderedAfter: cache.appliedChangeID)
        try await network.publish("Le fleuve monte", at: TestNetwork.now.addingTimeInterval(60))
        #expect(cache.page(for: key, now: Date()) != nil, "not observing this store: nothing applied yet")
        #expect(try await cache.follow(network.store) > 0)
        #expect(cache.page(for: key, now: Date()) == nil, "the periodic read of the log dropped it")
    }

    @Test func aPageRenderedBeforeAChangeItShowsIsNotKept() async throws {
        let cache = PageCache(capacity: 1 << 20, appliedChangeID: 10)
        let key = PageCache.Key(host: "h", path: "/a/")
        let page = PageCache.Page(
            document: CachedDocument(text: "a", contentType: "text/html", cacheControl: "no-cache"),
            dependencies: [.article(1), .site(1)])
        cache.apply([ContentChange(id: 11, dependency: .article(1)), ContentChange(id: 12, dependency: .article(2))])
        #expect(!cache.store(page, for: key, renderedAfter: 10), "its reads began before change 11, which it shows")
        #expect(cache.store(page, for: key, renderedAfter: 11), "change 12 does not touch it")
        #expect(cache.page(for: key, now: Date()) != nil)
        cache.apply([ContentChange(id: 13, dependency: .site(1))])
        #expect(cache.page(for: key, now: Date()) == nil)
        #expect(cache.statistics.invalidated == 1)
    }

    @Test func theCacheStaysWithinItsSizeDroppingTheLeastRecentlyUsed() async throws {
        let cache = PageCache(capacity: 12_500, appliedChangeID: 0)  // eight pages of 900 bytes, counted 1,500 each
        func page(_ index: Int) -> PageCache.Page {
            .init(document: CachedDocument(
                text: String(repeating: "\(index % 10)", count: 900), contentType: "text/html", cacheControl: ""),
                dependencies: [.article(Article.ID(Int64(index)))])
        }
        for index in 0..<8 { cache.store(page(index), for: .init(host: "h", path: "/\(index)"), renderedAfter: 0) }
        _ = cache.page(for: .init(host: "h", path: "/0"), now: Date())  // used again: kept
        for index in 8..<12 { cache.store(page(index), for: .init(host: "h", path: "/\(index)"), renderedAfter: 0) }
        #expect(cache.statistics.bytes <= 12_500)
        #expect(cache.page(for: .init(host: "h", path: "/0"), now: Date()) != nil)
        #expect(cache.page(for: .init(host: "h", path: "/1"), now: Date()) == nil)
        #expect(!cache.store(
            .init(document: CachedDocument(text: String(repeating: "x", count: 1_001), contentType: "", cacheControl: ""),
                  dependencies: []),
            for: .init(host: "h", path: "/big"), renderedAfter: 0), "larger than an eighth of the cache")
    }

    @Test func theTokenIsPutInOnceASecond() async throws {
        let document = CachedDocument(
            text: "<form><input name=\"jeton\" value=\"\(CachedDocument.tokenPlaceholder)\"></form>",
            contentType: "text/html", cacheControl: "no-cache", formArticleID: 7)
        #expect(document.formArticleID == 7)
        let request = Request(
            head: .init(method: .get, scheme: "http", authority: "h", path: "/a/"), body: .init(buffer: ByteBuffer()))
        #expect(document.response(to: request, formToken: nil, now: Date(timeIntervalSince1970: 100.1), cacheStatus: "")
            == nil, "no body of this second yet: a token is needed")
        let response = try #require(document.response(
            to: request, formToken: "7.100.aaa", now: Date(timeIntervalSince1970: 100.2), cacheStatus: "Kibaru; hit"))
        #expect(response.status == .ok)
        /// The body served without a token at `time`, when one was made for its second.
        func kept(_ time: TimeInterval) -> ByteBuffer? {
            document.answer(
                acceptEncoding: nil, ifNoneMatch: nil, formToken: nil, now: Date(timeIntervalSince1970: time),
                cacheStatus: "")?.body
        }
        let made = try #require(kept(100.5), "made once for second 100")
        #expect(String(buffer: made) == "<form><input name=\"jeton\" value=\"7.100.aaa\"></form>")
        let again = try #require(
            document.response(to: request, formToken: nil, now: Date(timeIntervalSince1970: 100.9), cacheStatus: ""))
        #expect(again.body.contentLength == made.readableBytes, "the same second, the same body")
        #expect(kept(101.0) == nil, "not for the next")
        #expect(document.response(to: request, formToken: nil, now: Date(timeIntervalSince1970: 101.0), cacheStatus: "")
            == nil, "the next second needs a token again")
    }

    @Test func hitsAreServedBeforeRoutingWithTheUsualHeaders() async throws {
        let network = try await TestNetwork.make()
        try await network.publish("La saison des pluies")
        let server = try await Server(network)
        for path in ["/", "/mali-actu/", Self.articlePath] {
            _ = try await server.cached(path)
            let hit = try await server.application.test(.router) { client in
                try await client.execute(uri: path, method: .get) { $0 }
            }
            #expect(hit.headers[Self.cacheStatus] == "Kibaru; hit")
            #expect(hit.headers[.xContentTypeOptions] == "nosniff" && hit.headers[.contentSecurityPolicy] != nil,
                    "the security headers' middleware runs before the cache's")
            let head = try await server.application.test(.router) { client in
                try await client.execute(uri: path, method: .head) { $0 }
            }
            #expect(head.status == .ok && head.body.readableBytes == 0, "HEAD goes to the route")
            let query = try await server.application.test(.router) { client in
                try await client.execute(uri: path + "?utm_source=x", method: .get) { $0 }
            }
            #expect(query.status == .ok && query.headers[Self.cacheStatus] != "Kibaru; hit", "a query is not a hit")
        }
    }

    /// How many hits were answered in the channel pipeline, in this process (servers of other tests add to it).
    static func earlyAnswers() -> Int {
        let line = Observability.text().split(separator: "\n")
            .first { $0.hasPrefix("kibaru_page_cache_early_answers_total ") }
        return line.flatMap { Int(Double($0.split(separator: " ").last ?? "") ?? 0) } ?? 0
    }

    /// On a real connection, hits are answered in the channel pipeline (``CachedPageChannelHandler``) with the
    /// headers the router gives every answer, in the order of pipelined requests, in each coding, with a 304
    /// for a known ETag; a request asking to close its connection gets it closed.
    @Test func hitsAreAnsweredInTheChannelPipelineAsTheRouterWouldAnswer() async throws {
        let network = try await TestNetwork.make()
        try await network.publish("La saison des pluies")
        let server = try await Server(network)
        try await server.application.test(.live) { client in
            for path in ["/mali-actu/", Self.articlePath] {
                let miss = try await client.execute(uri: path, method: .get) { $0 }
                #expect(miss.headers[Self.cacheStatus] == "Kibaru; fwd=miss")
                let before = Self.earlyAnswers()
                let hit = try await client.execute(uri: path, method: .get) { $0 }
                #expect(Self.earlyAnswers() > before, "\(path): answered in the pipeline")
                #expect(hit.status == .ok && hit.headers[Self.cacheStatus] == "Kibaru; hit")
                #expect(String(buffer: hit.body) == String(buffer: miss.body), "the same page, token included")
                #expect(Set(hit.headers.map(\.name)) == Set(miss.headers.map(\.name)), "the same headers")
                #expect(hit.headers[.contentLength] == String(hit.body.readableBytes))
                #expect(hit.headers[.server] == "Kibaru" && hit.headers[.date]?.hasSuffix(" GMT") == true)
                #expect(hit.headers[HTTPField.Name("Strict-Transport-Security")!] == "max-age=31536000")
                #expect(hit.headers[.contentSecurityPolicy] == miss.headers[.contentSecurityPolicy])
                #expect(hit.headers[RequestIDMiddleware<KibaruContext>.header] != miss.headers[RequestIDMiddleware<KibaruContext>.header])

                let brotli = try await client.execute(uri: path, method: .get, headers: [.acceptEncoding: "br"]) { $0 }
                #expect(brotli.headers[.contentEncoding] == "br")
                #expect(Brotli.decompress(brotli.body).map { String(buffer: $0) } == String(buffer: miss.body))
                let earlier = Self.earlyAnswers()
                let notModified = try await client.execute(
                    uri: path, method: .get, headers: [.ifNoneMatch: try #require(hit.headers[.eTag])]) { $0 }
                #expect(notModified.status == .notModified && notModified.body.readableBytes == 0)
                #expect(Self.earlyAnswers() > earlier, "a 304 from the pipeline too")
            }

            // Pipelined: a search (for the router), a hit, and a hit on a connection to close, in one write.
            let port = try #require(client.port)
            let warming = try RawConnection(port: port, timeout: 20)
            try warming.send(
                "GET /mali-actu/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    + "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            #expect(await warming.receiveAll().text.matches(of: /(?i)cache-status: Kibaru; fwd=miss/).count == 2)
            let connection = try RawConnection(port: port, timeout: 20)
            try connection.send(
                "GET /mali-actu/recherche/?q=pluies HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    + "GET /mali-actu/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    + "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            let (text, closed) = await connection.receiveAll()
            #expect(closed, "closed after the answer to the request that asked for it")
            #expect(text.matches(of: /HTTP\/1.1 200 OK\r\n/).count == 3)
            let statuses = text.matches(of: /(?i)cache-status: ([^\r]+)/).map { String($0.1) }
            #expect(statuses == ["Kibaru; hit", "Kibaru; hit"], "the search is not cached: \(statuses)")
            let titles = text.matches(of: /<title>([^<]*)<\/title>/).map { String($0.1) }
            #expect(titles.count == 3 && titles[0].contains("pluies") && titles[1].contains("Mali Actu")
                    && titles[2].contains("Réseau test"), "answers in the requests' order: \(titles)")
        }
    }

    /// A client that pipelines requests without reading the answers is not answered from the pipeline beyond what
    /// its socket holds: the rest wait for the router, whose writes wait for the client (bounded memory); every
    /// request is answered, in order, once it reads.
    @Test func aClientThatDoesNotReadIsAnsweredOnlyAsFastAsItReads() async throws {
        let network = try await TestNetwork.make()
        try await network.publish("La saison des pluies")
        let server = try await Server(network)
        try await server.application.test(.live) { client in
            let port = try #require(client.port)
            let request = "GET /mali-actu/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            let warming = try RawConnection(port: port, timeout: 20)
            try warming.send(request + "GET /mali-actu/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            #expect(await warming.receiveAll().text.contains("Cache-Status: Kibaru; hit"))
            let count = 2_000
            let before = Self.earlyAnswers()
            let connection = try RawConnection(port: port, timeout: 30, receiveBuffer: 4_096)
            try connection.send(
                String(repeating: request, count: count - 1)
                    + "GET /mali-actu/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            try await Task.sleep(for: .seconds(1))
            // Without the check, all but the last (which closes) would be answered from the pipeline at once.
            let early = Self.earlyAnswers() - before
            #expect(early < count / 2, "answers from the pipeline stopped when the socket was full: \(early)")
            let (text, closed) = await connection.receiveAll()
            #expect(closed)
            #expect(text.matches(of: /HTTP\/1.1 200 OK\r\n/).count == count, "every request answered")
        }
    }

    @Test func pagesAreCompressedInTheCodingReadersPrefer() async throws {
        let network = try await TestNetwork.make()
        try await network.publish("La saison des pluies")
        let server = try await Server(network)
        for path in ["/mali-actu/", Self.articlePath] {
            func get(_ acceptEncoding: String?) async throws -> TestResponse {
                try await server.application.test(.router) { client in
                    try await client.execute(
                        uri: path, method: .get, headers: acceptEncoding.map { [.acceptEncoding: $0] } ?? [:]) { $0 }
                }
            }
            let plain = try await get(nil)
            let gzipped = try await get("gzip, deflate")
            let brotli = try await get("gzip;q=0.8, br")
            #expect(plain.headers[.contentEncoding] == nil)
            #expect(gzipped.headers[.contentEncoding] == "gzip")
            #expect(brotli.headers[.contentEncoding] == "br")
            #expect([plain, gzipped, brotli].allSatisfy { $0.headers[.vary] == "Accept-Encoding" })
            #expect(Set([plain, gzipped, brotli].map { $0.headers[.eTag] }).count == 3, "three representations, three tags")
            #expect(gzipped.body.readableBytes * 2 < plain.body.readableBytes)
            #expect(brotli.body.readableBytes < gzipped.body.readableBytes)
            #expect(try Self.gunzip(gzipped.body) == String(buffer: plain.body))
            #expect(Brotli.decompress(brotli.body).map { String(buffer: $0) } == String(buffer: plain.body))
            let again = try await get("br")
            #expect(again.headers[Self.cacheStatus]?.contains("hit") == true)
            #expect(try await get("gzip;q=0, br;q=0").headers[.contentEncoding] == nil)
            let notModified = try await server.application.test(.router) { client in
                try await client.execute(
                    uri: path, method: .get, headers: [.acceptEncoding: "br", .ifNoneMatch: brotli.headers[.eTag]!]) { $0 }
            }
            #expect(notModified.status == .notModified)
        }
    }

    /// `gzip -dc` of `buffer`.
    static func gunzip(_ buffer: ByteBuffer) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(buffer.readableBytesView))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func withTheCacheOffEveryPageIsRendered() async throws {
        let network = try await TestNetwork.make().configured { $0.pageCacheBytes = nil }
        try await network.publish("La saison des pluies")
        let server = try await Server(network)
        _ = try await server.get("/mali-actu/")
        #expect(try await server.get("/mali-actu/").1 == "Kibaru; fwd=bypass")
    }

    static func administrator(_ network: TestNetwork) async throws -> StaffSession {
        let login = try await network.staff("Admin Réseau", role: nil)
        return StaffSession(staff: login.staff, memberships: [], csrfToken: login.csrf, expiresAt: .distantFuture)
    }
}
