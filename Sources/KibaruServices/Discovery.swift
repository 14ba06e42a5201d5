import Foundation
import KibaruCore
import KibaruMarkdown
import KibaruText

/// What Kibaru learns from an article's text when it is saved: the people, places and organisations it
/// mentions, the articles related to it, and where a LIRE AUSSI block to a related article fits best.
public enum Discovery {
    /// How many related articles an article page lists.
    public static let relatedLimit = 5

    /// The entities found in an article's title, standfirst and text.
    public static func entities(title: String, standfirst: String?, text: String) -> [ArticleEntity] {
        let candidates = EntityExtractor.candidates(in: [title, standfirst ?? "", text].joined(separator: "\n\n"))
        var seen = Set<String>()
        return candidates.compactMap { candidate in
            guard let kind = TagKind(rawValue: candidate.kind.rawValue),
                let slug = Slug(rawValue: Slugify.slug(candidate.name)), seen.insert(slug.rawValue).inserted
            else { return nil }
            return ArticleEntity(slug: slug, name: candidate.name, kind: kind, mentions: candidate.mentions)
        }
    }

    /// The text an article is compared on: its tags and the names of its entities weigh like its title.
    static func similarityInput(_ article: Article, entities: [ArticleEntity]) -> SimilarityInput {
        SimilarityInput(
            title: article.title, standfirst: article.standfirst ?? "",
            tags: article.tags.map(\.name) + entities.map(\.name), body: article.bodyText)
    }

    /// Stores the entities of a saved article and, when it is published, its related articles; the articles it
    /// is related to are left to the background worker (``ArticleService/computePendingRelated(limit:)``) to be
    /// compared again, so that they list it too and publishing costs one comparison. With `relatedNow` false
    /// (imports of thousands of articles), the article's own comparison is left to the worker as well. Runs in the
    /// caller's transaction.
    static func update(
        _ article: Article, entities: [ArticleEntity], in tx: isolated any ContentTransaction, relatedNow: Bool = true
    ) async throws {
        let id = article.id
        try await tx.setEntities(entities, articleID: id)
        guard article.state == .published else { return }
        guard relatedNow else {
            try await tx.markRelatedPending(articleID: id)
            return
        }
        for neighbour in try await refreshRelated(article, entities: entities, in: tx) {
            try await tx.markRelatedPending(articleID: neighbour)
        }
    }

    /// Compares a published article with the others and returns its related articles, best first, without
    /// storing them: the background worker compares on a read snapshot and stores the result in a short write.
    static func relatedArticles(of article: Article, in tx: isolated any DiscoveryRepository) async throws -> [Article.ID] {
        let id = article.id
        let entities = entities(title: article.title, standfirst: article.standfirst, text: article.bodyText)
        return try await tx.similarArticles(
            to: similarityInput(article, entities: entities), excluding: id, limit: relatedLimit)
    }

    private static func refreshRelated(_ article: Article, entities: [ArticleEntity], in tx: isolated any ContentTransaction) async throws -> [Article.ID]
    {
        let id = article.id
        let related = try await tx.similarArticles(
            to: similarityInput(article, entities: entities), excluding: id, limit: relatedLimit)
        try await tx.setRelatedArticles(related, articleID: id)
        return related
    }

