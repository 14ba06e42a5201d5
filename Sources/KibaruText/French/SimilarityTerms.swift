import Foundation

/// The terms that say what an article is about, for finding similar ones in a search index (related articles,
/// LIRE AUSSI suggestions): its most distinctive stems, tf × idf over the index, title and tags counted three
/// times, the standfirst twice. The same on every store; each store searches the chosen terms its own way.
public enum SimilarityTerms {
    /// How many (article, term) matches a comparison may rank at most: past that, the comparison would cost more
    /// on a large network than on a small one.
    public static let postingBudget = 2_000.0

    /// The weighted occurrences of each term of an article's texts, with a word that gives it (for a store that
    /// searches words rather than terms).
    public static func frequencies(
        title: String, tags: [String], standfirst: String, body: String
    ) -> [String: (weight: Double, word: String)] {
        var frequency: [String: (weight: Double, word: String)] = [:]
        func count(_ text: String, weight: Double) {
            for word in text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) where word.count > 2 {
                let word = String(word)
                guard !word.allSatisfy(\.isNumber), let term = FrenchAnalyzer.normalize(word) else { continue }
                frequency[term, default: (0, word)].weight += weight
            }
        }
        count(title, weight: 3)
        count(tags.joined(separator: " "), weight: 3)
        count(standfirst, weight: 2)
        count(body, weight: 1)
        return frequency
    }

    /// The best terms of `frequencies`, best first, at most 16, until the articles they are in would be too many
    /// to rank (the first is always kept). A term found in no other article cannot relate; one found in more than
    /// 1 article in 20 says little.
    /// - Parameters:
    ///   - documents: how many articles the index holds.
    ///   - documentFrequency: how many indexed articles hold each term.
    ///   - selfIndexed: whether the article compared is itself indexed (its own occurrence is then not counted).
    public static func choose(
        _ frequencies: [String: (weight: Double, word: String)], documents: Double, documentFrequency: [String: Double],
        selfIndexed: Bool
    ) -> [(term: String, word: String)] {
        let scored = frequencies.compactMap { term, value -> (term: String, word: String, score: Double, documents: Double)? in
            let inOthers = (documentFrequency[term] ?? 0) - (selfIndexed ? 1 : 0)
            guard inOthers >= 1, inOthers < max(3, documents * 0.05) else { return nil }
            return (term, value.word, value.weight * log(documents / inOthers), inOthers)
        }
        var chosen: [(term: String, word: String)] = []
        var postings = 0.0
        for term in scored.sorted(by: { $0.score != $1.score ? $0.score > $1.score : $0.term < $1.term }) where chosen.count < 16 {
            guard chosen.isEmpty || postings + term.documents <= postingBudget else { continue }
            postings += term.documents
            chosen.append((term.term, term.word))
        }
        return chosen
    }
}
