import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import KibaruApp
import KibaruCore
import KibaruServices
import KibaruTesting
import Testing

/// Every admin route, as the router lists them (a route added later is covered without editing this test, and
/// one missing from the table below fails it): without a session it leads to the login page, never to content;
/// with each role, its pages answer as the permission matrix says, never with a server error.
@Suite struct RouteAccessTests {
    static let roles = ["contributor", "author", "editor", "owner", "admin"]
    static let everyone = Set(roles)

    /// Who may open each admin page (GET), by role on the test site; the routes that need no session are listed
    /// with `nil`.
    static let pages: [String: Set<String>?] = [
        "/admin/connexion": nil,
        "/admin/mot-de-passe": nil,
        "/admin/static/editeur.js": nil,
        "/admin": everyone,
        "/admin/articles": everyone,
        "/admin/articles/nouveau": everyone,
        "/admin/articles/{id}": ["editor", "owner", "admin"],  // someone else's draft
        "/admin/articles/{id}/revisions": ["editor", "owner", "admin"],
        "/admin/articles/recherche.json": everyone,
        "/admin/etiquettes.json": everyone,
        "/admin/sites/{slug}/etiquettes": ["editor", "owner", "admin"],
        "/admin/sites/{slug}/reglages": ["owner", "admin"],
        "/admin/sites/{slug}/equipe": ["owner", "admin"],
        "/admin/journal": ["owner", "admin"],
        "/admin/medias": everyone,
        "/admin/commentaires": ["editor", "owner", "admin"],
        "/admin/sites": everyone,  // lists the sites one belongs to; creating one is for administrators
        "/admin/sites/{slug}/webhooks": ["owner", "admin"],
        "/admin/sites/{slug}/cles": ["owner", "admin"],
        "/admin/jetons": everyone,  // one's own API tokens
    ]

    /// The admin routes of the real router, as `METHOD path` with Hummingbird's `{capture}` syntax.
    static func adminRoutes(_ network: TestNetwork) async throws -> [(method: HTTPRequest.Method, path: String)] {
        let router = try await makeKibaruRouter(network.config, store: network.store, logger: TestNetwork.logger)
        return router.routes.map { (method: $0.method, path: "\($0.path)") }
            .map { ($0.method, $0.path.hasPrefix("/") ? $0.path : "/" + $0.path) }
            .filter { $0.1.hasPrefix("/admin") && $0.0 != .head }
    }

    /// A concrete URI for a route: its captures filled with the test's article and site.
    static func uri(_ path: String, articleID: Article.ID) -> String {
        var uri = path.replacingOccurrences(of: "{id}", with: "\(articleID)")
            .replacingOccurrences(of: "{slug}", with: "mali-actu")
        if !uri.hasSuffix(".json"), !uri.hasSuffix(".js") { uri += "/" }
        if uri.contains("/revisions") { uri += "?de=1&a=1" }
        if uri.hasSuffix(".json") { uri += "?site=mali-actu&q=a" }
        return uri
    }

