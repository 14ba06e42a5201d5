import Foundation
import KibaruCore
import KibaruText

/// What a writer or editor asks for when saving from the editor.
public enum EditorialAction: String, Sendable, CaseIterable {
    /// Save, keeping the article's state (a new article is a draft).
    case save
    /// Save and send to the editors.
    case submit
    /// Save and publish now.
    case publish
    /// Save and publish at the draft's date, by the scheduler.
    case schedule
    /// Take a published or scheduled article back to draft.
    case unpublish
    /// Move to the trash.
    case trash
    /// Bring back from the trash, as a draft.
    case restore
}

/// The editorial workflow: every change checks the permission matrix and the article's version, is saved with a
/// revision, and publishing-related changes are written to the audit log, all in one transaction.
public struct EditorialService: Sendable {
    let store: any ContentStore
    let now: @Sendable () -> Date

    public init(store: any ContentStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    /// Applies `action` to the article described by `draft` (`draft.id == nil` creates one).
    /// - Parameters:
    ///   - expectedVersion: the version the editor was opened on; a newer stored version is an
    ///     ``ContentError/editConflict(current:)`` and nothing is saved.
    ///   - actor: who asks; ``ContentError/forbidden(action:)`` when the matrix says no.
    @discardableResult
    public func perform(_ action: EditorialAction, draft: ArticleDraft, expectedVersion: Int?, actor: StaffSession)
        async throws -> Article
    {
        let timestamp = now()
        return try await store.write { tx in
            guard let site = try await tx.site(slug: draft.siteSlug) else {
                throw ContentError.notFound(what: L("site « {site} »", ["site": "\(draft.siteSlug)"]))
            }
            let siteID = site.id
            let existing: Article? = if let id = draft.id { try await tx.article(id: id) } else { nil }
            if draft.id != nil && existing == nil { throw ContentError.notFound(what: L("article {id}", ["id": "\(draft.id!)"])) }
            if let existing {
                guard existing.siteID == siteID else { throw ContentError.notFound(what: L("article {id}", ["id": "\(draft.id!)"])) }
                if let expectedVersion, expectedVersion != existing.version {
                    throw ContentError.editConflict(current: existing.version)
                }
            }
            let isOwn = existing == nil || existing?.ownerID == actor.staff.id
            try EditorialService.authorize(action, existing: existing, isOwn: isOwn, siteID: siteID, actor: actor)

            var next = draft
            next.ownerID = existing?.ownerID ?? actor.staff.id
            if next.authorNames.isEmpty { next.authorNames = [actor.staff.name] }
            next.state = EditorialService.state(after: action, current: existing?.state)
            switch action {
            case .publish: next.publishedAt = existing?.state == .published ? existing?.publishedAt : timestamp
            case .unpublish, .restore: next.publishedAt = nil
            default: break
            }
            let saved = try await ArticleService.save(next, in: tx, now: timestamp)
            try await tx.insertRevision(NewRevision(
                articleID: saved.id, version: saved.version, title: saved.title, standfirst: saved.standfirst,
                bodyMarkdown: saved.bodyMarkdown, savedAt: timestamp, savedBy: actor.staff.name))
            if let audited = EditorialService.auditedName(action) {
                try await tx.insertAudit(NewAuditEntry(
                    at: timestamp, actorID: actor.staff.id, actorName: actor.staff.name, action: audited, siteID: siteID,
                    subject: "article \(saved.id) « \(saved.title) »"))
            }
            if !saved.isPage, let event = WebhookService.event(before: existing?.state, after: saved.state) {
                try await WebhookService.queue(event, article: saved, site: site, tx: tx, at: timestamp)
            }
            return saved
        }
    }

    /// An article in any state, as its editors see it: `actor`'s roles let them edit it (an article they may not
    /// edit is ``ContentError/notFound(what:)``, never a hint that it exists), and, through an API token, the token
    /// may read articles (the `articles:read` scope) when `forReading`; a change that follows checks its own.
    public func article(id: Article.ID, actor: StaffSession, forReading: Bool = true) async throws -> Article {
        guard let article = try await store.read({ tx in try await tx.article(id: id) }),
            Permissions.allows(
                article.ownerID == actor.staff.id ? .editOwnArticle : .editOthersArticle,
                role: actor.role(onSite: article.siteID), isNetworkAdmin: actor.staff.isNetworkAdmin)
        else { throw ContentError.notFound(what: L("article {id}", ["id": "\(id)"])) }
        if forReading, let scopes = actor.scopes, !scopes.contains(.readArticles) {
            throw ContentError.forbidden(action: TokenScope.readArticles.rawValue)
        }
        return article
    }

    /// Saves the title, standfirst and text of revision `version` as the article's next version, keeping its state
    /// and everything else; the restoration is itself a revision.
    @discardableResult
    public func restore(revision version: Int, of articleID: Article.ID, expectedVersion: Int, actor: StaffSession)
        async throws -> Article
    {
        let timestamp = now()
        return try await store.write { tx in
            guard let article = try await tx.article(id: articleID), let site = try await tx.site(id: article.siteID) else {
                throw ContentError.notFound(what: L("article {articleID}", ["articleID": "\(articleID)"]))
            }
            guard expectedVersion == article.version else { throw ContentError.editConflict(current: article.version) }
            try EditorialService.authorize(
                .save, existing: article, isOwn: article.ownerID == actor.staff.id, siteID: article.siteID, actor: actor)
            guard let revision = try await tx.revision(articleID: articleID, version: version) else {
                throw ContentError.notFound(what: L("révision {version} de l’article {articleID}", ["version": "\(version)", "articleID": "\(articleID)"]))
            }
            var draft = ArticleDraft(article, siteSlug: site.slug)
            draft.title = revision.title
            draft.standfirst = revision.standfirst
            draft.bodyMarkdown = revision.bodyMarkdown
            let saved = try await ArticleService.save(draft, in: tx, now: timestamp)
            try await tx.insertRevision(NewRevision(
                articleID: articleID, version: saved.version, title: saved.title, standfirst: saved.standfirst,
                bodyMarkdown: saved.bodyMarkdown, savedAt: timestamp, savedBy: actor.staff.name))
            if !saved.isPage, saved.state == .published {
                try await WebhookService.queue(.articleUpdated, article: saved, site: site, tx: tx, at: timestamp)
            }
            return saved
        }
    }

    /// Publishes the scheduled articles whose time has come; returns how many. Run by the scheduler every few
    /// seconds and at startup, so an article due while the server was down appears as soon as it is back.
    @discardableResult
    public func publishDue() async throws -> Int {
        let timestamp = now()
        return try await store.write { tx in
            let due = try await tx.articlesDue(at: timestamp)
            for id in due {
                guard let article = try await tx.article(id: id), let site = try await tx.site(id: article.siteID) else { continue }
                var draft = ArticleDraft(article, siteSlug: site.slug)
                draft.state = .published
                let saved = try await ArticleService.save(draft, in: tx, now: timestamp)
                if !saved.isPage {
                    try await WebhookService.queue(.articlePublished, article: saved, site: site, tx: tx, at: timestamp)
                }
                try await tx.insertAudit(NewAuditEntry(
                    at: timestamp, actorID: nil, actorName: "programmation", action: "article.publish",
                    siteID: article.siteID, subject: "article \(id) « \(article.title) »"))
            }
            return due.count
        }
    }

    /// Throws ``ContentError/forbidden(action:)`` unless the permission matrix lets `actor` apply `action` to the
    /// article (`existing == nil` for a new one); the admin uses it to show only the buttons that will work.
    public static func authorize(
        _ action: EditorialAction, existing: Article?, isOwn: Bool, siteID: Site.ID, actor: StaffSession
    ) throws {
        func require(_ needed: StaffAction) throws {
            guard actor.may(needed, onSite: siteID) else { throw ContentError.forbidden(action: needed.rawValue) }
        }
        if existing == nil {
            try require(.writeDraft)
        } else {
            try require(isOwn ? .editOwnArticle : .editOthersArticle)
        }
        let wasPublic = existing?.state == .published || existing?.state == .scheduled
        switch action {
        case .save:
            if wasPublic { try require(isOwn ? .publishOwnArticle : .publishOthersArticle) }
        case .submit:
            try require(.submitForReview)
        case .publish, .schedule:
            try require(isOwn ? .publishOwnArticle : .publishOthersArticle)
        case .unpublish:
            try require(isOwn ? .publishOwnArticle : .unpublishArticle)
        case .trash, .restore:
            let isPublicOrOthers = wasPublic || !isOwn
            try require(isPublicOrOthers ? .trashArticle : .trashOwnDraft)
        }
    }

    static func state(after action: EditorialAction, current: PublishState?) -> PublishState {
        switch action {
        case .save: current ?? .draft
        case .submit: .review
        case .publish: .published
        case .schedule: .scheduled
        case .unpublish, .restore: .draft
        case .trash: .trash
        }
    }

    static func auditedName(_ action: EditorialAction) -> String? {
        switch action {
        case .publish: "article.publish"
        case .schedule: "article.schedule"
        case .unpublish: "article.unpublish"
        case .trash: "article.trash"
        case .restore: "article.restore"
        case .save, .submit: nil
        }
    }
}
