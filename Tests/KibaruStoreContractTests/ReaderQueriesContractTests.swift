import Foundation
import KibaruCore
import Testing

/// A site « sahel » with three people who write for it, for the reader queries' contracts.
private struct Newsroom {
    let store: any ContentStore & StaffStore
    let site: Site
    let awa: Person
    let moussa: Person
    let binta: Person

    init(_ subject: StoreUnderTest) async throws {
        store = try await subject.make()
        (site, awa, moussa, binta) = try await store.write { tx in
            (try await tx.insertSite(NewSite(slug: .of("sahel"), title: "Sahel")),
             try await tx.insertPerson(NewPerson(slug: .of("awa-diarra"), name: "Awa Diarra")),
             try await tx.insertPerson(NewPerson(slug: .of("moussa-keita"), name: "Moussa Keïta")),
             try await tx.insertPerson(NewPerson(slug: .of("binta-sow"), name: "Binta Sow")))
        }
    }

    var siteID: Site.ID { site.id }

    /// An article of the site published `minutes` after ``Instant/now`` (a draft has no date), by Awa unless told.
    func article(
        _ slug: String, minutes: Double, state: PublishState = .published, authors: [Person]? = nil,
        tags: [KibaruCore.Tag] = [], isPage: Bool = false, body: String = "Texte.", siteID: Site.ID? = nil
    ) -> NewArticle {
        NewArticle(
            siteID: siteID ?? self.siteID, slug: .of(slug), title: slug.capitalized, bodyMarkdown: body,
            bodyHTML: "<p>\(body)</p>", bodyText: body, state: state,
            publishedAt: state == .draft ? nil : Instant.minutes(minutes), authors: authors ?? [awa], tags: tags,
            createdAt: Instant.now, updatedAt: Instant.minutes(minutes), isPage: isPage)
    }

    func tag(_ slug: String, _ name: String) -> KibaruCore.NewTag {
        KibaruCore.NewTag(siteID: siteID, slug: .of(slug), name: name)
    }

    /// The site's listing's first card: its comment count is what readers see under the title.
    func firstCard() async throws -> ArticleSummary? {
        try await store.publishedArticles(.site(siteID), page: PageRequest(number: 1)).items.first
    }

    /// Noon (UTC) of a day: well inside its year in every time zone.
    static func noon(_ year: Int, _ month: Int, _ day: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12))!
    }
}

/// Slugs of a page of cards, in order.
private func slugs(_ page: Page<ArticleSummary>) -> [String] { page.items.map(\.slug.rawValue) }

/// ``ContentStore``'s reader queries, what the public pages read: listings, article pages, feeds and sitemaps,
/// tags and authors in use, publication years, lookups by address, approved comments and their counts.
@Suite struct ReaderQueriesContract {}

