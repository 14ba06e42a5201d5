import Foundation
import Hummingbird
import HummingbirdTesting
import KibaruCore
import KibaruImport
import KibaruServices
import KibaruTesting
import Testing

/// On a network holding the demo content and the seed article: related articles under the article, entities
/// proposed as typed tags in the editor, LIRE AUSSI blocks proposed, inserted or refused.
@Suite struct EditorSuggestionTests {
    /// The demo network with the seed article imported into its first site; returns the network and the seed's id.
    static func demoWithSeed() async throws -> (TestNetwork, Article.ID) {
        let network = try await TestNetwork.demo()
        let text = try String(contentsOfFile: try #require(TestPaths.seedArticle), encoding: .utf8)
        let imported = try ScrapedPageParser(fileName: "article.txt").parse(text, site: network.site)
        let article = try await network.articles.importArticle(imported)
        return (network, article.id)
    }

    static let seedPath = "/bamako-chroniques/2024/02/29/lutte-contre-le-terrorisme-maliens-et-russes-a-pied-doeuvre/"

    @Test(.enabled(if: TestPaths.seedArticle != nil, "../shared/seed/article.txt is absent: skipped"))
    func theSeedArticleListsRelatedArticlesAndTheEditorProposesItsEntities() async throws {
        let (network, seedID) = try await Self.demoWithSeed()
        let admin = try await network.staff("Awa Admin", role: nil)
        try await network.application().test(.router) { client in
            let (status, _, page) = try await client.getPage(Self.seedPath, as: nil)
            #expect(status == .ok)
            let related = try #require(page.firstMatch(of: /<section class="related"[^>]*>(?s)(.*?)<\/section>/)).1
            let cards = related.components(separatedBy: #"<article class="card">"#).count - 1
            #expect((3...5).contains(cards), "\(cards) related articles")
            #expect(HTMLStructure.problems(in: page).isEmpty)

            let (_, _, editor) = try await client.getPage("/admin/articles/\(seedID)/", as: admin)
            let suggestions = try #require(editor.firstMatch(of: /<fieldset class="suggestions"(?s)(.*?)<\/fieldset>/)).1
            for (name, kind) in [
                ("Abdoulaye Diop", "Personne"), ("Sadio Camara", "Personne"), ("Sergueï Lavrov", "Personne"),
                ("Assimi Goïta", "Personne"), ("Moscou", "Lieu"), ("Kidal", "Lieu"), ("FAMa", "Organisation"),
                ("CEDEAO", "Organisation"), ("Minusma", "Organisation"),
            ] {
                #expect(suggestions.contains("<li>\(name) <small>(\(kind))</small>"), "\(name) proposed as \(kind)")
            }
            for word in ["Le", "Les", "Dans", "Selon", "Pour", "Article", "Partagez", "Commentaires", "LIRE"] {
                #expect(!suggestions.contains("<li>\(word) <small>"), "\(word) is not an entity")
            }
        }
    }

    @Test func acceptingAnEntityAddsATypedTagAndItsPage() async throws {
        let network = try await TestNetwork.make()
        let draft = try await network.articles.save(ArticleDraft(
            siteSlug: network.site.slug, title: "Visite à Kidal", bodyMarkdown: "Le colonel Assimi Goïta est arrivé à Kidal.",
            authorNames: ["Awa Diarra"]))
        let editor = try await network.staff("Ed Itor", role: .editor)
        let id = draft.id
        try await network.application().test(.router) { client in
            let fields = [("id", "\(id)"), ("version", "\(draft.version)"), ("site", "mali-actu"),
                          ("title", draft.title), ("body", draft.bodyMarkdown), ("authors", "Awa Diarra"), ("tags", "")]
            let (status, _, page) = try await client.postForm(
                "/admin/articles/suggestion/", fields + [("suggestion", "etiquette:Assimi Goïta")], as: editor)
            #expect(status == .ok)
            #expect(page.contains(#"name="tags" value="Assimi Goïta""#))
            #expect(try await network.store.article(id: id)?.tags.isEmpty == true, "nothing saved yet")
            let (saved, _, _) = try await client.postForm(
                "/admin/articles/publier/",
                [("id", "\(id)"), ("version", "\(draft.version)"), ("site", "mali-actu"), ("title", draft.title),
                 ("body", draft.bodyMarkdown), ("authors", "Awa Diarra"), ("tags", "Assimi Goïta")],
                as: editor)
            #expect(saved == .seeOther || saved == .found)
            let tag = try #require(try await network.store.tag(siteID: network.site.id, slug: Slug(rawValue: "assimi-goita")!))
            #expect(tag.kind == .person)
            let (_, _, tagPage) = try await client.getPage("/mali-actu/tag/assimi-goita/", as: nil)
            #expect(tagPage.contains("Personne\u{00A0}: Assimi Goïta"))
        }
    }

    @Test func readAlsoSuggestionsAreInsertedAtTheirParagraphOrRefused() async throws {
        let network = try await TestNetwork.make()
        let target = try await network.publish(
            "Les pêcheurs de Mopti face à la crue", body: "La crue du fleuve inquiète les pêcheurs de Mopti.",
            tags: ["Pêche"])
        try await network.publish("Concert à Ségou", body: "Une soirée de musique au bord du fleuve.")
        try await network.publish("Le prix du riz", body: "Le riz augmente au marché de Bamako.")
        let body = """
            Les élèves de Sikasso ont repris les cours lundi.

            À Mopti, les pêcheurs surveillent la crue du fleuve, qui menace leurs pirogues.

            Les parents d'élèves demandent plus d'enseignants.
            """
        let draft = try await network.articles.save(ArticleDraft(
            siteSlug: network.site.slug, title: "Rentrée scolaire et crue", bodyMarkdown: body, authorNames: ["Awa Diarra"]))
        let id = draft.id, targetID = target.id
        let editor = try await network.staff("Ed Itor", role: .editor)
        try await network.application().test(.router) { client in
            let (_, _, page) = try await client.getPage("/admin/articles/\(id)/", as: editor)
            #expect(page.contains("« Les pêcheurs de Mopti face à la crue » — après le paragraphe 2"))
            #expect(page.contains(#"value="lire-aussi:\#(targetID):1""#))

            let fields = [("id", "\(id)"), ("version", "\(draft.version)"), ("site", "mali-actu"),
                          ("title", draft.title), ("body", body), ("authors", "Awa Diarra")]
            let (_, _, inserted) = try await client.postForm(
                "/admin/articles/suggestion/", fields + [("suggestion", "lire-aussi:\(targetID):1")], as: editor)
            let textarea = try #require(inserted.firstMatch(of: /<textarea id="body" name="body">(?s)(.*?)<\/textarea>/)).1
            let expected = "menace leurs pirogues.\n\n::: lire-aussi\narticle: \(targetID)\n:::\n\nLes parents d"
            #expect(textarea.contains(expected), "\(textarea)")
            #expect(!inserted.contains(#"value="lire-aussi:\#(targetID):1""#), "a linked article is not proposed again")

            let (_, _, refused) = try await client.postForm(
                "/admin/articles/suggestion/", fields + [("suggestion", "refuser:\(targetID)")], as: editor)
            #expect(!refused.contains("lire-aussi:\(targetID):"))
            #expect(try await network.store.write { tx in try await tx.rejectedReadAlsoSuggestions(articleID: id) } == [targetID])
            let (_, _, later) = try await client.getPage("/admin/articles/\(id)/", as: editor)
            #expect(!later.contains("lire-aussi:\(targetID):"), "a refusal is remembered")

            let (forged, _, _) = try await client.postForm(
                "/admin/articles/suggestion/", fields + [("suggestion", "lire-aussi:x")], as: editor)
            #expect(forged == .badRequest)
            // Another site's article cannot be reached through this site's editor.
            let other = try await SiteService(store: network.store).create(
                NewSite(slug: try Slug(validating: "autre"), title: "Autre"))
            let foreign = try await network.publish("Ailleurs", siteSlug: other.slug)
            let (elsewhere, _, _) = try await client.postForm(
                "/admin/articles/suggestion/",
                [("id", "\(foreign.id)"), ("version", "1"), ("site", "mali-actu"), ("title", "x"), ("body", "x"),
                 ("authors", "x"), ("suggestion", "refuser:\(targetID)")], as: editor)
            #expect(elsewhere == .notFound)
            #expect(try await network.store.write { tx in try await tx.rejectedReadAlsoSuggestions(articleID: foreign.id) }.isEmpty)
            let (noToken, _, _) = try await client.postForm(
                "/admin/articles/suggestion/", fields + [("suggestion", "refuser:\(targetID)"), ("_csrf", "faux")],
                as: editor)
            #expect(noToken == .forbidden)
        }
    }

    @Test func publishingComputesRelatedArticlesBothWays() async throws {
        let network = try await TestNetwork.make()
        let first = try await network.publish(
            "La crue du Niger à Mopti", body: "Les pêcheurs de Mopti surveillent la crue du Niger.", tags: ["Fleuve"])
        try await network.publish("Le marché du riz", body: "Le riz est cher au marché.")
        try await network.publish("Football à Kayes", body: "Match nul au stade de Kayes.")
        let second = try await network.publish(
            "Mopti : la crue menace les pirogues", body: "La crue du Niger menace les pirogues des pêcheurs.", tags: ["Fleuve"])
        #expect(try await network.store.relatedArticles(articleID: second.id).first?.id == first.id)
        // The earlier article is compared again by the background worker, not while the editor waits.
        #expect(try await network.store.relatedArticles(articleID: first.id).isEmpty)
        #expect(try await network.articles.computePendingRelated() >= 1)
        #expect(try await network.articles.computePendingRelated() == 0, "nothing left: neighbours are not re-queued")
        #expect(try await network.store.relatedArticles(articleID: first.id).first?.id == second.id,
                "an earlier article lists the new one")
    }

    @Test func comparingOnSeveralSnapshotsGivesWhatOneGives() async throws {
        let network = try await TestNetwork.make()
        let subjects = ["crue du Niger à Mopti", "prix du riz au marché", "match de football à Kayes", "pluies à Ségou"]
        var ids: [Article.ID] = []
        for index in 0..<12 {
            let subject = subjects[index % subjects.count]
            ids.append(try await network.publish(
                "Article \(index) : \(subject)", body: "On parle encore de \(subject), semaine \(index).").id)
        }
        // Every article compared again: once on four snapshots at a time, once on one.
        func requeueAll() async throws {
            _ = try await network.store.write { [ids] tx in for id in ids { try await tx.markRelatedPending(articleID: id) } }
        }
        func relatedOfAll() async throws -> [[Article.ID]] {
            var all: [[Article.ID]] = []
            for id in ids { all.append(try await network.store.relatedArticles(articleID: id).map(\.id)) }
            return all
        }
        try await requeueAll()
        #expect(try await network.articles.computePendingRelated(limit: 50, parallel: 4) == ids.count)
        let parallel = try await relatedOfAll()
        try await requeueAll()
        #expect(try await network.articles.computePendingRelated(limit: 50, parallel: 1) == ids.count)
        #expect(try await relatedOfAll() == parallel)
        #expect(parallel.allSatisfy { !$0.isEmpty }, "each has neighbours on its subject")
        #expect(try await network.articles.computePendingRelated(limit: 50, parallel: 4) == 0)
    }
}