    /// LIRE AUSSI blocks to propose in the editor for a draft: published articles similar to it, not already
    /// linked from its body nor refused, each after the paragraph it shares most words with.
    static func readAlsoSuggestions(
        for draft: SimilarityInput, body blocks: [ArticleBlock], articleID: Article.ID?, refused: Set<Article.ID>,
        in tx: isolated any ContentTransaction, limit: Int = 3
    ) async throws -> [ReadAlsoSuggestion] {
        let linked = Set(blocks.compactMap { block -> Article.ID? in
            if case .readAlso(let readAlso) = block { return readAlso.articleID }
            return nil
        })
        let refusedBefore: Set<Article.ID> = if let articleID {
            try await tx.rejectedReadAlsoSuggestions(articleID: articleID)
        } else {
            []
        }
        let refused = refused.union(refusedBefore)
        let paragraphs = BodyParagraphs.list(blocks)
        guard !paragraphs.isEmpty else { return [] }
        let paragraphTerms = paragraphs.map { Set(FrenchAnalyzer.terms(in: $0.text)) }
        var suggestions: [ReadAlsoSuggestion] = []
        for candidateID in try await tx.similarArticles(to: draft, excluding: articleID, limit: limit + linked.count + refused.count)
        where !linked.contains(candidateID) && !refused.contains(candidateID) && suggestions.count < limit {
            guard let candidate = try await tx.article(id: candidateID) else { continue }
            let candidateTerms = Set(FrenchAnalyzer.terms(
                in: ([candidate.title, candidate.standfirst ?? ""] + candidate.tags.map(\.name)).joined(separator: " ")))
            // The paragraph sharing most stems with the candidate's title, standfirst and tags; the last one when
            // none shares any.
            var best = paragraphs.count - 1
            var bestShared = 0
            for (index, terms) in paragraphTerms.enumerated() where !paragraphs[index].isHeading {
                let shared = terms.intersection(candidateTerms).count
                if shared > bestShared { (best, bestShared) = (index, shared) }
            }
            suggestions.append(ReadAlsoSuggestion(
                articleID: candidateID, title: candidate.title, afterParagraph: best,
                paragraphStart: Excerpt.make(paragraphs[best].text, maximumLength: 80)))
        }
        return suggestions
    }
}

/// The paragraphs of an article body's Markdown, and the insertion of a block after one of them.
public enum BodyParagraphs {
    /// One paragraph (a chunk of Markdown between blank lines) and where it is.
    public struct Paragraph: Sendable {
        public var block: Int
        public var range: Range<String.Index>
        public var text: String
        /// A Markdown heading (`## …`): a LIRE AUSSI never goes right after one.
        public var isHeading: Bool
    }

    /// The paragraphs of every Markdown block, in order; fenced code counts as one paragraph.
    public static func list(_ blocks: [ArticleBlock]) -> [Paragraph] {
        var result: [Paragraph] = []
        for (index, block) in blocks.enumerated() {
            guard case .markdown(let text) = block else { continue }
            var start: String.Index?
            var inFence = false
            var position = text.startIndex
            func close(at end: String.Index) {
                guard let begin = start else { return }
                let chunk = text[begin..<end].trimmingCharacters(in: .whitespacesAndNewlines)
                if !chunk.isEmpty {
                    result.append(Paragraph(block: index, range: begin..<end, text: chunk, isHeading: chunk.hasPrefix("#")))
                }
                start = nil
            }
            while position < text.endIndex {
                let lineEnd = text[position...].firstIndex(of: "\n") ?? text.endIndex
                let line = text[position..<lineEnd].trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("```") || line.hasPrefix("~~~") { inFence.toggle() }
                if line.isEmpty && !inFence {
                    close(at: position)
                } else if start == nil {
                    start = position
                }
                position = lineEnd < text.endIndex ? text.index(after: lineEnd) : lineEnd
            }
            close(at: text.endIndex)
        }
        return result
    }

    /// `blocks` with `block` inserted after paragraph `index` (after the last one when out of range).
    public static func inserting(_ block: ArticleBlock, afterParagraph index: Int, in blocks: [ArticleBlock])
        -> [ArticleBlock]
    {
        let paragraphs = list(blocks)
        guard let paragraph = paragraphs.indices.contains(index) ? paragraphs[index] : paragraphs.last,
            case .markdown(let text) = blocks[paragraph.block]
        else { return blocks + [block] }
        let before = String(text[..<paragraph.range.upperBound]).trimmingTrailingNewlines + "\n"
        let after = String(text[paragraph.range.upperBound...]).trimmingLeadingNewlines
        var result = Array(blocks[..<paragraph.block])
        result.append(.markdown(before))
        result.append(block)
        if !after.isEmpty { result.append(.markdown("\n" + after)) }
        result.append(contentsOf: blocks[(paragraph.block + 1)...])
        return result
    }
}

extension String {
    fileprivate var trimmingTrailingNewlines: String {
        var text = self
        while text.last?.isNewline == true { text.removeLast() }
        return text
    }

    fileprivate var trimmingLeadingNewlines: String {
        String(drop(while: \.isNewline))
    }
}
