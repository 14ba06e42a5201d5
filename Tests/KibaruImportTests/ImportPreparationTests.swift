import Foundation
import KibaruCore
@testable import KibaruImport
@testable import KibaruMarkdown
@testable import KibaruServices
import KibaruTesting
import KibaruText
import Synchronization
import Testing

/// The import's preparation ahead of its transactions: the hand-off between its two threads, and the guesses a
/// save uses only when they hold.
@Suite struct ImportPreparationTests {
    @Test func valuesArriveInOrderAndTheProducersErrorAfterThem() throws {
        let handOff = HandOff<Int>(capacity: 3)
        struct Broken: Error {}
        let producer = Thread {
            handOff.finish(Result {
                for value in 0..<1_000 { try handOff.put(value) }
                throw Broken()
            })
        }
        producer.start()
        var received: [Int] = []
        #expect(throws: Broken.self) {
            while let value = try handOff.take() { received.append(value) }
        }
        #expect(received == Array(0..<1_000))
    }

    @Test func aConsumerThatStopsStopsAWaitingProducer() throws {
        let handOff = HandOff<Int>(capacity: 2)
        let puts = Mutex(0)
        let producer = Thread {
            handOff.finish(Result {
                while true {
                    try handOff.put(1)
                    puts.withLock { $0 += 1 }
                }
            })
        }
        producer.start()
        #expect(try handOff.take() == 1)
        handOff.cancelAndWait()  // returns only once the producer has finished
        let count = puts.withLock { $0 }
        #expect(count <= 3, "the producer waited while the hand-off was full")
        #expect(throws: HandOff<Int>.Cancelled.self) { try handOff.put(2) }
    }

    @Test func aSaveUsesAGuessOnlyWhenItsInputIsTheSaves() async throws {
        let network = try await TestNetwork.make()
        let draft = ArticleDraft(
            siteSlug: network.site.slug, title: "Bamako sous la pluie",
            bodyMarkdown: "Il pleut sur Bamako ! Depuis hier, Bamako attend.", authorNames: ["Awa Diarra"],
            state: .published, publishedAt: TestNetwork.now)
        let blocks = try ArticleSource.parse(draft.bodyMarkdown)
        let rendered = ArticleRenderer().render(blocks, language: "fr") { _ in nil }
        let guessedRendering = RenderedArticle(
            html: "<p>rendu deviné</p>", text: "Texte deviné.", summaryText: "Texte deviné.", references: [])
        let exact = ArticlePrecomputation(
            source: draft.bodyMarkdown, blocks: blocks, storeFreeRendering: guessedRendering, leadImage: true,
            renderedHTML: guessedRendering.html, typesetHTML: "<p>deviné</p>",
            entityInput: ["Bamako sous la pluie", "", guessedRendering.text], foundEntities: [])
        let saved = try await network.store.write { tx in
            try await ArticleService.save(draft, in: tx, now: TestNetwork.now, precomputed: exact)
        }
        #expect(saved.bodyText == "Texte deviné.", "a guess whose input is the save's is used as it is")
        #expect(saved.bodyHTML == "<p>deviné</p>")
        #expect(try await network.store.entities(articleID: saved.id).isEmpty)

        var other = draft
        other.slug = Slug(rawValue: "autre")
        other.bodyMarkdown += " "
        let wrong = ArticlePrecomputation(
            source: draft.bodyMarkdown, blocks: blocks, storeFreeRendering: guessedRendering, leadImage: true,
            renderedHTML: "<p>Il pleut ! Hier.</p>", typesetHTML: "<p>deviné</p>",
            entityInput: ["Autre titre", "", rendered.text], foundEntities: [])
        let typeset = try await network.store.write { [other] tx in
            try await ArticleService.save(other, in: tx, now: TestNetwork.now, precomputed: wrong)
        }
        #expect(typeset.bodyText == rendered.text, "a guess made from another text is not")
        #expect(typeset.bodyHTML == FrenchTypography.html(rendered.html), "a guess made from another text is not")
        #expect(typeset.bodyHTML.contains("\u{202F}!"))
        let entities = try await network.store.entities(articleID: typeset.id)
        #expect(entities.map { $0.name }.contains("Bamako"), "found again: the guess's entities were for another text")
    }

    /// A guess that took the body's first image as the page's lead is not used for an article with a featured
    /// image: that image leads, and the body's load lazily.
    @Test func aGuessedRenderingKnowsWhichImageLeads() async throws {
        let network = try await TestNetwork.make()
        var draft = ArticleDraft(
            siteSlug: network.site.slug, title: "Au marché",
            bodyMarkdown: "Intro.\n\n::: figure\nimage: https://example.org/a.jpg\nalt: Un étal\n:::\n",
            authorNames: ["Awa Diarra"], state: .published, publishedAt: TestNetwork.now)
        let guess = try #require(ArticleService.precompute(draft, site: network.site))
        #expect(guess.rendering(of: draft.bodyMarkdown, leadImage: true) != nil)
        draft.featuredFigure = Figure(image: "https://example.org/une.jpg", alt: "La une")
        let saved = try await network.store.write { [draft] tx in
            try await ArticleService.save(draft, in: tx, now: TestNetwork.now, precomputed: guess)
        }
        #expect(saved.bodyHTML.contains(#"alt="Un étal" loading="lazy""#), "\(saved.bodyHTML)")
        let told = try #require(ArticleService.precompute(draft, site: network.site, hasFeaturedImage: true))
        #expect(told.rendering(of: draft.bodyMarkdown, leadImage: false) != nil)
    }

    @Test func aGuessedRenderingIsNotUsedForABodyWhoseReadAlsoTheStoreResolves() async throws {
        let network = try await TestNetwork.make()
        let target = try await network.publish("Kidal reconquis", at: TestNetwork.now)
        let draft = ArticleDraft(
            siteSlug: network.site.slug, title: "Le nord",
            bodyMarkdown: "Intro.\n\n::: lire-aussi\ntitle: Kidal reconquis\n:::\n", authorNames: ["Awa Diarra"],
            state: .published, publishedAt: TestNetwork.now.addingTimeInterval(60))
        let guess = try #require(ArticleService.precompute(draft, site: network.site))
        #expect(guess.rendering(of: draft.bodyMarkdown, leadImage: true) == nil)
        let saved = try await network.store.write { tx in
            try await ArticleService.save(draft, in: tx, now: TestNetwork.now, precomputed: guess)
        }
        #expect(saved.bodyHTML.contains("/\(target.slug.rawValue)/\""), "the LIRE AUSSI links to the published article")
        #expect(!saved.bodyHTML.contains("lire-aussi--attente"))
    }
}
