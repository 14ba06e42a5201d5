import Foundation
import GRDB
import KibaruCore
@testable import KibaruSQLite
import KibaruServices
import KibaruTesting
import Synchronization
import Testing

/// Full-text search over published articles: French stems and accents, the query syntax, filters, ranking and
/// the errors a reader sees.
@Suite struct SearchTests {
    /// A network with a few articles written for these tests.
    static func network() async throws -> TestNetwork {
        let network = try await TestNetwork.make()
        try await network.publish(
            "La lutte contre le terrorisme au Sahel",
            body: "Les armées de la région coordonnent leurs efforts contre le terrorisme depuis Bamako.",
            tags: ["Sécurité"], at: TestNetwork.now.addingTimeInterval(-3 * 86_400))
        try await network.publish(
            "Le président Goïta reçoit les chefs coutumiers",
            body: "Le colonel Assimi Goïta a reçu à Koulouba les chefs coutumiers de Kidal.",
            authors: ["Moussa Traoré"], at: TestNetwork.now.addingTimeInterval(-2 * 86_400))
        try await network.publish(
            "Marché de Bamako : les prix du riz",
            body: "Les prix du riz montent au marché de Médina Coura. Les économies des ménages fondent.",
            tags: ["Économie"], at: Date(timeIntervalSince1970: 1_672_531_200 + 86_400))  // 2023
        try await network.publish(
            "Festival sur le Niger à Ségou",
            body: "Musiciens et danseurs sur les berges. Aucun rapport avec la sécurité ni les armées.",
            at: TestNetwork.now.addingTimeInterval(-86_400))
        let draft = ArticleDraft(
            siteSlug: network.site.slug, title: "Brouillon sur le terrorisme", bodyMarkdown: "Terroriste caché.",
            authorNames: ["Awa Diarra"])
        try await network.articles.save(draft)
        return network
    }

    func titles(_ network: TestNetwork, _ text: String, _ change: (inout SearchQuery) -> Void = { _ in }) async throws
        -> [String]
    {
        var query = try SearchQuery(text: text)
        change(&query)
        return try await network.store.search(query).items.map(\.article.title)
    }

    @Test func findsAcrossInflectionsAndAccents() async throws {
        let network = try await Self.network()
        #expect(try await titles(network, "terroriste") == ["La lutte contre le terrorisme au Sahel"])
        #expect(try await titles(network, "Goita") == ["Le président Goïta reçoit les chefs coutumiers"])
        #expect(try await titles(network, "GOÏTA") == ["Le président Goïta reçoit les chefs coutumiers"])
        #expect(try await titles(network, "économique") == ["Marché de Bamako : les prix du riz"])
        #expect(try await titles(network, "segou") == ["Festival sur le Niger à Ségou"])
    }