extension ReaderQueriesContract {
    /// ``ContentStore``'s listings: published articles only (no drafts, no pages), newest first, a page at a time,
    /// with the listing's true total; an article that leaves the published state leaves every listing.
    @Suite struct Listings {
        @Test(arguments: StoreUnderTest.all)
        func listingsHoldPublishedArticlesNewestFirstWithTheirTotals(_ subject: StoreUnderTest) async throws {
            let room = try await Newsroom(subject)
            let (climatID, otherSiteID) = try await room.store.write { tx in
                let climat = try await tx.insertTag(room.tag("climat", "Climat"))
                let other = try await tx.insertSite(NewSite(slug: .of("autre"), title: "Autre"))
                let niger = ArticleEntity(slug: .of("niger"), name: "Niger", kind: .place, mentions: 2)
                let puits = try await tx.insertArticle(room.article("puits", minutes: -50, tags: [climat]))
                _ = try await tx.insertArticle(room.article("marche", minutes: -40, authors: [room.moussa]))
                _ = try await tx.insertArticle(room.article("ecole", minutes: -30, tags: [climat]))
                let fleuve = try await tx.insertArticle(room.article("fleuve", minutes: -20))
                _ = try await tx.insertArticle(room.article("recolte", minutes: -10, authors: [room.moussa]))
                let draft = try await tx.insertArticle(
                    room.article("brouillon", minutes: -8, state: .draft, authors: [room.moussa], tags: [climat]))
                let page = try await tx.insertArticle(room.article("a-propos", minutes: -5, tags: [climat], isPage: true))
                _ = try await tx.insertArticle(room.article("ailleurs", minutes: -15, siteID: other.id))
                for id in [puits.id, fleuve.id, draft.id, page.id] { try await tx.setEntities([niger], articleID: id) }
                return (climat.id, other.id)
            }
            let store = room.store
            let first = try await store.publishedArticles(.site(room.siteID), page: PageRequest(number: 1, size: 2))
            let second = try await store.publishedArticles(.site(room.siteID), page: PageRequest(number: 2, size: 2))
            let third = try await store.publishedArticles(.site(room.siteID), page: PageRequest(number: 3, size: 2))
            #expect(slugs(first) == ["recolte", "fleuve"] && slugs(second) == ["ecole", "marche"] && slugs(third) == ["puits"])
            #expect([first.total, second.total, third.total] == [Int](repeating: 5, count: 3), "neither the draft nor the page is counted")
            #expect(first.hasNext && !third.hasNext && third.pageCount == 3)

            let network = try await store.publishedArticles(.network, page: PageRequest(number: 1))
            #expect(slugs(network) == ["recolte", "ailleurs", "fleuve", "ecole", "marche", "puits"] && network.total == 6)
            let tagged = try await store.publishedArticles(.tag(climatID), page: PageRequest(number: 1))
            #expect(slugs(tagged) == ["ecole", "puits"] && tagged.total == 2)
            let byAwa = try await store.publishedArticles(
                .author(siteID: room.siteID, personID: room.awa.id), page: PageRequest(number: 1))
            #expect(slugs(byAwa) == ["fleuve", "ecole", "puits"] && byAwa.total == 3, "the other site's article is not here")
            let byMoussa = try await store.publishedArticles(
                .author(siteID: room.siteID, personID: room.moussa.id), page: PageRequest(number: 1))
            #expect(slugs(byMoussa) == ["recolte", "marche"] && byMoussa.total == 2)
            let mentioning = try await store.publishedArticles(
                .entity(siteID: room.siteID, slug: .of("niger")), page: PageRequest(number: 1))
            #expect(slugs(mentioning) == ["fleuve", "puits"] && mentioning.total == 2)
            let elsewhere = try await store.publishedArticles(.site(otherSiteID), page: PageRequest(number: 1))
            #expect(slugs(elsewhere) == ["ailleurs"] && elsewhere.total == 1)
        }

        @Test(arguments: StoreUnderTest.all)
        func windowsSliceListingsByDatesAndAfterAnArticleWithTiesKeptInOrder(_ subject: StoreUnderTest) async throws {
            let room = try await Newsroom(subject)
            let (climatID, ids) = try await room.store.write { tx in
                let climat = try await tx.insertTag(room.tag("climat", "Climat"))
                var ids: [String: Article.ID] = [:]
                // « ecole » and « jumeau » are published at the same instant: the larger id comes first.
                let plan: [(String, Double, [KibaruCore.Tag])] = [
                    ("puits", -50, [climat]), ("marche", -40, []), ("ecole", -30, [climat]), ("jumeau", -30, [climat]),
                    ("fleuve", -20, []), ("recolte", -10, [climat]),
                ]
                for (slug, minutes, tags) in plan {
                    ids[slug] = try await tx.insertArticle(room.article(slug, minutes: minutes, tags: tags)).id
                }
                _ = try await tx.insertArticle(room.article("brouillon", minutes: -5, state: .draft, tags: [climat]))
                return (climat.id, ids)
            }
            let store = room.store
            let names = { (summaries: [ArticleSummary]) in summaries.map(\.slug.rawValue) }
            let twins = ids["ecole"]!.rawValue < ids["jumeau"]!.rawValue ? ["jumeau", "ecole"] : ["ecole", "jumeau"]
            let all = try await store.publishedArticles(.site(room.siteID), window: ListingWindow(limit: 100))
            #expect(names(all) == ["recolte", "fleuve"] + twins + ["marche", "puits"])
            // Walking by the last article of each slice gives every article once, ties included.
            var walked: [String] = []
            var after: Article.ID?
            while true {
                let slice = try await store.publishedArticles(.site(room.siteID), window: ListingWindow(after: after, limit: 2))
                guard let last = slice.last else { break }
                walked += names(slice)
                after = last.id
            }
            #expect(walked == names(all))
            let dated = try await store.publishedArticles(.site(room.siteID), window: ListingWindow(
                publishedFrom: Instant.minutes(-40), publishedBefore: Instant.minutes(-20), limit: 100))
            #expect(names(dated) == twins + ["marche"], "from inclusive, before exclusive")
            let tagged = try await store.publishedArticles(.tag(climatID), window: ListingWindow(after: ids[twins[0]], limit: 100))
            #expect(names(tagged) == [twins[1], "puits"], "a tag's listing continues after the same article")
            let network = try await store.publishedArticles(.network, window: ListingWindow(
                publishedBefore: Instant.minutes(-15), after: ids["fleuve"], limit: 1))
            #expect(names(network) == [twins[0]])
        }

