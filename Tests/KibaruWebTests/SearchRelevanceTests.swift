import Foundation
import KibaruApp
import KibaruCore
import KibaruImport
import KibaruServices
import KibaruTesting
import Testing

/// What a reader types and the articles a search must show in its first results, written for the demo network
/// (`Resources/demo/`) and the seed article (`../shared/seed/article.txt`, when present).
struct RelevanceQuery: CustomTestStringConvertible, Sendable {
    let text: String
    /// Titles (their start) of the articles that must all be in the first `max(3, count)` results.
    let finds: [String]
    /// The title (its start) that must come first, when one article is clearly the best.
    let first: String?
    init(_ text: String, finds: [String], first: String? = nil) {
        self.text = text
        self.finds = finds
        self.first = first
    }

    var testDescription: String { "« \(text) »" }
}

/// The demo's articles and the seed, by the start of their titles.
private enum Demo {
    static let niger = "Au bord du Niger"
    static let cyber = "Au cybercafé du quartier"
    static let plage = "Sur la plage des pêcheurs"
    static let marche = "Le marché du samedi"
    static let coder = "Apprendre à coder"
    static let terrain = "Dimanche au terrain"
    static let baobab = "Sous le baobab"
    static let capteurs = "Des capteurs solaires"
    static let ecole = "Une école de quartier"
    static let seed = "Lutte contre le terrorisme"
}

@Suite(.serialized) struct SearchRelevanceTests {
    static let queries: [RelevanceQuery] = [
        // Words as typed, singular or plural, with or without accents.
        RelevanceQuery("ordinateur", finds: [Demo.cyber], first: Demo.cyber),
        RelevanceQuery("ordinateurs", finds: [Demo.cyber], first: Demo.cyber),
        RelevanceQuery("cybercafé", finds: [Demo.cyber], first: Demo.cyber),
        RelevanceQuery("cybercafe", finds: [Demo.cyber], first: Demo.cyber),
        RelevanceQuery("réparer les ordinateurs", finds: [Demo.cyber], first: Demo.cyber),
        RelevanceQuery("pirogue", finds: [Demo.plage, Demo.niger], first: Demo.plage),
        RelevanceQuery("pirogues", finds: [Demo.plage, Demo.niger], first: Demo.plage),
        RelevanceQuery("pêcheurs", finds: [Demo.plage, Demo.niger]),
        RelevanceQuery("pecheur", finds: [Demo.plage, Demo.niger]),
        RelevanceQuery("fleuve Niger", finds: [Demo.niger], first: Demo.niger),
        RelevanceQuery("poisson fumé", finds: [Demo.niger], first: Demo.niger),
        RelevanceQuery("marché", finds: [Demo.marche], first: Demo.marche),
        RelevanceQuery("négociation", finds: [Demo.marche], first: Demo.marche),
        RelevanceQuery("tissus wax", finds: [Demo.marche], first: Demo.marche),
        RelevanceQuery("théâtre", finds: [Demo.marche], first: Demo.marche),
        RelevanceQuery("coder", finds: [Demo.coder], first: Demo.coder),
        RelevanceQuery("programmation", finds: [Demo.coder], first: Demo.coder),
        RelevanceQuery("téléphone", finds: [Demo.coder]),
        RelevanceQuery("football", finds: [Demo.terrain], first: Demo.terrain),
        RelevanceQuery("lutte traditionnelle", finds: [Demo.terrain], first: Demo.terrain),
        RelevanceQuery("lutteurs", finds: [Demo.terrain], first: Demo.terrain),
        RelevanceQuery("baobab", finds: [Demo.baobab, Demo.ecole], first: Demo.baobab),
        RelevanceQuery("contes", finds: [Demo.baobab], first: Demo.baobab),
        RelevanceQuery("conteur", finds: [Demo.baobab], first: Demo.baobab),
        RelevanceQuery("hyène", finds: [Demo.baobab], first: Demo.baobab),
        RelevanceQuery("capteurs", finds: [Demo.capteurs], first: Demo.capteurs),
        RelevanceQuery("pollution", finds: [Demo.capteurs], first: Demo.capteurs),
        RelevanceQuery("qualité de l’air", finds: [Demo.capteurs], first: Demo.capteurs),
        RelevanceQuery("\"particules fines\"", finds: [Demo.capteurs], first: Demo.capteurs),
        RelevanceQuery("panneau solaire", finds: [Demo.capteurs], first: Demo.capteurs),
        RelevanceQuery("école", finds: [Demo.ecole], first: Demo.ecole),
        RelevanceQuery("arbres", finds: [Demo.ecole], first: Demo.ecole),
        RelevanceQuery("photosynthèse", finds: [Demo.ecole], first: Demo.ecole),
        RelevanceQuery("« saison sèche »", finds: [Demo.niger, Demo.capteurs]),
        // Prefixes, compared with the words as written (stems are shorter: `ordin`, `programm`).
        RelevanceQuery("ordinat*", finds: [Demo.cyber], first: Demo.cyber),
        RelevanceQuery("ordi*", finds: [Demo.cyber], first: Demo.cyber),
        RelevanceQuery("programmat*", finds: [Demo.coder], first: Demo.coder),
        RelevanceQuery("photosynth*", finds: [Demo.ecole], first: Demo.ecole),
        RelevanceQuery("cyber*", finds: [Demo.cyber], first: Demo.cyber),
        RelevanceQuery("arène*", finds: [Demo.terrain], first: Demo.terrain),
        // Tags.
        RelevanceQuery("numérique", finds: [Demo.cyber, Demo.coder, Demo.capteurs]),
        RelevanceQuery("environnement", finds: [Demo.capteurs, Demo.ecole]),
    ]