    @Test func everyAdminRouteLeadsAnonymousVisitorsToTheLoginPage() async throws {
        let network = try await TestNetwork.make()
        let article = try await network.publish("Un article")
        let routes = try await Self.adminRoutes(network)
        #expect(routes.count >= 30, "the router lists the admin's routes: \(routes.count)")
        for (path, _) in Self.pages {
            #expect(routes.contains { $0.method == .get && $0.path == path }, "\(path) is no longer a route: update the table")
        }
        try await network.application().test(.router) { client in
            for route in routes {
                let uri = Self.uri(route.path, articleID: article.id)
                let (status, headers, body) = try await client.execute(
                    uri: uri, method: route.method, headers: AdminRequest.headers(nil),
                    body: AdminRequest.form([("_csrf", "x"), ("site", "mali-actu"), ("title", "Forgé")])
                ) { ($0.status, $0.headers, String(buffer: $0.body)) }
                if route.method == .get, Self.pages[route.path] == .some(nil) {
                    #expect(status == .ok, "\(route.method) \(uri) needs no session")
                    continue
                }
                if route.method == .get {
                    #expect(Self.pages[route.path] != nil, "GET \(route.path) is missing from the table of pages")
                }
                let toLogin = status == .seeOther && headers[.location]?.hasPrefix("/admin/connexion/") == true
                let refused = status == .forbidden && (uri.hasPrefix("/admin/connexion") || uri.hasPrefix("/admin/mot-de-passe"))
                #expect(toLogin || refused, "\(route.method) \(uri) without a session: \(status)")
                #expect(!body.contains("Un article"), "\(route.method) \(uri) shows no content")
            }
        }
        #expect(try await network.store.articleRows(ArticleFilter(siteIDs: [network.site.id]), limit: 5).count == 1,
                "no anonymous request wrote anything")
    }

    @Test(arguments: roles)
    func everyAdminPageAnswersEachRoleAsTheMatrixSays(_ roleName: String) async throws {
        let network = try await TestNetwork.make()
        let me = try await network.staff("Moi \(roleName)", role: Role(rawValue: roleName))
        let other = try await network.staff("Autre", role: .editor)
        let otherSession = try #require(try await network.store.session(tokenHash: SecureToken.hash(other.token), now: Date()))
        let draft = try await EditorialService(store: network.store).perform(
            .save, draft: ArticleDraft(siteSlug: network.site.slug, title: "Brouillon d’un autre", bodyMarkdown: "Texte.",
                                       authorNames: ["Autre"]),
            expectedVersion: nil, actor: otherSession)
        let routes = try await Self.adminRoutes(network).filter { $0.method == .get }
        try await network.application().test(.router) { client in
            for route in routes {
                guard let allowed = Self.pages[route.path], let allowed else { continue }
                let uri = Self.uri(route.path, articleID: draft.id)
                let (status, headers, _) = try await client.getPage(uri, as: me)
                #expect(status.code < 500, "GET \(uri) as \(roleName): \(status)")
                #expect(headers[.location]?.hasPrefix("/admin/connexion/") != true, "GET \(uri) as \(roleName): logged out")
                if allowed.contains(roleName) {
                    #expect(status == .ok, "GET \(uri) as \(roleName) is allowed: \(status)")
                } else {
                    #expect(status == .forbidden || status == .notFound, "GET \(uri) as \(roleName) is refused: \(status)")
                }
            }
        }
    }

    /// Every form of the admin, posted by an administrator with ids that do not exist and actions of every form,
    /// is refused with a 4xx, never a 500 (issue 13: an unknown id in some admin forms gave a 500).
    @Test func unknownIdsInEveryAdminFormAreRefusedWithoutAServerError() async throws {
        let network = try await TestNetwork.make()
        let admin = try await network.staff("Ada Administratrice", role: nil)
        // Not the login, password and logout forms: they end or need no session.
        let routes = try await Self.adminRoutes(network).filter { route in
            route.method == .post && !["connexion", "mot-de-passe"].contains { route.path.contains($0) }
        }
        #expect(routes.count >= 12)
        let uris = routes.map { Self.uri($0.path, articleID: Article.ID(999_999)) }
        let answers = try await network.application().test(.router) { client in
            var answers: [(uri: String, action: String, status: Int, location: String?)] = []
            for uri in uris {
                for action in Self.formActions {
                    let (status, headers, _) = try await client.postForm(uri, [("action", action)] + Self.unknownIDs, as: admin)
                    answers.append((uri, action, Int(status.code), headers[.location]))
                }
            }
            return answers
        }
        for answer in answers {
            #expect(answer.status < 500, "POST \(answer.uri) action=\(answer.action): \(answer.status)")
            #expect(answer.location?.hasPrefix("/admin/connexion") != true, "POST \(answer.uri): logged out")
        }
        #expect(answers.contains { $0.status >= 400 } && answers.contains { $0.status < 400 }, "the forms were read")
    }

    /// The actions of the admin's forms.
    static let formActions = ["approve", "save", "publish", "rename", "merge", "delete", "add", "remove", "revoke", "create"]

    /// Every field of the admin's forms, with ids that do not exist.
    static let unknownIDs: [(String, String)] = [
        ("statut", "approved"), ("ids[]", "999999"), ("id", "999999"), ("version", "1"), ("tag", "999999"),
        ("into", "999999"), ("webhook", "999999"), ("token", "999999"), ("revision", "3"), ("site", "mali-actu"),
        ("title", "Titre"), ("body", "Texte."), ("texte", "Texte."), ("name", "Nom"), ("email", "personne@example.org"),
        ("role", "editor"), ("slug", "inconnu"), ("url", "https://example.org/"), ("events[]", "article.published"),
        ("scopes[]", "articles:write"),
    ]

    /// The editor posts one action per address (issue 13, point 5): every button of the editor's form names a POST
    /// route of its own, one for each action, and no route reads an `action` field to decide what to do.
    @Test func everyButtonOfTheEditorPostsToARouteOfItsOwn() async throws {
        let network = try await TestNetwork.make()
        let admin = try await network.staff("Ada Administratrice", role: nil)
        let article = try await network.publish("Un article")
        let posts = Set(try await Self.adminRoutes(network).filter { $0.method == .post }.map(\.path))
        let targets = try await network.application().test(.router) { client in
            var targets: Set<String> = []
            for uri in ["/admin/articles/nouveau/", "/admin/articles/\(article.id)/"] {
                let (status, _, html) = try await client.getPage(uri, as: admin)
                #expect(status == .ok)
                #expect(html.contains(#"<form method="post" action="/admin/articles/enregistrer/" id="editeur">"#))
                #expect(!html.contains(#"name="action""#), "\(uri): a button still names an action")
                for match in html.matches(of: /formaction="([^"]+)"/) { targets.insert(String(match.1)) }
            }
            return targets
        }
        #expect(targets.count >= 6, "\(targets)")
        for target in targets {
            #expect(posts.contains(String(target.dropLast())), "\(target) is not a route")
        }
        let actionRoutes = posts.filter { $0.hasPrefix("/admin/articles/") && !$0.contains("{") }
        #expect(actionRoutes.count >= 9, "seven actions, preview and suggestion: \(actionRoutes.sorted())")
    }
}