        @Test(arguments: StoreUnderTest.all)
        func anArticleTurnedBackIntoADraftLeavesTheListingsAndTheirTotals(_ subject: StoreUnderTest) async throws {
            let room = try await Newsroom(subject)
            let recolte = try await room.store.write { tx in
                _ = try await tx.insertArticle(room.article("marche", minutes: -40, authors: [room.moussa]))
                _ = try await tx.insertArticle(room.article("fleuve", minutes: -20))
                return try await tx.insertArticle(room.article("recolte", minutes: -10, authors: [room.moussa]))
            }
            let byMoussa = ArticleListing.author(siteID: room.siteID, personID: room.moussa.id)
            let before = try await room.store.publishedArticles(.site(room.siteID), page: PageRequest(number: 1))
            #expect(slugs(before) == ["recolte", "fleuve", "marche"] && before.total == 3)

            try await room.store.write { tx in
                var draft = recolte
                draft.state = .draft
                _ = try await tx.updateArticle(draft)
            }
            let site = try await room.store.publishedArticles(.site(room.siteID), page: PageRequest(number: 1))
            let network = try await room.store.publishedArticles(.network, page: PageRequest(number: 1))
            let author = try await room.store.publishedArticles(byMoussa, page: PageRequest(number: 1))
            #expect(slugs(site) == ["fleuve", "marche"] && site.total == 2)
            #expect(slugs(network) == ["fleuve", "marche"] && network.total == 2)
            #expect(slugs(author) == ["marche"] && author.total == 1)
            #expect(try await room.store.articlePage(siteID: room.siteID, slug: .of("recolte")) == nil)
        }
    }

