// Search benchmark: builds a generated network of N published articles (100,000 by default; 150 words each
// drawn from a 20,470-word vocabulary with Zipf frequencies) in a real SQLite file, then times reader searches
// and, as the baseline measured in the same run, the read of one article by its slug (an article page's query). Prints p50/p99 and their ratio to the baseline; also times the related-articles computation
// done at publication.
//
//   swift build -c release --product kibaru-search-benchmark
//   .build/release/kibaru-search-benchmark [ARTICLES] [QUERIES]
import Foundation
import KibaruCore
import KibaruSQLite

/// A small deterministic generator (SplitMix64): the same network every run.
struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// An index into a list of `count` words sorted by frequency, drawn as word frequencies are (Zipf: the word
    /// of rank r about 1/r as often as the first).
    mutating func zipf(_ count: Int) -> Int {
        let uniform = Double(next() % 1_000_000) / 1_000_000
        return min(count - 1, Int(exp(uniform * log(Double(count)))) - 1)
    }
}

let vocabulary = """
    le la les un une des du de et à en dans sur pour avec par au aux ce cette qui que dont mais ou
    gouvernement armée sécurité terrorisme terroriste région village ville marché prix riz mil sorgho pluie
    saison récolte paysans éleveurs bétail transhumance école élèves enseignants grève santé hôpital médecins
    vaccination paludisme choléra route pont chantier électricité délestage énergie solaire eau forage
    puits fleuve barrage pêche pêcheurs pirogue commerce commerçants douane frontière transport camion
    carburant essence inflation budget dette impôts banque microcrédit femmes jeunes emploi chômage migration
    diaspora transfert téléphone réseau internet numérique radio télévision journal presse liberté élection
    scrutin candidat campagne vote transition constitution référendum assemblée conseil ministre président
    colonel général soldats patrouille attaque embuscade otages négociation dialogue paix réconciliation
    accord mouvement rebelles jihadistes djihadistes déplacés réfugiés camp humanitaire aide nourriture famine
    sécheresse inondation climat désert arbres reboisement forêt musique festival griot conte tradition
    culture mariage baptême fête ramadan tabaski mosquée église football match équipe championnat lutte
    université étudiants bourse examen baccalauréat diplôme recherche science capteurs données coopération
    partenaires russie france chine turquie europe afrique sahel mali niger burkina sénégal guinée
    mauritanie algérie bamako kidal gao tombouctou mopti ségou sikasso kayes koulikoro dakar niamey
    ouagadougou abidjan conakry goïta camara diop traoré keïta coulibaly diarra touré maïga cissé sangaré
    minusma cedeao fama barkhane wagner onu union africaine économique monétaire alliance états
    """.split(whereSeparator: \.isWhitespace).map(String.init)
    + syntheticWords(20_000)

/// Made-up words from syllables, so that the vocabulary is as large as a real archive's (news text uses tens of
/// thousands of distinct words; a small vocabulary would make every word match a third of the articles).
func syntheticWords(_ count: Int) -> [String] {
    let syllables = ["ba", "di", "ko", "ma", "ni", "sou", "ta", "le", "ri", "fa", "go", "ké", "lo", "mé", "na",
                     "pu", "sé", "ti", "vo", "za", "dra", "bli", "tou", "cha", "gne"]
    var generator = Generator(state: 99)
    var words: [String] = []
    var seen = Set<String>()
    while words.count < count {
        let word = (0..<(2 + Int(generator.next() % 3))).map { _ in syllables[Int(generator.next() % 25)] }.joined()
        if seen.insert(word).inserted { words.append(word) }
    }
    return words
}

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let articleCount = arguments.first ?? 100_000
let queryCount = arguments.dropFirst().first ?? 400
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kibaru-search-bench-\(UUID().uuidString.prefix(8))")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let store = try SQLiteStore.open(path: directory.appendingPathComponent("kibaru.sqlite").path)

