import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruTesting
import NIOPosix
import Testing

/// The holes a black-box review of the release binary found (issue 10), each reproduced as it was found.
@Suite struct SecurityReviewTests {
    static let clientAddress = HTTPField.Name("X-Test-Client-Address")!
    static let host = HTTPField.Name("Host")!

    /// The login page's CSRF cookie token.
    static func loginToken(_ client: some TestClientProtocol) async throws -> String {
        let (_, headers, _) = try await client.getPage("/admin/connexion/", as: nil)
        let cookie = try #require(headers[values: .setCookie].first { $0.hasPrefix("kibaru_csrf=") })
        return String(cookie.dropFirst("kibaru_csrf=".count).prefix { $0 != ";" })
    }

    /// Posts the login form from `address`, with extra cookies; returns the status and the response's cookies.
    static func login(
        _ client: some TestClientProtocol, token: String, email: String, password: String, address: String,
        cookies: String = ""
    ) async throws -> (HTTPResponse.Status, [String]) {
        var headers = AdminRequest.headers(nil)
        headers[AdminRequest.cookie] = "kibaru_csrf=\(token)" + (cookies.isEmpty ? "" : "; \(cookies)")
        headers[clientAddress] = address
        return try await client.execute(
            uri: "/admin/connexion/", method: .post, headers: headers,
            body: AdminRequest.form([("_csrf", token), ("email", email), ("password", password)])
        ) { response in (response.status, response.headers[values: .setCookie]) }
    }

    // MARK: 1. Login throttle

    @Test func thirtyGuessesSentAtOnceReachThePasswordCheckFiveTimesAtMost() async throws {
        let network = try await TestNetwork.make()
        let editor = try await network.staff("Éditrice", role: .editor)
        try await network.application().test(.router) { client in
            let token = try await Self.loginToken(client)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<30 {
                    // The right password among the guesses, as in the review (`xargs -P30 curl`).
                    let password = index == 20 ? TestNetwork.password : "devinette-\(index)"
                    group.addTask {
                        try await Self.login(
                            client, token: token, email: editor.staff.email, password: password,
                            address: "203.0.113.\(index)"
                        ).0
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let checked = statuses.filter { $0 == .unauthorized || $0 == .seeOther }.count
            #expect(checked <= AuthService.accountFailureLimit, "\(statuses)")
            #expect(statuses.filter { $0 == .tooManyRequests }.count >= 30 - AuthService.accountFailureLimit)
        }
    }

    @Test func strangersGuessesDoNotLockTheOwnerOutOfTheirOwnBrowser() async throws {
        let network = try await TestNetwork.make()
        let editor = try await network.staff("Éditrice", role: .editor)
        try await network.application().test(.router) { client in
            let token = try await Self.loginToken(client)
            // The owner logged in from this browser before: it keeps a device cookie.
            let (first, cookies) = try await Self.login(
                client, token: token, email: editor.staff.email, password: TestNetwork.password, address: "198.51.100.7")
            #expect(first == .seeOther)
            let device = try #require(cookies.first { $0.hasPrefix("kibaru_device=") }?.split(separator: ";").first)
            #expect(cookies.contains { $0.hasPrefix("kibaru_device=") && $0.contains("HttpOnly") })
            for index in 0..<AuthService.accountFailureLimit {
                let (status, _) = try await Self.login(
                    client, token: token, email: editor.staff.email, password: "devinette", address: "192.0.2.\(index)")
                #expect(status == .unauthorized)
            }
            let (stranger, _) = try await Self.login(
                client, token: token, email: editor.staff.email, password: TestNetwork.password, address: "192.0.2.99")
            #expect(stranger == .tooManyRequests, "the account is throttled for browsers it does not know")
            let (owner, _) = try await Self.login(
                client, token: token, email: editor.staff.email, password: TestNetwork.password, address: "198.51.100.7",
                cookies: String(device))
            #expect(owner == .seeOther, "the owner's browser is not")
            // A device cookie made up, or signed for another account, counts for nothing.
            let (forged, _) = try await Self.login(
                client, token: token, email: editor.staff.email, password: TestNetwork.password, address: "192.0.2.98",
                cookies: "kibaru_device=\(String(repeating: "a", count: 43)).0123456789abcdef0123456789abcdef")
            #expect(forged == .tooManyRequests)
        }
    }

    @Test func passwordChecksRunOnThreadsOfTheirOwnNotOnTheFileThreads() async throws {
        let finished = Counter()
        // Eight checks at production cost, as a burst of logins makes (about 0.3 s each).
        let hashes = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        _ = try await BcryptHasher(cost: 12).hash("mot de passe")
                        finished.increment()
                    }
                }
                try await group.waitForAll()
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        // Media files are read on NIO's shared blocking pool: a job there runs while the checks are still going.
        let doneWhenFileThreadRan = try await NIOThreadPool.singleton.runIfActive { finished.value }
        try await hashes.value
        #expect(doneWhenFileThreadRan < 4, "the file thread ran after \(doneWhenFileThreadRan) of 8 checks")
    }