    /// ``ContentStore/articlePage(siteID:slug:)`` and what it gathers: the article with its bylines and tags in
    /// order, its approved comments oldest first, its related articles that are published in the order stored, the
    /// entities it mentions most mentioned first; nothing for a draft.
    @Suite struct ArticlePage {
        @Test(arguments: StoreUnderTest.all)
        func anArticlePageGathersWhatReadersSee(_ subject: StoreUnderTest) async throws {
            let room = try await Newsroom(subject)
            let crueID = try await room.store.write { tx in
                let fleuve = try await tx.insertTag(room.tag("fleuve", "Fleuve"))
                let climat = try await tx.insertTag(room.tag("climat", "Climat"))
                var crue = room.article(
                    "crue", minutes: -5, authors: [room.awa, room.moussa], tags: [fleuve, climat],
                    body: "Le Niger est sorti de son lit à Bamako.")
                crue.title = "La crue du Niger"
                let id = try await tx.insertArticle(crue).id
                let older = try await tx.insertArticle(room.article("pluies", minutes: -30))
                let newer = try await tx.insertArticle(room.article("secheresse", minutes: -20))
                let draft = try await tx.insertArticle(room.article("inedit", minutes: -10, state: .draft))
                try await tx.setRelatedArticles([newer.id, draft.id, older.id], articleID: id)
                try await tx.setEntities([
                    ArticleEntity(slug: .of("niger"), name: "Niger", kind: .place, mentions: 2),
                    ArticleEntity(slug: .of("bamako"), name: "Bamako", kind: .place, mentions: 5),
                    ArticleEntity(slug: .of("cedeao"), name: "CEDEAO", kind: .organisation, mentions: 3),
                ], articleID: id)
                let comments: [(minutes: Double, status: CommentStatus, body: String)] = [
                    (3, .approved, "Troisième."), (1, .approved, "Premier."), (2, .pending, "En attente."),
                    (4, .spam, "Casino gratuit."),
                ]
                for (minutes, status, body) in comments {
                    _ = try await tx.insertComment(KibaruCore.NewComment(
                        articleID: id, authorName: "Lecteur", body: body, createdAt: Instant.minutes(minutes), status: status))
                }
                return id
            }
            let page = try #require(try await room.store.articlePage(siteID: room.siteID, slug: .of("crue")))
            #expect(page.article.id == crueID && page.article.title == "La crue du Niger")
            #expect(page.article.bodyHTML == "<p>Le Niger est sorti de son lit à Bamako.</p>")
            #expect(page.article.authors.map(\.name) == ["Awa Diarra", "Moussa Keïta"])
            #expect(page.article.tags.map(\.name) == ["Fleuve", "Climat"], "in the order given, not by name")
            #expect(page.comments.map(\.body) == ["Premier.", "Troisième."], "approved only, oldest first")
            #expect(page.related.map(\.slug.rawValue) == ["secheresse", "pluies"], "published only, in the stored order")
            #expect(page.entities.map(\.slug.rawValue) == ["bamako", "cedeao", "niger"])
            #expect(page.entities.map(\.mentions) == [5, 3, 2])
            #expect(page.entities.map(\.kind) == [.place, .organisation, .place])

            // The same parts read one by one.
            #expect(try await room.store.relatedArticles(articleID: crueID).map(\.slug.rawValue) == ["secheresse", "pluies"])
            #expect(try await room.store.entities(articleID: crueID).first?.name == "Bamako")
            #expect(try await room.store.publishedArticle(siteID: room.siteID, slug: .of("crue"))?.tags.count == 2)
        }

        @Test(arguments: StoreUnderTest.all)
        func aDraftOrAnUnknownSlugHasNoPage(_ subject: StoreUnderTest) async throws {
            let room = try await Newsroom(subject)
            try await room.store.write { tx in
                _ = try await tx.insertArticle(room.article("inedit", minutes: -10, state: .draft))
                _ = try await tx.insertArticle(room.article("programme", minutes: 60, state: .scheduled))
            }
            #expect(try await room.store.articlePage(siteID: room.siteID, slug: .of("inedit")) == nil)
            #expect(try await room.store.articlePage(siteID: room.siteID, slug: .of("programme")) == nil)
            #expect(try await room.store.articlePage(siteID: room.siteID, slug: .of("inconnu")) == nil)
            #expect(try await room.store.publishedArticle(siteID: room.siteID, slug: .of("inedit")) == nil)
        }
    }