func seconds(_ start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

// MARK: Build the network

var generator = Generator(state: 2024)
func sentence(_ words: Int, _ generator: inout Generator) -> String {
    (0..<words).map { _ in vocabulary[generator.zipf(vocabulary.count)] }.joined(separator: " ")
}
let buildStart = ContinuousClock.now
let sites: [Site] = try await store.write { tx in
    try await tx.saveNetwork(Network(title: "Réseau de mesure", tagline: ""))
    return try await (1...20).asyncMap { number in try await tx.insertSite(NewSite(slug: Slug(rawValue: "blog-\(number)")!, title: "Blog \(number)")) }
}
let authors: [Person] = try await store.write { tx in
    try await (1...200).asyncMap { number in try await tx.insertPerson(NewPerson(slug: Slug(rawValue: "auteur-\(number)")!, name: "Auteur \(number)")) }
}
let origin = Date(timeIntervalSince1970: 1_262_304_000)  // 2010-01-01
var made = 0
while made < articleCount {
    let batch = min(1_000, articleCount - made)
    var drafts: [NewArticle] = []
    for index in made..<(made + batch) {
        let site = sites[index % sites.count]
        let body = (0..<6).map { _ in sentence(25, &generator) + "." }.joined(separator: "\n\n")
        drafts.append(NewArticle(
            siteID: site.id, slug: Slug(rawValue: "article-\(index)")!, title: sentence(8, &generator), bodyMarkdown: body,
            bodyHTML: "<p>" + body + "</p>", bodyText: body, rendererVersion: 99, state: .published,
            publishedAt: origin.addingTimeInterval(Double(index) * 4_000), authors: [authors[index % authors.count]],
            createdAt: origin, updatedAt: origin))
    }
    let toSave = drafts
    try await store.write { tx in for article in toSave { _ = try await tx.insertArticle(article) } }
    made += batch
}
print("network: \(articleCount) published articles in \(sites.count) sites, built in \(String(format: "%.1f", seconds(buildStart))) s")

// MARK: Measure

func percentile(_ samples: [Double], _ p: Double) -> Double {
    let sorted = samples.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}
func measure(_ label: String, runs: Int, _ body: (Int) async throws -> Void) async throws -> (p50: Double, p99: Double) {
    for warmup in 0..<min(20, runs) { try await body(warmup) }
    var samples: [Double] = []
    for run in 0..<runs {
        let start = ContinuousClock.now
        try await body(run)
        samples.append(seconds(start) * 1_000)
    }
    let result = (percentile(samples, 0.5), percentile(samples, 0.99))
    print("\(label): p50 \(String(format: "%.2f", result.0)) ms, p99 \(String(format: "%.2f", result.1)) ms (\(runs) runs)")
    return result
}

let kinds = ["one word", "two words", "\"phrase\"", "prefix*", "word -excluded, one site"]
var queries: [[SearchQuery]] = Array(repeating: [], count: kinds.count)
var queryGenerator = Generator(state: 7)
for number in 0..<queryCount {
    // Query words are drawn as readers type them: like the text, minus the stop words at the top of the list.
    let pick = { vocabulary[30 + queryGenerator.zipf(vocabulary.count - 30)] }
    let kind = number % kinds.count
    switch kind {
    case 0: queries[kind].append(try SearchQuery(text: pick()))
    case 1: queries[kind].append(try SearchQuery(text: "\(pick()) \(pick())"))
    case 2: queries[kind].append(try SearchQuery(text: "\"\(pick()) \(pick())\""))
    case 3: queries[kind].append(try SearchQuery(text: "\(pick().prefix(4))*"))
    default: queries[kind].append(try SearchQuery(text: "\(pick()) -\(pick())", siteID: sites[number % sites.count].id))
    }
}
let all = queries.flatMap { $0 }
let baseline = try await measure("baseline, one article by its slug (the article page's read)", runs: all.count) { run in
    let index = run * 97 % articleCount
    _ = try await store.publishedArticle(siteID: sites[index % sites.count].id, slug: Slug(rawValue: "article-\(index)")!)
}
let search = try await measure("search, all kinds, first page of 10 hits with snippets", runs: all.count) { run in
    _ = try await store.search(all[run % all.count])
}
for (kind, label) in kinds.enumerated() {
    _ = try await measure("  search: \(label)", runs: queries[kind].count) { run in
        _ = try await store.search(queries[kind][run % queries[kind].count])
    }
}
let related = try await measure("related articles of one article (publication time)", runs: 50) { run in
    let id = Article.ID(Int64(1 + (run * 1_999) % articleCount))
    try await store.write { tx in
        guard let article = try await tx.article(id: id) else { return }
        _ = try await tx.similarArticles(
            to: SimilarityInput(title: article.title, standfirst: "", tags: [], body: article.bodyText),
            excluding: id, limit: 5)
    }
}
print(String(format: "ratio to baseline: search p50 %.1f×, p99 %.1f×; related p50 %.1f×",
             search.p50 / baseline.p50, search.p99 / baseline.p99, related.p50 / baseline.p50))
