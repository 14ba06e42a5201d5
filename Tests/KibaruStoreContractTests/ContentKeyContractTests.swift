import Foundation
import KibaruCore
import Testing

/// ``ContentKeyRepository`` on every store: a site's keys, found by their hash; the sites that ask for one; the
/// change log naming the site and the set of keyed sites; the network's windowed listing leaving sites out.
@Suite struct ContentKeyContract {
    @Test(arguments: StoreUnderTest.all)
    func keysAreFoundByTheirHashAndNameTheirSiteInTheChangeLog(_ subject: StoreUnderTest) async throws {
        let store = try await subject.make()
        let (site, other) = try await store.write { tx in
            (try await tx.insertSite(NewSite(slug: .of("sahel"), title: "Sahel")),
             try await tx.insertSite(NewSite(slug: .of("autre"), title: "Autre")))
        }
        #expect(try await store.read { tx in try await tx.sitesAskingForContentKeys() }.isEmpty)
        let before = try await store.latestChangeID()
        let (portal, app) = try await store.write { tx in
            (try await tx.insertContentKey(NewContentKey(
                siteID: site.id, name: "Portail", keyHash: "h1", prefix: "kck_abcdef", createdAt: Instant.now)),
             try await tx.insertContentKey(NewContentKey(
                siteID: site.id, name: "Application", keyHash: "h2", prefix: "kck_ghijkl", createdAt: Instant.minutes(1))))
        }
        let named = Set(try #require(try await store.changes(after: before, limit: 100)).map(\.dependency))
        #expect(named == [.site(site.id), .contentKeys])
        let read = try await store.read { tx in
            (try await tx.contentKeys(siteID: site.id), try await tx.contentKeys(siteID: other.id),
             try await tx.contentKey(keyHash: "h2"), try await tx.contentKey(keyHash: "inconnue"),
             try await tx.sitesAskingForContentKeys())
        }
        #expect(read.0 == [portal, app] && read.1.isEmpty)
        #expect(read.2 == app && read.3 == nil)
        #expect(read.4 == [site.id])
        await #expect(throws: (any Error).self, "a hash is unique") {
            try await store.write { tx in
                _ = try await tx.insertContentKey(NewContentKey(
                    siteID: other.id, name: "Copie", keyHash: "h1", prefix: "kck_abcdef", createdAt: Instant.now))
            }
        }
        await #expect(throws: ValidationErrors.self) {
            try await store.write { tx in
                _ = try await tx.insertContentKey(NewContentKey(
                    siteID: other.id, name: " ", keyHash: "h3", prefix: "kck_", createdAt: Instant.now))
            }
        }
        let middle = try await store.latestChangeID()
        try await store.write { tx in
            try await tx.deleteContentKey(id: portal.id)
            try await tx.deleteContentKey(id: app.id)
        }
        let afterDelete = Set(try #require(try await store.changes(after: middle, limit: 100)).map(\.dependency))
        #expect(afterDelete == [.site(site.id), .contentKeys])
        #expect(try await store.read { tx in try await tx.sitesAskingForContentKeys() }.isEmpty)
        #expect(try await store.read { tx in try await tx.contentKey(id: portal.id) } == nil)
    }

    @Test(arguments: StoreUnderTest.all)
    func theNetworksWindowLeavesOutTheSitesItIsToldTo(_ subject: StoreUnderTest) async throws {
        let store = try await subject.make()
        let (kept, left) = try await store.write { tx in
            let author = try await tx.insertPerson(NewPerson(slug: .of("awa-diarra"), name: "Awa Diarra"))
            let kept = try await tx.insertSite(NewSite(slug: .of("sahel"), title: "Sahel"))
            let left = try await tx.insertSite(NewSite(slug: .of("cle"), title: "Avec clé"))
            for (index, (site, slug)) in [(kept, "puits"), (left, "secret"), (kept, "fleuve"), (left, "cache")].enumerated() {
                _ = try await tx.insertArticle(NewArticle(
                    siteID: site.id, slug: .of(slug), title: slug, bodyMarkdown: "Texte.", bodyHTML: "<p>Texte.</p>",
                    bodyText: "Texte.", state: .published, publishedAt: Instant.minutes(Double(index)), authors: [author],
                    createdAt: Instant.now, updatedAt: Instant.now))
            }
            return (kept, left)
        }
        let all = try await store.publishedArticles(.network, window: ListingWindow(limit: 10))
        #expect(all.map(\.slug.rawValue) == ["cache", "fleuve", "secret", "puits"])
        let open = try await store.publishedArticles(.network, window: ListingWindow(limit: 10, excludedSites: [left.id]))
        #expect(open.map(\.slug.rawValue) == ["fleuve", "puits"])
        let next = try await store.publishedArticles(
            .network, window: ListingWindow(after: open[0].id, limit: 10, excludedSites: [left.id]))
        #expect(next.map(\.slug.rawValue) == ["puits"])
        let none = try await store.publishedArticles(.network, window: ListingWindow(limit: 10, excludedSites: [left.id, kept.id]))
        #expect(none.isEmpty)

        // A search leaves them out in the store, so that its pages and its total count only what may be read.
        var search = try SearchQuery(text: "texte", page: PageRequest(number: 1, size: 1))
        #expect(try await store.search(search).total == 4)
        search.excludedSiteIDs = [left.id]
        let found = try await store.search(search)
        #expect(found.total == 2 && found.items.allSatisfy { $0.article.site.id == kept.id })
        search.excludedSiteIDs = [left.id, kept.id]
        #expect(try await store.search(search).total == 0)
    }
}
