import Foundation
import KibaruCore
import KibaruText
import Metrics

/// What a reader sends from the form under an article.
public struct CommentSubmission: Sendable {
    public var articleID: Article.ID
    public var parentID: Comment.ID?
    public var name: String
    public var email: String?
    public var website: String?
    public var text: String
    /// The signed token the form carried (``CommentPosting/formToken(articleID:)``).
    public var formToken: String
    /// The hidden field people leave empty and robots fill.
    public var honeypot: String
    public var clientAddress: String

    public init(
        articleID: Article.ID, parentID: Comment.ID?, name: String, email: String?, website: String?, text: String,
        formToken: String, honeypot: String, clientAddress: String
    ) {
        self.articleID = articleID
        self.parentID = parentID
        self.name = name
        self.email = email
        self.website = website
        self.text = text
        self.formToken = formToken
        self.honeypot = honeypot
        self.clientAddress = clientAddress
    }
}

/// Too many comments from one address or on one article: try again later.
public struct CommentThrottled: Error, Equatable, Sendable, CustomStringConvertible {
    public var minutes: Int

    public var description: String {
        "Vous avez envoyé trop de commentaires en peu de temps. Réessayez dans \(minutes) minute\(minutes > 1 ? "s" : "")."
    }
}

/// The limits of comment posting.
public struct CommentPolicy: Sendable {
    /// A form filled faster than this is a robot's.
    public var minimumFormAge: TimeInterval = 3
    /// A form older than this has expired.
    public var maximumFormAge: TimeInterval = 6 * 3600
    public var perAddressPerMinute = 5
    public var perAddressPerHour = 30
    public var perArticlePerTenMinutes = 60
    /// More links than this make a comment spam.
    public var maximumLinks = 2
    /// Comments from one address kept as spam in a day while throttled; past this they are refused unseen.
    public var keptWhileThrottledPerDay = 100

    public init() {}
}

/// Receives readers' comments: checks the fields, applies the anti-spam rules (honeypot, form age, rate limits,
/// links, block list), keeps what a rule refuses as spam with every rule's verdict, and decides between published
/// and held according to the site's moderation mode.
public struct CommentPosting: Sendable {
    let store: any ContentStore
    let policy: CommentPolicy
    let now: @Sendable () -> Date
    let secret = SecretCache(name: "comment-form")