    @Test func phrasesExclusionsAndPrefixes() async throws {
        let network = try await Self.network()
        #expect(try await titles(network, "\"chefs coutumiers\"") == ["Le président Goïta reçoit les chefs coutumiers"])
        #expect(try await titles(network, "\"coutumiers chefs\"").isEmpty)
        #expect(Set(try await titles(network, "armées")) == [
            "La lutte contre le terrorisme au Sahel", "Festival sur le Niger à Ségou",
        ])
        #expect(try await titles(network, "armées -festival") == ["La lutte contre le terrorisme au Sahel"])
        #expect(try await titles(network, "armées -\"berges\"") == ["La lutte contre le terrorisme au Sahel"])
        #expect(try await titles(network, "coutu*") == ["Le président Goïta reçoit les chefs coutumiers"])
        #expect(try await titles(network, "Bamako riz") == ["Marché de Bamako : les prix du riz"])
    }

    @Test func titlesAndTagsOutrankTheBody() async throws {
        let network = try await Self.network()
        // "Bamako" is in one title and in another article's body: the title wins.
        #expect(try await titles(network, "Bamako") == [
            "Marché de Bamako : les prix du riz", "La lutte contre le terrorisme au Sahel",
        ])
        // A tag is searched: "sécurité" is a tag of the first, a body word of the last.
        #expect(try await titles(network, "sécurité").first == "La lutte contre le terrorisme au Sahel")
    }

    @Test func filtersBySiteTagAuthorAndYear() async throws {
        let network = try await Self.network()
        let siteID = network.site.id
        let other = try await SiteService(store: network.store).create(
            NewSite(slug: try Slug(validating: "autre"), title: "Autre blog"))
        try await network.publish("Bamako la nuit", body: "Bamako dort peu.", siteSlug: other.slug)
        #expect(try await titles(network, "Bamako").count == 3)
        #expect(try await titles(network, "Bamako") { $0.siteID = siteID }.count == 2)
        #expect(try await titles(network, "Bamako") { $0.siteID = other.id } == ["Bamako la nuit"])
        let tag = try #require(try await network.store.tag(siteID: siteID, slug: try Slug(validating: "economie")))
        #expect(try await titles(network, "Bamako") { $0.tagID = tag.id } == ["Marché de Bamako : les prix du riz"])
        let author = try #require(try await network.store.person(slug: try Slug(validating: "moussa-traore")))
        #expect(try await titles(network, "Kidal") { $0.personID = author.id } == [
            "Le président Goïta reçoit les chefs coutumiers",
        ])
        #expect(try await titles(network, "Bamako") { $0.year = 2023 } == ["Marché de Bamako : les prix du riz"])
        #expect(try await titles(network, "Bamako") { $0.year = 2021 }.isEmpty)
    }

    @Test func draftsUnpublishedAndRenamedTagsFollowTheIndex() async throws {
        let network = try await Self.network()
        #expect(try await titles(network, "caché").isEmpty, "drafts are not searchable")
        let article = try #require(try await network.store.publishedArticles(.network, page: PageRequest(number: 1)).items
            .first { $0.title.hasPrefix("Festival") })
        try await network.articles.save(ArticleDraft(
            id: article.id, siteSlug: network.site.slug, title: article.title, bodyMarkdown: "Retiré.",
            authorNames: ["Awa Diarra"], state: .draft))
        #expect(try await titles(network, "Ségou").isEmpty, "an unpublished article leaves the index")
        let siteID = network.site.id
        let tag = try #require(try await network.store.tag(siteID: siteID, slug: try Slug(validating: "securite")))
        try await network.store.write { tx in try await tx.renameTag(id: tag.id, name: "Défense", slug: Slug(rawValue: "defense")!) }
        #expect(try await titles(network, "défense") == ["La lutte contre le terrorisme au Sahel"])
    }

    @Test func snippetsMarkTheMatchedWords() async throws {
        let network = try await Self.network()
        let hit = try #require(try await network.store.search(SearchQuery(text: "riz")).items.first)
        #expect(hit.snippet.contains("\(SearchHit.highlightStart)riz\(SearchHit.highlightEnd)"))
    }

    @Test func paginates() async throws {
        let network = try await TestNetwork.make()
        for number in 1...12 {
            try await network.publish("Dépêche \(number) sur la pluie", at: TestNetwork.now.addingTimeInterval(Double(number)))
        }
        let first = try await network.store.search(SearchQuery(text: "pluie", page: PageRequest(number: 1, size: 5)))
        let third = try await network.store.search(SearchQuery(text: "pluie", page: PageRequest(number: 3, size: 5)))
        #expect(first.total == 12 && first.items.count == 5 && third.items.count == 2 && first.pageCount == 3)
    }

    /// Only the matches added last are ranked; the pages past them list the older matches, newest first, so that
    /// every page the count announces has its hits and no article shows twice.
    @Test func pagesPastTheRankedMatchesListTheOlderOnesNewestFirst() async throws {
        let network = try await TestNetwork.make()
        var ids: [Article.ID] = []
        for number in 1...12 {
            let article = try await network.publish(
                "Dépêche \(number) sur la pluie", at: TestNetwork.now.addingTimeInterval(Double(number)))
            ids.append(article.id)
        }
        let store = try #require(network.store as? SQLiteStore)
        func page(_ number: Int) async throws -> Page<SearchHit> {
            try await store.pool.read { db in
                try SearchIndex.search(
                    db, SearchQuery(text: "pluie", page: PageRequest(number: number, size: 5)), rankedMatches: 4)
            }
        }
        let pages = try await [page(1), page(2), page(3)]
        #expect(pages.allSatisfy { $0.total == 12 } && pages[0].pageCount == 3)
        #expect(pages.map(\.items.count) == [5, 5, 2])
        let shown = pages.flatMap { $0.items.map(\.article.id) }
        #expect(Set(shown) == Set(ids), "every match once")
        #expect(Set(shown.prefix(4)) == Set(ids.suffix(4)), "the four added last, ranked, first")
        #expect(Array(shown.dropFirst(4)) == Array(ids.prefix(8).reversed()), "then the older ones, newest first")
    }

    @Test(arguments: [
        ("", SearchError.empty), ("   ", .empty), ("\"Goïta", nil),
        ("-armée", nil), (String(repeating: "mot ", count: 60), nil), ("a b c d e f g h i j k l m n", nil),
    ] as [(String, SearchError?)])
    func refusesQueriesItCannotRun(_ text: String, _ expected: SearchError?) async throws {
        let network = try await Self.network()
        do {
            _ = try await network.store.search(SearchQuery(text: text))
            Issue.record("« \(text) » was run")
        } catch let error as SearchError {
            if let expected { #expect(error == expected) } else {
                #expect(error != .empty && !error.description.isEmpty)
            }
        }
    }

    @Test func nothingTypedIsFTS5Syntax() async throws {
        let network = try await Self.network()
        // "\u{0D4E}\"" is one Character (a prepended mark joins the quote) that Swift counts as a letter.
        for text in ["NEAR(riz prix)", "riz OR prix", "title:riz", "riz AND NOT prix", "^riz", "riz + prix", "(riz", "{riz}",
                     "\u{0D4E}\"", "riz \u{0D4E}\" OR prix", "site : kbsite1"] {
            _ = try await network.store.search(SearchQuery(text: text))  // never an FTS5 syntax error
        }
        #expect(try await titles(network, "riz OR festival").isEmpty, "OR is a word, and every word is required")
    }
}

