import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KibaruCore
import KibaruServices
import KibaruTesting
@testable import KibaruWeb
import Testing

/// Per-site content keys (issue 13, point 1): a site with a key serves its content through the Content API only
/// to requests carrying one of its keys, never from the shared cache; the network's listing leaves it out; a
/// revoked key is refused at once, and without keys the content is public again.
@Suite struct ContentKeyTests {
    typealias API = ContentAPITests

    @Test func aSiteAskingForKeysServesItsContentOnlyWithOneOfThem() async throws {
        let network = try await TestNetwork.make()
        let other = try await SiteService(store: network.store).create(
            NewSite(slug: try Slug(validating: "sahel-info"), title: "Sahel Info"))
        let guarded = try await network.publish("Le fleuve en crue", at: TestNetwork.now.addingTimeInterval(-60))
        let open = try await network.publish("La saison des pluies", siteSlug: other.slug)
        let application = try await network.application()

        // Public at first, and kept in the cache.
        let before = try await API.get(application, "/api/v1/articles")
        #expect(before.body.contains("Le fleuve en crue") && before.body.contains("La saison des pluies"))
        #expect(try await API.get(application, "/api/v1/articles?site=mali-actu").status == .ok)
        #expect(try await API.get(application, "/api/v1/articles").headers[API.cacheStatus] == "Kibaru; hit")

        // The owner makes a key: the site's content now needs it, and the cached answers about it are gone.
        let keys = ContentKeyService(store: network.store)
        let portal = try await keys.create(name: "Portail Sahel", siteSlug: network.site.slug, actor: nil)
        let partner = try await keys.create(name: "Autre partenaire", siteSlug: other.slug, actor: nil)
        #expect(portal.text.hasPrefix("kck_"))
        try await keys.revoke(partner.key.id, siteSlug: other.slug, actor: nil)

        let listing = try await API.get(application, "/api/v1/articles")
        #expect(listing.status == .ok)
        #expect(!listing.body.contains("Le fleuve en crue"), "the network's listing leaves the keyed site out")
        #expect(listing.body.contains("La saison des pluies"))
        let searched = try await API.get(application, "/api/v1/articles?q=fleuve&limit=1")
        #expect(searched.status == .ok && !searched.body.contains("Le fleuve en crue"))
        #expect(searched.json?["next"] == nil, "no next page hints at a keyed site's match: \(searched.body)")
        for path in [
            "/api/v1/articles?site=mali-actu", "/api/v1/articles/\(guarded.id)", "/api/v1/articles/\(guarded.id)/comments",
            "/api/v1/sites/mali-actu/tags", "/api/v1/sites/mali-actu/authors", "/api/v1/sites/mali-actu/articles/\(guarded.slug)",
        ] {
            let refused = try await API.get(application, path)
            #expect(refused.status == .unauthorized, "\(path)")
            #expect(refused.json?["code"] as? String == "content-key-required", "\(path)")
            #expect(refused.headers[.contentType] == "application/problem+json")
            let wrong = try await API.get(application, path + (path.contains("?") ? "&" : "?") + "key=\(partner.text)")
            #expect(wrong.status == .unauthorized, "\(path): another site's (revoked) key")
            let allowed = try await API.get(application, path + (path.contains("?") ? "&" : "?") + "key=\(portal.text)")
            #expect(allowed.status == .ok, "\(path)")
            #expect(allowed.headers[.cacheControl] == "private, no-cache", "\(path)")
            let again = try await API.get(application, path, headers: [ContentAPITests.contentKey: portal.text])
            #expect(again.status == .ok, "\(path): the key in a header")
            #expect(again.headers[API.cacheStatus] == "Kibaru; fwd=bypass", "\(path): never kept by the cache")
        }
        #expect(try await API.get(application, "/api/v1/sites/mali-actu").status == .ok, "the site's card stays public")
        #expect(try await API.get(application, "/api/v1/articles/\(open.id)").status == .ok, "other sites stay public")
        // A public article that points to the keyed one names it only with the key.
        let pointing = try await network.publish(
            "Voir aussi", body: "Texte.\n\n::: lire-aussi\narticle: \(guarded.id)\n:::\n", siteSlug: other.slug)
        let stranger = try await API.get(application, "/api/v1/articles/\(pointing.id)")
        #expect(stranger.status == .ok)
        let readAlso = try #require(stranger.json?["readAlso"] as? [[String: Any]])
        #expect(readAlso.first?["articleId"] as? Int64 == guarded.id.rawValue || readAlso.first?["articleId"] as? Int == Int(guarded.id.rawValue))
        #expect(readAlso.first?["title"] == nil, "\(readAlso)")

        // Revoked: refused at once; without any key the site is public again, in the network's listing too.
        try await keys.revoke(portal.key.id, siteSlug: network.site.slug, actor: nil)
        #expect(try await API.get(application, "/api/v1/articles/\(guarded.id)?key=\(portal.text)").status == .ok)
        #expect(try await API.get(application, "/api/v1/articles").body.contains("Le fleuve en crue"))
        let second = try await keys.create(name: "Portail", siteSlug: network.site.slug, actor: nil)
        #expect(try await API.get(application, "/api/v1/articles/\(guarded.id)?key=\(portal.text)").status == .unauthorized,
                "a revoked key stays refused while the site has others")
        #expect(try await API.get(application, "/api/v1/articles/\(guarded.id)?key=\(second.text)").status == .ok)
    }

    @Test func ownersManageTheirSitesKeysInTheAdminAndOthersSeeNothing() async throws {
        let network = try await TestNetwork.make()
        let owner = try await network.staff("Oumar Propriétaire", role: .owner)
        let editor = try await network.staff("Éric Éditeur", role: .editor)
        try await network.application().test(.router) { client in
            let page = "/admin/sites/mali-actu/cles/"
            #expect(try await client.getPage(page, as: editor).0 == .notFound)
            let forged = try await client.postForm(page, [("action", "create"), ("name", "Pirate")], as: editor).0
            #expect(forged == .forbidden || forged == .notFound)
            let (status, _, html) = try await client.postForm(page, [("action", "create"), ("name", "Portail Sahel")], as: owner)
            #expect(status == .ok)
            let text = try #require(html.firstMatch(of: /<code>(kck_[A-Za-z0-9_-]+)<\/code>/)).1
            let (_, _, list) = try await client.getPage(page, as: owner)
            #expect(list.contains("Portail Sahel") && !list.contains(String(text)), "the key is shown once")
            let (empty, _, _) = try await client.postForm(page, [("action", "create"), ("name", "")], as: owner)
            #expect(empty == .unprocessableContent)
            let stored = try await ContentKeyService(store: network.store).keys(siteSlug: network.site.slug, actor: nil).keys
            #expect(stored.map(\.name) == ["Portail Sahel"])
            let (revoked, _, _) = try await client.postForm(page, [("action", "revoke"), ("key", "\(stored[0].id)")], as: owner)
            #expect(revoked == .ok)
        }
        #expect(try await ContentKeyService(store: network.store).keys(siteSlug: network.site.slug, actor: nil).keys.isEmpty)
        let log = try await network.store.auditLog(siteIDs: [network.site.id], limit: 10).map(\.action)
        #expect(log.contains("content-key.create") && log.contains("content-key.revoke"))
    }
}