    public init(store: any ContentStore, policy: CommentPolicy = CommentPolicy(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.policy = policy
        self.now = now
    }

    /// The token a comment form carries: the article, the time the form was made, and their HMAC. The same for
    /// every reader of a page in the same second, so that pages stay cacheable; each address may use a token
    /// once: a second comment with it from the same address is kept as spam.
    public func formToken(articleID: Article.ID, at date: Date? = nil) async throws -> String {
        let issued = Int((date ?? now()).timeIntervalSince1970)
        let key = try await signingKey()
        return "\(articleID).\(issued).\(Self.signature(articleID: articleID, issued: issued, key: key))"
    }

    /// Stores a comment and returns it (its status says whether it is published, held or spam). Throws
    /// ``ValidationErrors`` for fields to correct (nothing stored), ``CommentThrottled`` when the address or the
    /// article sends too much (kept as spam within a daily cap).
    public func post(_ submission: CommentSubmission) async throws -> Comment {
        let timestamp = now()
        let key = try await signingKey()
        let policy = self.policy
        let result: Result<Comment, CommentThrottled> = try await store.write { tx in
            guard let article = try await tx.article(id: submission.articleID), article.state == .published,
                let site = try await tx.site(id: article.siteID)
            else { throw ContentError.notFound(what: L("article {articleID}", ["articleID": "\(submission.articleID)"])) }
            var comment = NewComment(
                articleID: submission.articleID, parentID: submission.parentID,
                authorName: submission.name.trimmed, body: submission.text.trimmed, createdAt: timestamp,
                status: .pending, email: submission.email.map(\.trimmed).flatMap { $0.isEmpty ? nil : $0.lowercased() },
                website: submission.website.map(\.trimmed).flatMap { $0.isEmpty ? nil : $0 },
                clientAddress: submission.clientAddress)
            try comment.validate()
            guard CommentPosting.isOpen(article, site: site, now: timestamp) else {
                throw ValidationErrors([FieldError(field: "article", message: "les commentaires sont fermés", code: "closed")])
            }
            if let parentID = submission.parentID {
                guard let parent = try await tx.comment(id: parentID), parent.articleID == article.id, parent.approved else {
                    throw ValidationErrors([FieldError(field: "parentID", message: "ce commentaire n’existe plus", code: "parent-gone")])
                }
            }

            // Rate limits: every attempt counts.
            let addressKey = "comment-ip:\(submission.clientAddress)", articleKey = "comment-article:\(article.id)"
            // Each limit is counted only while the ones before it hold (a flood stops at the first count).
            var throttled =
                try await tx.rateEvents(key: addressKey, since: timestamp.addingTimeInterval(-60)) >= policy.perAddressPerMinute
            if !throttled {
                throttled = try await tx.rateEvents(key: addressKey, since: timestamp.addingTimeInterval(-3_600))
                    >= policy.perAddressPerHour
            }
            if !throttled {
                throttled = try await tx.rateEvents(key: articleKey, since: timestamp.addingTimeInterval(-600))
                    >= policy.perArticlePerTenMinutes
            }
            try await tx.recordRateEvent(key: addressKey, at: timestamp)
            try await tx.recordRateEvent(key: articleKey, at: timestamp)
            if throttled {
                let keptKey = "comment-kept:\(submission.clientAddress)"
                if try await tx.rateEvents(key: keptKey, since: timestamp.addingTimeInterval(-86_400))
                    < policy.keptWhileThrottledPerDay
                {
                    comment.status = .spam
                    comment.verdicts = [SpamVerdict(rule: "rate-limit", flagged: true, detail: "trop d’envois")]
                    _ = try await tx.insertComment(comment)
                    try await tx.recordRateEvent(key: keptKey, at: timestamp)
                }
                return .failure(CommentThrottled(minutes: 1))
            }

            // A token serves once per address: its use is recorded in this transaction, so that concurrent posts
            // see it.
            let tokenKey = "comment-token:\(SecureToken.hash(submission.formToken + "|" + submission.clientAddress))"
            let reused = try await tx.rateEvents(key: tokenKey, since: timestamp.addingTimeInterval(-86_400)) > 0
            try await tx.recordRateEvent(key: tokenKey, at: timestamp)
            let classified = try await CommentClassifier.verdict(comment, tx: tx)
            comment.verdicts = CommentPosting.verdicts(
                for: submission, comment: comment, site: site, key: key, now: timestamp, policy: policy,
                tokenReused: reused)
                + [classified]
            if comment.verdicts.contains(where: \.flagged) {
                comment.status = .spam
            } else {
                switch site.commentMode {
                case .open: comment.status = .approved
                case .hold: comment.status = .pending
                case .firstTime:
                    let known = if let email = comment.email { try await tx.hasApprovedComment(email: email) } else { false }
                    comment.status = known ? .approved : .pending
                }
            }
            let saved = try await tx.insertComment(comment)
            if saved.status != .spam {
                try await WebhookService.queue(.commentPosted, comment: saved, article: article, site: site, tx: tx, at: timestamp)
            }
            return .success(saved)
        }
        if case .success(let comment) = result {
            Counter(label: "kibaru_comments_total", dimensions: [("status", comment.status.rawValue)]).increment()
            for verdict in comment.verdicts where verdict.flagged {
                Counter(label: "kibaru_spam_verdicts_total", dimensions: [("rule", verdict.rule)]).increment()
            }
        } else {
            Counter(label: "kibaru_spam_verdicts_total", dimensions: [("rule", "rate-limit")]).increment()
        }
        return try result.get()
    }

    /// Whether readers may comment on `article` now.
    public static func isOpen(_ article: Article, site: Site, now: Date) -> Bool {
        guard !article.commentsClosed, article.state == .published else { return false }
        return closingDate(article, site: site).map { now < $0 } ?? true
    }

    /// When the site's rule closes an article's comments (`nil` when it never does).
    public static func closingDate(_ article: Article, site: Site) -> Date? {
        guard let days = site.commentsCloseAfterDays, let published = article.publishedAt else { return nil }
        return published.addingTimeInterval(Double(days) * 86_400)
    }

    static func verdicts(
        for submission: CommentSubmission, comment: NewComment, site: Site, key: String, now: Date,
        policy: CommentPolicy, tokenReused: Bool
    ) -> [SpamVerdict] {
        var verdicts: [SpamVerdict] = []
        let honeypotFilled = !submission.honeypot.isEmpty
        verdicts.append(SpamVerdict(
            rule: "honeypot", flagged: honeypotFilled, detail: honeypotFilled ? "champ caché rempli" : "champ caché vide"))
        verdicts.append(tokenVerdict(submission, key: key, now: now, policy: policy, reused: tokenReused))
        let links = CommentText.linkCount(comment.body)
        verdicts.append(SpamVerdict(
            rule: "links", flagged: links > policy.maximumLinks, detail: "\(links) lien(s), \(policy.maximumLinks) au plus"))
        let haystack = Folding.fold([comment.authorName, comment.email ?? "", comment.website ?? "", comment.body]
            .joined(separator: " "))
        let blocked = site.commentBlockList.map { Folding.fold($0.trimmed) }.filter { !$0.isEmpty && haystack.contains($0) }
        verdicts.append(SpamVerdict(
            rule: "block-list", flagged: !blocked.isEmpty,
            detail: blocked.isEmpty ? "aucun mot bloqué" : "mots bloqués : \(blocked.joined(separator: ", "))"))
        return verdicts
    }

    /// The form token's verdict: signed for this article, 3 seconds to 6 hours old (by default), used once from
    /// this address.
    static func tokenVerdict(
        _ submission: CommentSubmission, key: String, now: Date, policy: CommentPolicy, reused: Bool
    ) -> SpamVerdict {
        let parts = submission.formToken.split(separator: ".")
        guard parts.count == 3, let articleID = Article.ID(String(parts[0])), let issued = Int(parts[1]),
            articleID == submission.articleID,
            SecureToken.constantTimeEquals(String(parts[2]), signature(articleID: articleID, issued: issued, key: key))
        else { return SpamVerdict(rule: "token-age", flagged: true, detail: "jeton de formulaire absent ou faux") }
        if reused { return SpamVerdict(rule: "token-age", flagged: true, detail: "formulaire déjà envoyé une fois") }
        let age = now.timeIntervalSince1970 - Double(issued)
        if age < policy.minimumFormAge {
            return SpamVerdict(rule: "token-age", flagged: true, detail: "formulaire rempli en \(Int(age)) s")
        }
        if age > policy.maximumFormAge {
            return SpamVerdict(rule: "token-age", flagged: true, detail: "formulaire expiré (\(Int(age / 60)) min)")
        }
        return SpamVerdict(rule: "token-age", flagged: false, detail: "formulaire rempli en \(Int(age)) s")
    }

    static func signature(articleID: Article.ID, issued: Int, key: String) -> String {
        SecureToken.hmac("\(articleID).\(issued)", secret: key)
    }

    private func signingKey() async throws -> String {
        try await secret.value(from: store)
    }
}
