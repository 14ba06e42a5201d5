import Foundation
import KibaruCore
import KibaruText

/// A naive Bayes classifier of comments, learning from moderators: every comment approved counts as legitimate,
/// every comment marked as spam as spam. Tokens are folded words and the hosts of links. Its word counts live in
/// the store, so every node learns the same.
enum CommentClassifier {
    /// The pseudo-token that counts trained comments.
    static let documents = "__comments__"
    /// Examples of each kind needed before the classifier gives an opinion.
    static let minimumExamples = 5
    /// The probability of spam from which a comment is held as spam.
    static let threshold = 0.9

    /// The distinct tokens of a comment: words of 2 to 30 letters (accents folded) and `host:` of its links.
    static func tokens(_ comment: NewComment) -> [String] {
        let text = [comment.authorName, comment.body].joined(separator: " ")
        var tokens = Set(Folding.fold(text).split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            .filter { (2...30).contains($0.count) }.map(String.init))
        for match in (comment.body + " " + (comment.website ?? "")).matches(of: /https?:\/\/([^\/\s<>"']+)/) {
            tokens.insert("host:" + match.1.lowercased())
        }
        return Array(tokens).sorted()
    }

    /// Records a moderator's decision; a comment retrained the other way first forgets its earlier lesson.
    static func learn(_ comment: Comment, isSpam: Bool, tx: isolated any CommentRepository) async throws {
        let id = comment.id
        let label = isSpam ? "spam" : "ham"
        let previous = try await tx.trainedLabel(commentID: id)
        guard previous != label else { return }
        let tokens = tokens(comment.fields) + [documents]
        if let previous {
            try await tx.addTokenCounts(tokens, spam: previous == "spam" ? -1 : 0, ham: previous == "ham" ? -1 : 0)
        }
        try await tx.addTokenCounts(tokens, spam: isSpam ? 1 : 0, ham: isSpam ? 0 : 1)
        try await tx.setTrainedLabel(label, commentID: id)
    }

    /// The classifier's verdict on a new comment.
    static func verdict(_ comment: NewComment, tx: isolated any CommentRepository) async throws -> SpamVerdict {
        let tokens = tokens(comment)
        let counts = try await tx.tokenCounts(tokens + [documents])
        let (spamDocuments, hamDocuments) = counts[documents] ?? (0, 0)
        guard spamDocuments >= minimumExamples, hamDocuments >= minimumExamples else {
            return SpamVerdict(
                rule: "classifier", flagged: false,
                detail: "pas encore assez d’exemples (\(spamDocuments) indésirables, \(hamDocuments) approuvés)")
        }
        // Log-odds with Laplace smoothing, from the tokens the classifier has seen.
        var logOdds = log(Double(spamDocuments) / Double(hamDocuments))
        for token in tokens {
            guard let (spam, ham) = counts[token], spam + ham > 0 else { continue }
            let pSpam = (Double(spam) + 1) / (Double(spamDocuments) + 2)
            let pHam = (Double(ham) + 1) / (Double(hamDocuments) + 2)
            logOdds += log(pSpam / pHam)
        }
        let probability = 1 / (1 + exp(-logOdds))
        let shown = String(format: "%.2f", probability).replacingOccurrences(of: ".", with: ",")
        return SpamVerdict(rule: "classifier", flagged: probability >= threshold, detail: "probabilité \(shown)")
    }
}