/// ``SearchIndexing``: after an upgrade that makes the index anew, the published articles go back in, in batches
/// that a shutdown can stop and a later run takes up.
@Suite struct SearchIndexingTests {
    @Test func fillsAnEmptiedIndexInBatchesAndResumesAfterAShutdown() async throws {
        let network = try await SearchTests.network()
        for day in 1...6 {
            try await network.publish("Les avions du jour \(day)", body: "Des avions et des ordinateurs.",
                                      at: TestNetwork.now.addingTimeInterval(Double(-day) * 3_600))
        }
        let store = try #require(network.store as? SQLiteStore)
        let indexing = SearchIndexing(store: store)
        #expect(try await indexing.missingCount() == 0)
        #expect(try await indexing.indexMissingArticles() == 0, "nothing to do in a whole index")
        try await store.pool.write { db in try db.execute(sql: "DELETE FROM article_search; DELETE FROM search_term") }
        #expect(try await indexing.missingCount() == 10)

        // A shutdown after the second batch: the run stops there, having indexed the newest articles.
        let reports = Mutex<[Int]>([])
        let run = Task {
            try await indexing.indexMissingArticles(batchSize: 3) { done in
                reports.withLock { $0.append(done) }
                if done >= 6 { withUnsafeCurrentTask { $0?.cancel() } }
            }
        }
        await #expect(throws: CancellationError.self) { try await run.value }
        #expect(reports.withLock { $0 } == [3, 6])
        #expect(try await indexing.missingCount() == 4)
        let found = try await store.search(SearchQuery(text: "avion")).items.map(\.article.title)
        #expect(found.count == 6 && found.allSatisfy { $0.hasPrefix("Les avions du jour") }, "the newest first: \(found)")

        // The next run takes up what is left.
        #expect(try await indexing.indexMissingArticles(batchSize: 3) == 4)
        #expect(try await indexing.missingCount() == 0)
        #expect(try await store.search(SearchQuery(text: "terrorisme")).total == 1)
        #expect(try await store.search(SearchQuery(text: "ordinat*")).total == 6)
    }
}