    /// Queries that need the seed article: « avions » is a form of *avoir* too, and must not vanish from the index.
    static let seedQueries: [RelevanceQuery] = [
        RelevanceQuery("avion", finds: [Demo.seed], first: Demo.seed),
        RelevanceQuery("avions", finds: [Demo.seed], first: Demo.seed),
        RelevanceQuery("terrorisme", finds: [Demo.seed], first: Demo.seed),
        RelevanceQuery("terrorism*", finds: [Demo.seed], first: Demo.seed),
        RelevanceQuery("terroristes", finds: [Demo.seed], first: Demo.seed),
        RelevanceQuery("Russes", finds: [Demo.seed], first: Demo.seed),
        RelevanceQuery("FAMa", finds: [Demo.seed], first: Demo.seed),
        RelevanceQuery("lutte", finds: [Demo.seed, Demo.terrain]),
    ]

    /// The demo network, with the seed article in its first site when it is present.
    static let network = Task { () throws -> any ContentStore in
        let directory = try TestPaths.temporaryDirectory("relevance")
        let data = DataDirectory(path: directory)
        try await DemoNetwork.create(in: data, resourcesDirectory: TestPaths.resources)
        let store = try await data.open()
        if let seed = TestPaths.seedArticle {
            let site = try #require(try await store.sites().first)
            let text = try String(contentsOfFile: seed, encoding: .utf8)
            try await ArticleService(store: store).importArticle(try ScrapedPageParser(fileName: "article.txt").parse(text, site: site))
        }
        return store
    }

    @Test func theSetHoldsFortyQueriesOrMore() {
        #expect(Self.queries.count >= 40)
    }

    @Test(arguments: queries)
    func findsWhatTheReaderLooksFor(_ query: RelevanceQuery) async throws {
        try await check(query)
    }

    @Test(.enabled(if: TestPaths.seedArticle != nil, "../shared/seed/article.txt is absent: skipped"), arguments: seedQueries)
    func findsWhatTheReaderLooksForInTheSeed(_ query: RelevanceQuery) async throws {
        try await check(query)
    }

    func check(_ query: RelevanceQuery) async throws {
        let store = try await Self.network.value
        let hits = try await store.search(try SearchQuery(text: query.text)).items.map(\.article.title)
        let shown = hits.prefix(max(3, query.finds.count))
        for title in query.finds {
            #expect(shown.contains { $0.hasPrefix(title) }, "« \(query.text) » should show « \(title)… » first: \(hits)")
        }
        if let first = query.first {
            #expect(hits.first?.hasPrefix(first) == true, "« \(query.text) » should rank « \(first)… » first: \(hits)")
        }
    }
}