    /// Feeds and sitemaps: feed entries carry the body and the tags of the newest published articles (no pages);
    /// stamps list every published article of a site, pages included, newest first.
    @Suite struct FeedsAndSitemaps {
        @Test(arguments: StoreUnderTest.all)
        func feedEntriesCarryBodiesAndTagsAndStampsListEveryPublishedArticle(_ subject: StoreUnderTest) async throws {
            let room = try await Newsroom(subject)
            let climatID = try await room.store.write { tx in
                let climat = try await tx.insertTag(room.tag("climat", "Climat"))
                let fleuve = try await tx.insertTag(room.tag("fleuve", "Fleuve"))
                _ = try await tx.insertArticle(room.article("un", minutes: -30, tags: [climat], body: "Premier texte."))
                _ = try await tx.insertArticle(room.article("deux", minutes: -20, tags: [fleuve, climat], body: "Deuxième texte."))
                _ = try await tx.insertArticle(room.article("trois", minutes: -10, body: "Troisième texte."))
                _ = try await tx.insertArticle(room.article("quatre", minutes: -5, state: .draft, tags: [climat]))
                _ = try await tx.insertArticle(room.article("contact", minutes: -1, isPage: true, body: "Écrivez-nous."))
                return climat.id
            }
            let newest = try await room.store.feedEntries(.site(room.siteID), limit: 2)
            #expect(newest.map(\.summary.slug.rawValue) == ["trois", "deux"])
            #expect(newest.map(\.bodyHTML) == ["<p>Troisième texte.</p>", "<p>Deuxième texte.</p>"])
            #expect(newest.map { $0.tags.map(\.name) } == [[], ["Fleuve", "Climat"]])
            #expect(newest.first?.updatedAt == Instant.minutes(-10))
            let tagged = try await room.store.feedEntries(.tag(climatID), limit: 10)
            #expect(tagged.map(\.summary.slug.rawValue) == ["deux", "un"])
            #expect(tagged.last?.tags.map(\.name) == ["Climat"] && tagged.last?.bodyHTML == "<p>Premier texte.</p>")

            let stamps = try await room.store.articleStamps(siteID: room.siteID)
            #expect(stamps.map(\.slug.rawValue) == ["contact", "trois", "deux", "un"], "pages are in sitemaps, drafts are not")
            #expect(stamps.first?.publishedAt == Instant.minutes(-1) && stamps.last?.updatedAt == Instant.minutes(-30))
            #expect(stamps.last?.title == "Un")
            #expect(try await room.store.articleStampCount(siteID: room.siteID) == stamps.count)
        }
    }

    /// ``ContentStore/tagsInUse(siteID:limit:)`` and ``ContentStore/authorsInUse(siteID:limit:)``: only what published
    /// articles (not pages, not drafts) carry, with the newest of their dates; the most used first when limited, by
    /// slug otherwise.
    @Suite struct TagsAndAuthorsInUse {
        @Test(arguments: StoreUnderTest.all)
        func tagsAndAuthorsInUseCountPublishedArticlesOnly(_ subject: StoreUnderTest) async throws {
            let room = try await Newsroom(subject)
            let (awa, moussa, binta) = (room.awa, room.moussa, room.binta)
            try await room.store.write { tx in
                let climat = try await tx.insertTag(room.tag("climat", "Climat"))
                let fleuve = try await tx.insertTag(room.tag("fleuve", "Fleuve"))
                let sante = try await tx.insertTag(room.tag("sante", "Santé"))
                let vide = try await tx.insertTag(room.tag("vide", "Vide"))
                _ = try await tx.insertArticle(room.article("a", minutes: -50, authors: [awa], tags: [climat]))
                _ = try await tx.insertArticle(room.article("b", minutes: -45, authors: [binta], tags: [fleuve]))
                _ = try await tx.insertArticle(room.article("c", minutes: -40, authors: [binta], tags: [climat]))
                _ = try await tx.insertArticle(room.article("d", minutes: -30, authors: [moussa], tags: [sante]))
                _ = try await tx.insertArticle(room.article("e", minutes: -20, authors: [awa, binta], tags: [sante]))
                _ = try await tx.insertArticle(room.article("f", minutes: -10, authors: [binta], tags: [climat]))
                _ = try await tx.insertArticle(
                    room.article("g", minutes: -5, state: .draft, authors: [moussa, awa], tags: [vide, climat]))
                _ = try await tx.insertArticle(
                    room.article("h", minutes: -1, authors: [moussa, awa], tags: [sante], isPage: true))
            }
            let tags = try await room.store.tagsInUse(siteID: room.siteID, limit: nil)
            #expect(tags.map(\.tag.slug.rawValue) == ["climat", "fleuve", "sante"], "by slug; « vide » is on a draft only")
            #expect(tags.map(\.lastPublished) == [Instant.minutes(-10), Instant.minutes(-45), Instant.minutes(-20)],
                    "the page published later does not count")
            let mostUsedTags = try await room.store.tagsInUse(siteID: room.siteID, limit: 2)
            #expect(mostUsedTags.map(\.tag.slug.rawValue) == ["climat", "sante"])