    // MARK: 2. Bodies and connections

    @Test func anonymousPostsAreAnsweredBeforeTheirBodyIsRead() async throws {
        let network = try await TestNetwork.make()
        try await network.application().test(.live) { client in
            let port = try #require(client.port)
            for path in ["/admin/medias/", "/admin/articles/enregistrer/"] {
                let connection = try RawConnection(port: port, timeout: 30)
                // Announces 8 MB and sends none of them: the answer must not wait for them.
                try connection.send(
                    "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                        + "Content-Length: 8000000\r\n\r\n")
                let answer = await connection.receive(until: "\r\n\r\n")
                #expect(answer.hasPrefix("HTTP/1.1 303"), "\(path): \(answer.prefix(80))")
                #expect(answer.contains("location: /admin/connexion/") || answer.contains("Location: /admin/connexion/"))
            }
        }
    }

    @Test func aDeclaredBodyOverTheLimitIsRefusedAtOnce() async throws {
        let network = try await TestNetwork.make()
        let editor = try await network.staff("Éditrice", role: .editor)
        try await network.application().test(.live) { client in
            let connection = try RawConnection(port: try #require(client.port), timeout: 30)
            try connection.send(
                "POST /admin/medias/ HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: \(editor.cookie)\r\n"
                    + "X-CSRF-Token: \(editor.csrf)\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                    + "Content-Length: 80000000\r\n\r\n")
            let answer = await connection.receive(until: "\r\n\r\n")
            #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer.prefix(80))")
        }
    }

    @Test func silentAndHalfSentConnectionsAreClosed() async throws {
        let network = try await TestNetwork.make().configured { $0.idleTimeout = .seconds(1) }
        try await network.application().test(.live) { client in
            let port = try #require(client.port)
            let halfSent = try RawConnection(port: port, timeout: 15)
            try halfSent.send("GET /mali-actu/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Lent: ")
            #expect(await halfSent.receiveAll().closed, "a request head that never ends")
            let silent = try RawConnection(port: port, timeout: 15)
            #expect(await silent.receiveAll().closed, "a connection that never sends")
            let body = try RawConnection(port: port, timeout: 15)
            try body.send("POST /commentaires/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nnom=")
            #expect(await body.receiveAll().closed, "a body that stops coming")
        }
    }

    // MARK: 4. Feeds are HTML inside XML

    @Test func feedDescriptionsAreEscapedForTheHTMLFeedReadersMakeOfThem() async throws {
        let network = try await TestNetwork.make()
        let payload = "<img src=x onerror=alert(1)>"
        try await network.store.write { [site = network.site] tx in
            var site = site
            site.tagline = payload
            try await tx.updateSite(site)
        }
        let article = try await network.articles.save(
            ArticleDraft(siteSlug: network.site.slug, title: "Un titre", standfirst: payload, bodyMarkdown: "Texte.",
                         authorNames: ["Awa"], state: .published, publishedAt: TestNetwork.now))
        try await CommentService(store: network.store).add(NewComment(
            articleID: article.id, authorName: "Lecteur", body: payload, createdAt: TestNetwork.now, status: .approved))
        try await network.application().test(.router) { client in
            for path in ["/mali-actu/2024/03/01/un-titre/feed/", "/mali-actu/comments/feed/", "/mali-actu/feed/", "/feed/"] {
                let (status, _, xml) = try await client.getPage(path, as: nil)
                #expect(status == .ok, "\(path)")
                // What a feed reader renders: the text of each <description>, read as HTML.
                for description in try DescriptionTexts.parse(xml) {
                    #expect(!description.contains("<img"), "\(path): \(description)")
                }
                #expect(xml.contains("&amp;lt;img"), "\(path): the payload is shown as text")
            }
        }
    }

    // MARK: 5. Host names

    @Test func anOwnerCannotTakeTheNetworksHostNorGiveTheirSiteAHost() async throws {
        let network = try await TestNetwork.make()
        let owner = try await network.staff("Propriétaire", role: .owner)
        let admin = try await network.staff("Admin", role: nil)
        try await network.application().test(.router) { client in
            let fields = [("title", "Mali Actu"), ("language", "fr"), ("timeZone", "Africa/Bamako")]
            var (status, _, _) = try await client.postForm(
                "/admin/sites/mali-actu/reglages/", fields + [("host", "kibaru.test")], as: owner)
            #expect(status == .forbidden)
            (status, _, _) = try await client.postForm(
                "/admin/sites/mali-actu/reglages/", fields + [("host", "kibaru.test")], as: admin)
            #expect(status == .unprocessableContent, "not even an administrator gives a site the network's host")
            (status, _, _) = try await client.postForm(
                "/admin/sites/mali-actu/reglages/", fields + [("host", "actu.example.org")], as: admin)
            #expect(status == .ok)
        }
        #expect(try await network.store.site(slug: network.site.slug)?.host == "actu.example.org")
        // Even a site stored with the network's host (an old database) does not take the front page.
        try await network.store.write { [site = network.site] tx in
            var site = try await tx.site(id: site.id)!
            site.host = "kibaru.test"
            try await tx.updateSite(site)
        }
        try await network.application().test(.router) { client in
            let (_, _, home) = try await client.execute(uri: "/", method: .get, headers: [Self.host: "kibaru.test"]) {
                ($0.status, $0.headers, String(buffer: $0.body))
            }
            #expect(home.contains("Derniers articles"), "the network's home, not the site's")
        }
    }

    // MARK: 6. Media files

    @Test func mediaFilesNeverFollowLinksNorLetANulByteChooseTheirType() async throws {
        let network = try await TestNetwork.make()
        let media = network.config.data.mediaPath
        try FileManager.default.createDirectory(atPath: media + "/t", withIntermediateDirectories: true)
        try "texte".write(toFile: media + "/t/ok.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: media + "/donnees", withDestinationPath: network.config.data.path)
        try FileManager.default.createSymbolicLink(
            atPath: media + "/t/base.bin", withDestinationPath: network.config.data.databasePath)
        try await network.application().test(.router) { client in
            var (status, headers, _) = try await client.getPage("/media/t/ok.txt", as: nil)
            #expect(status == .ok && headers[.contentType]?.hasPrefix("text/plain") == true)
            for path in ["/media/donnees/kibaru.sqlite", "/media/t/base.bin", "/media/t/ok.txt%00.html", "/media/.cache"] {
                (status, headers, _) = try await client.getPage(path, as: nil)
                #expect(status == .notFound || status == .badRequest, "\(path): \(status)")
                #expect(headers[.contentType]?.hasPrefix("text/html") != true || status != .ok, "\(path)")
            }
        }
    }

    // MARK: 8. Smaller holes

    @Test func aPlantedCSRFCookieDoesNotStandInForTheSessionsToken() async throws {
        let network = try await TestNetwork.make()
        let editor = try await network.staff("Éditrice", role: .editor)
        try await network.application().test(.router) { client in
            var headers = AdminRequest.headers(editor)
            headers[AdminRequest.cookie] = "\(editor.cookie); kibaru_csrf=plante"
            let status = try await client.execute(
                uri: "/admin/articles/enregistrer/", method: .post, headers: headers,
                body: AdminRequest.form([("_csrf", "plante"), ("site", "mali-actu"), ("title", "Forgé"), ("body", "x")])
            ) { $0.status }
            #expect(status == .forbidden)
        }
        #expect(try await network.store.articleRows(ArticleFilter(siteIDs: [network.site.id]), limit: 5).isEmpty)
    }

    @Test func aBackslashPathIsNotRedirectedToAnotherHost() async throws {
        let network = try await TestNetwork.make()
        try await network.application().test(.router) { client in
            for path in [#"/\evil%2Eexample"#, "/%5Cevil.example", "/%5cevil.example"] {
                let (status, headers, _) = try await client.getPage(path, as: nil)
                #expect(status == .notFound, "\(path)")
                #expect(headers[.location] == nil, "\(path)")
            }
        }
    }

    @Test func anEditorPostingAnotherSitesTagIdIsRefusedWithoutAnError() async throws {
        let network = try await TestNetwork.make()
        let other = try await SiteService(store: network.store).create(
            NewSite(slug: Slug(rawValue: "autre")!, title: "Autre site"))
        try await network.publish("Sur l’autre site", tags: ["Secret"], siteSlug: other.slug)
        let secret = try #require(try await network.store.tag(siteID: other.id, slug: Slug(rawValue: "secret")!))
        let editor = try await network.staff("Éditrice", role: .editor)
        try await network.application().test(.router) { client in
            let (status, _, html) = try await client.postForm(
                "/admin/sites/mali-actu/etiquettes/", [("action", "rename"), ("tag", "\(secret.id)"), ("name", "Volé")],
                as: editor)
            #expect(status == .forbidden)
            #expect(html.contains("Accès refusé"))
        }
        #expect(try await network.store.tag(siteID: other.id, slug: Slug(rawValue: "secret")!)?.name == "Secret")
    }

    @Test func httpsNetworksSendHSTSAndAdminAnswersAreNeverStored() async throws {
        let secure = try await TestNetwork.make()
        let editor = try await secure.staff("Éditrice", role: .editor)
        try await secure.application().test(.router) { client in
            let (_, headers, _) = try await client.getPage("/mali-actu/", as: nil)
            #expect(headers[HTTPField.Name("Strict-Transport-Security")!] == "max-age=31536000")
            for path in ["/admin/etiquettes.json?site=mali-actu&q=a", "/admin/articles/recherche.json?site=mali-actu&q=a",
                         "/admin/"] {
                let (status, headers, _) = try await client.getPage(path, as: editor)
                #expect(status == .ok, "\(path)")
                #expect(headers[.cacheControl] == "no-store", "\(path)")
            }
        }
        let plain = try await TestNetwork.make(baseURL: "http://127.0.0.1:8080")
        try await plain.application().test(.router) { client in
            let (_, headers, _) = try await client.getPage("/mali-actu/", as: nil)
            #expect(headers[HTTPField.Name("Strict-Transport-Security")!] == nil, "plain http: no HSTS")
        }
    }

    @Test func oneCommentFormServesOneCommentFromAnAddress() async throws {
        let network = try await TestNetwork.make()
        try await network.publish("Un article")
        let token = try await ReaderCommentTests.formToken(network)
        for index in 0..<3 {
            _ = try await ReaderCommentTests.post(
                network, [("nom", "Awa"), ("texte", "Message \(index)")], token: token, address: "a1")
        }
        _ = try await ReaderCommentTests.post(network, [("nom", "Binta"), ("texte", "Le même formulaire")], token: token, address: "a2")
        let counts = try await network.store.commentCounts(siteIDs: [network.site.id])
        #expect(counts[.pending] == 2 && counts[.spam] == 2, "\(counts)")
    }
}

/// Counts finished tasks across threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int { lock.withLock { count } }

    func increment() {
        lock.withLock { count += 1 }
    }
}

/// The text of every `<description>` of a feed, as a feed reader gets it after reading the XML.
final class DescriptionTexts: NSObject, XMLParserDelegate {
    private var inDescription = false
    private var current = ""
    private var texts: [String] = []

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == "description" || name == "summary" || name == "subtitle" {
            inDescription = true
            current = ""
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inDescription { current += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if inDescription, name == "description" || name == "summary" || name == "subtitle" {
            texts.append(current)
            inDescription = false
        }
    }

    static func parse(_ xml: String) throws -> [String] {
        let delegate = DescriptionTexts()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = delegate
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.coderReadCorrupt) }
        return delegate.texts
    }
}