            let authors = try await room.store.authorsInUse(siteID: room.siteID, limit: nil)
            #expect(authors.map(\.person.slug.rawValue) == ["awa-diarra", "binta-sow", "moussa-keita"])
            #expect(authors.map(\.lastPublished) == [Instant.minutes(-20), Instant.minutes(-10), Instant.minutes(-30)],
                    "the draft and the page signed later do not count")
            let mostPublished = try await room.store.authorsInUse(siteID: room.siteID, limit: 2)
            #expect(mostPublished.map(\.person.slug.rawValue) == ["binta-sow", "awa-diarra"])
        }
    }

    /// ``ContentStore/publicationYears(siteID:)``: the years of published articles (not drafts, not pages), newest
    /// first, for a site or the whole network.
    @Suite struct PublicationYears {
        @Test(arguments: StoreUnderTest.all)
        func publicationYearsAreListedNewestFirstForASiteAndTheNetwork(_ subject: StoreUnderTest) async throws {
            let room = try await Newsroom(subject)
            let otherID = try await room.store.write { tx in
                let other = try await tx.insertSite(NewSite(slug: .of("autre"), title: "Autre")).id
                let dated: [(String, Date, PublishState, Bool, Site.ID)] = [
                    ("juin-2022", Newsroom.noon(2022, 6, 15), .published, false, room.siteID),
                    ("mars-2024", Newsroom.noon(2024, 3, 10), .published, false, room.siteID),
                    ("novembre-2024", Newsroom.noon(2024, 11, 20), .published, false, room.siteID),
                    ("brouillon-2021", Newsroom.noon(2021, 5, 5), .draft, false, room.siteID),
                    ("page-2020", Newsroom.noon(2020, 1, 15), .published, true, room.siteID),
                    ("juillet-2023", Newsroom.noon(2023, 7, 1), .published, false, other),
                ]
                for (slug, date, state, isPage, siteID) in dated {
                    var article = room.article(slug, minutes: 0, state: state, isPage: isPage, siteID: siteID)
                    article.publishedAt = date  // a draft keeps a date here: its state alone keeps it out
                    _ = try await tx.insertArticle(article)
                }
                return other
            }
            #expect(try await room.store.publicationYears(siteID: room.siteID) == [2024, 2022])
            #expect(try await room.store.publicationYears(siteID: otherID) == [2023])
            #expect(try await room.store.publicationYears(siteID: nil) == [2024, 2023, 2022])
        }
    }

    /// Lookups by address: a site by its host (whatever its case), an imported site's old address, and an entity
    /// mentioned by the site's published articles.
    @Suite struct AddressLookups {
        @Test(arguments: StoreUnderTest.all)
        func aSiteIsFoundByItsHostWhateverItsCase(_ subject: StoreUnderTest) async throws {
            let store = try await subject.make()
            try await store.write { tx in
                _ = try await tx.insertSite(NewSite(slug: .of("bamako"), title: "Bamako", host: "bamako.example.org"))
                _ = try await tx.insertSite(NewSite(slug: .of("sans-hote"), title: "Sans hôte"))
            }
            #expect(try await store.site(host: "bamako.example.org")?.slug == .of("bamako"))
            #expect(try await store.site(host: "Bamako.Example.ORG")?.slug == .of("bamako"))
            #expect(try await store.site(host: "mopti.example.org") == nil)
        }

        @Test(arguments: StoreUnderTest.all)
        func anOldAddressLeadsToItsTargetOnItsOwnSite(_ subject: StoreUnderTest) async throws {
            let room = try await Newsroom(subject)
            let otherID = try await room.store.write { tx in
                try await tx.setLegacyRedirect(siteID: room.siteID, path: "/?p=42", target: "/sahel/crue/")
                try await tx.setLegacyRedirect(siteID: room.siteID, path: "/category/climat/", target: "/sahel/tag/climat/")
                return try await tx.insertSite(NewSite(slug: .of("autre"), title: "Autre")).id
            }
            #expect(try await room.store.legacyRedirect(siteID: room.siteID, path: "/?p=42") == "/sahel/crue/")
            #expect(try await room.store.legacyRedirect(siteID: room.siteID, path: "/category/climat/") == "/sahel/tag/climat/")
            #expect(try await room.store.legacyRedirect(siteID: room.siteID, path: "/?p=43") == nil)
            #expect(try await room.store.legacyRedirect(siteID: otherID, path: "/?p=42") == nil)
        }

        @Test(arguments: StoreUnderTest.all)
        func anEntityIsNamedAsTheArticleThatMentionsItMostNamesIt(_ subject: StoreUnderTest) async throws {
            let room = try await Newsroom(subject)
            let otherID = try await room.store.write { tx in
                let other = try await tx.insertSite(NewSite(slug: .of("autre"), title: "Autre")).id
                let mentions: [(String, PublishState, Site.ID, [ArticleEntity])] = [
                    ("marche", .published, room.siteID, [
                        ArticleEntity(slug: .of("bamako"), name: "Bamako (Mali)", kind: .place, mentions: 2),
                    ]),
                    ("capitale", .published, room.siteID, [
                        ArticleEntity(slug: .of("bamako"), name: "Bamako", kind: .place, mentions: 5),
                        ArticleEntity(slug: .of("mopti"), name: "Mopti", kind: .place, mentions: 1),
                    ]),
                    ("inedit", .draft, room.siteID, [ArticleEntity(slug: .of("kidal"), name: "Kidal", kind: .place, mentions: 9)]),
                    ("ailleurs", .published, other, [ArticleEntity(slug: .of("segou"), name: "Ségou", kind: .place, mentions: 3)]),
                ]
                for (slug, state, siteID, entities) in mentions {
                    let article = try await tx.insertArticle(room.article(slug, minutes: -10, state: state, siteID: siteID))
                    try await tx.setEntities(entities, articleID: article.id)
                }
                return other
            }
            let bamako = try await room.store.entity(siteID: room.siteID, slug: .of("bamako"))
            #expect(bamako == ArticleEntity(slug: .of("bamako"), name: "Bamako", kind: .place, mentions: 5))
            #expect(try await room.store.entity(siteID: room.siteID, slug: .of("mopti"))?.name == "Mopti")
            #expect(try await room.store.entity(siteID: room.siteID, slug: .of("kidal")) == nil, "only a draft mentions it")
            #expect(try await room.store.entity(siteID: room.siteID, slug: .of("segou")) == nil, "another site's")
            #expect(try await room.store.entity(siteID: otherID, slug: .of("segou"))?.name == "Ségou")
        }
    }

    /// Approved comments: readers see the approved ones only, oldest first, and a card's comment count follows
    /// every approval and every withdrawal.
    @Suite struct ApprovedComments {
        @Test(arguments: StoreUnderTest.all)
        func theCommentCountFollowsApprovalsAndWithdrawals(_ subject: StoreUnderTest) async throws {
            let room = try await Newsroom(subject)
            let (articleID, pendingID) = try await room.store.write { tx in
                let article = try await tx.insertArticle(room.article("crue", minutes: -10))
                let pending = try await tx.insertComment(KibaruCore.NewComment(
                    articleID: article.id, authorName: "Moussa", body: "Merci pour l’article.", createdAt: Instant.minutes(1),
                    status: .pending))
                return (article.id, pending.id)
            }
            #expect(try await room.firstCard()?.commentCount == 0)
            #expect(try await room.store.approvedComments(articleID: articleID).isEmpty)

            try await room.store.write { tx in
                var approved = try #require(try await tx.comment(id: pendingID))
                approved.status = .approved
                try await tx.updateComment(approved)
                _ = try await tx.insertComment(KibaruCore.NewComment(
                    articleID: articleID, authorName: "Awa", body: "Le fleuve monte encore.", createdAt: Instant.minutes(2),
                    status: .approved))
            }
            #expect(try await room.firstCard()?.commentCount == 2)
            #expect(try await room.store.approvedComments(articleID: articleID).map(\.body)
                    == ["Merci pour l’article.", "Le fleuve monte encore."])

            try await room.store.write { tx in
                var withdrawn = try #require(try await tx.comment(id: pendingID))
                withdrawn.status = .trash
                try await tx.updateComment(withdrawn)
            }
            #expect(try await room.firstCard()?.commentCount == 1)
            #expect(try await room.store.approvedComments(articleID: articleID).map(\.body) == ["Le fleuve monte encore."])
            #expect(try await room.store.articlePage(siteID: room.siteID, slug: .of("crue"))?.comments.count == 1)
        }
    }
}
