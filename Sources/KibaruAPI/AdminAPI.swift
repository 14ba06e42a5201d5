import Foundation
import KibaruCore
import KibaruServices
import KibaruText
import OpenAPIRuntime

/// The Admin API's operations (`/api/v1/admin/`): write articles, change their state, upload images, moderate
/// comments and manage tags, as the token's owner (``APIActor``), through the web admin's services: every
/// permission is checked there, by the same matrix, narrowed by the token's scopes.
extension APIOperations {
    /// The largest article a client may send, as JSON: the body's 500,000 characters in UTF-8 and escapes.
    package static let largestArticleBody = 4 << 20

    func createArticle(_ input: Operations.CreateArticle.Input) async throws -> Operations.CreateArticle.Output {
        let actor = try APIActor.required()
        guard case .json(let body) = input.body else { throw APIProblem.unsupportedBody }
        var draft = ArticleDraft(
            siteSlug: try Slug(validating: body.site, field: "site"), title: "", bodyMarkdown: "", authorNames: [])
        apply(body, to: &draft)
        let saved = try await editorial.perform(.save, draft: draft, expectedVersion: nil, actor: actor)
        return .created(.init(
            headers: .init(eTag: ArticleVersionTag.tag(saved.version), location: "/api/v1/admin/articles/\(saved.id)"),
            body: .json(try await adminArticle(saved))))
    }

    func getAdminArticle(_ input: Operations.GetAdminArticle.Input) async throws -> Operations.GetAdminArticle.Output {
        let article = try await editorial.article(id: Article.ID(input.path.id), actor: try APIActor.required())
        return .ok(.init(headers: .init(eTag: ArticleVersionTag.tag(article.version)), body: .json(try await adminArticle(article))))
    }

    func updateArticle(_ input: Operations.UpdateArticle.Input) async throws -> Operations.UpdateArticle.Output {
        let actor = try APIActor.required()
        guard case .json(let body) = input.body else { throw APIProblem.unsupportedBody }
        let (existing, site) = try await editable(input.path.id, actor: actor)
        guard let ifMatch = input.headers.ifMatch else { throw APIProblem.preconditionRequired }
        let expected = try ArticleVersionTag.expectedVersion(ifMatch)
        guard body.site == site.slug.rawValue else {
            throw APIProblem.invalidParameter("site", "un article ne change pas de site (le sien est « \(site.slug) »)")
        }
        var draft = ArticleDraft(existing, siteSlug: site.slug)
        apply(body, to: &draft)
        let saved = try await perform(.save, draft: draft, ifMatch: .some(expected), read: existing.version, actor: actor)
        return .ok(.init(headers: .init(eTag: ArticleVersionTag.tag(saved.version)), body: .json(try await adminArticle(saved))))
    }

    func deleteArticle(_ input: Operations.DeleteArticle.Input) async throws -> Operations.DeleteArticle.Output {
        let saved = try await change(input.path.id, .trash, ifMatch: input.headers.ifMatch)
        return .ok(.init(headers: .init(eTag: ArticleVersionTag.tag(saved.version)), body: .json(try await adminArticle(saved))))
    }

    func submitArticle(_ input: Operations.SubmitArticle.Input) async throws -> Operations.SubmitArticle.Output {
        let saved = try await change(input.path.id, .submit, ifMatch: input.headers.ifMatch)
        return .ok(.init(headers: .init(eTag: ArticleVersionTag.tag(saved.version)), body: .json(try await adminArticle(saved))))
    }

    func publishArticle(_ input: Operations.PublishArticle.Input) async throws -> Operations.PublishArticle.Output {
        let saved = try await change(input.path.id, .publish, ifMatch: input.headers.ifMatch)
        return .ok(.init(headers: .init(eTag: ArticleVersionTag.tag(saved.version)), body: .json(try await adminArticle(saved))))
    }

    func unpublishArticle(_ input: Operations.UnpublishArticle.Input) async throws -> Operations.UnpublishArticle.Output {
        let saved = try await change(input.path.id, .unpublish, ifMatch: input.headers.ifMatch)
        return .ok(.init(headers: .init(eTag: ArticleVersionTag.tag(saved.version)), body: .json(try await adminArticle(saved))))
    }

    func scheduleArticle(_ input: Operations.ScheduleArticle.Input) async throws -> Operations.ScheduleArticle.Output {
        guard case .json(let body) = input.body else { throw APIProblem.unsupportedBody }
        let saved = try await change(input.path.id, .schedule, ifMatch: input.headers.ifMatch) { draft in
            draft.publishedAt = body.publishedAt
        }
        return .ok(.init(headers: .init(eTag: ArticleVersionTag.tag(saved.version)), body: .json(try await adminArticle(saved))))
    }

    func uploadMedia(_ input: Operations.UploadMedia.Input) async throws -> Operations.UploadMedia.Output {
        let actor = try APIActor.required()
        guard case .binary(let body) = input.body else { throw APIProblem.unsupportedBody }
        let bytes: [UInt8]
        do {
            bytes = try await [UInt8](collecting: body, upTo: MediaService.maximumBytes)
        } catch {
            throw APIProblem(
                status: 413, code: "too-large", title: "Envoi trop volumineux", detail: "Une image fait 8 Mo au plus.")
        }
        let query = input.query
        let item = try await media.upload(
            MediaUpload(
                bytes: bytes, siteSlug: try Slug(validating: query.site, field: "site"), alt: query.alt ?? "",
                caption: query.caption ?? "",
                credit: Credit(
                    author: query.creditAuthor?.nilIfBlank, source: query.creditSource?.nilIfBlank,
                    licence: query.creditLicence?.nilIfBlank)),
            actor: actor)
        return .created(.init(body: .json(.init(
            id: item.id.rawValue, site: query.site, url: item.url, mediaType: item.mediaType, width: item.width,
            height: item.height, byteCount: item.byteCount, alt: item.alt, caption: item.caption,
            credit: .init(
                author: item.credit.author, source: item.credit.source, licence: item.credit.licence,
                sourceURL: item.credit.sourceURL)))))
    }

    func listModerationComments(_ input: Operations.ListModerationComments.Input) async throws
        -> Operations.ListModerationComments.Output
    {
        let actor = try APIActor.required()
        let limit = input.query.limit ?? 50
        guard (1...200).contains(limit) else { throw APIProblem.invalidParameter("limit", "entre 1 et 200") }
        let status = CommentStatus(rawValue: input.query.status?.rawValue ?? "pending") ?? .pending
        let comments = try await CommentModeration.queue(
            siteSlug: try Slug(validating: input.query.site, field: "site"), status: status, limit: limit, actor: actor,
            store: store)
        return .ok(.init(body: .json(.init(comments: comments.map { moderationComment($0.comment, articleTitle: $0.articleTitle) }))))
    }

    func setCommentStatus(_ input: Operations.SetCommentStatus.Input) async throws -> Operations.SetCommentStatus.Output {
        let actor = try APIActor.required()
        guard case .json(let body) = input.body, let status = CommentStatus(rawValue: body.status.rawValue) else {
            throw APIProblem.unsupportedBody
        }
        let id = Comment.ID(input.path.id)
        try await moderation.setStatus(status, of: [id], actor: actor)
        guard let comment = try await store.read({ tx in try await tx.comment(id: id) }) else {
            throw APIProblem.notFound("Aucun commentaire n’a le numéro \(id).")
        }
        return .ok(.init(body: .json(moderationComment(comment, articleTitle: nil))))
    }

    func listAdminTags(_ input: Operations.ListAdminTags.Input) async throws -> Operations.ListAdminTags.Output {
        let actor = try APIActor.required()
        let tags = try await SiteAdministration.tagsWithCounts(
            siteSlug: try Slug(validating: input.path.site, field: "site"), actor: actor, store: store)
        return .ok(.init(body: .json(.init(tags: tags.map { adminTag($0.tag, articles: $0.count) }))))
    }

    func renameTag(_ input: Operations.RenameTag.Input) async throws -> Operations.RenameTag.Output {
        let actor = try APIActor.required()
        guard case .json(let body) = input.body else { throw APIProblem.unsupportedBody }
        let id = Tag.ID(input.path.id)
        try await sites.renameTag(id, to: body.name, actor: actor)
        guard let tag = try await store.read({ tx in try await tx.tag(id: id) }) else {
            throw APIProblem.notFound("Aucune étiquette n’a le numéro \(id).")
        }
        let count = try await store.tagsWithCounts(siteID: tag.siteID).first { $0.tag.id == id }?.count ?? 0
        return .ok(.init(body: .json(adminTag(tag, articles: count))))
    }

    func deleteTag(_ input: Operations.DeleteTag.Input) async throws -> Operations.DeleteTag.Output {
        try await sites.deleteTag(Tag.ID(input.path.id), actor: try APIActor.required())
        return .noContent(.init())
    }

    // MARK: - Articles

    /// An article the actor may edit, with its site; a 404 problem otherwise (never a hint that it exists).
    private func editable(_ id: Int64, actor: StaffSession) async throws -> (Article, Site) {
        let article = try await editorial.article(id: Article.ID(id), actor: actor, forReading: false)
        guard let site = try await store.read({ tx in try await tx.site(id: article.siteID) }) else {
            throw APIProblem.notFound("Aucun article n’a le numéro \(id).")
        }
        return (article, site)
    }

    /// Applies `action` to article `id` as it is (after `change`), checking `If-Match` when given.
    private func change(
        _ id: Int64, _ action: EditorialAction, ifMatch: String?, _ change: (inout ArticleDraft) -> Void = { _ in }
    ) async throws -> Article {
        let actor = try APIActor.required()
        let (existing, site) = try await editable(id, actor: actor)
        let expected = try ifMatch.flatMap { header throws(APIProblem) in try ArticleVersionTag.expectedVersion(header) }
        var draft = ArticleDraft(existing, siteSlug: site.slug)
        change(&draft)
        let precondition: Int?? = ifMatch == nil ? .none : .some(expected)
        return try await perform(action, draft: draft, ifMatch: precondition, read: existing.version, actor: actor)
    }

    /// Applies `action`, expecting the version `If-Match` names (`nil`: any) or else the version just `read`: a
    /// change since is a `412` for the former (the client's precondition failed), a `409` for the latter.
    private func perform(_ action: EditorialAction, draft: ArticleDraft, ifMatch: Int??, read: Int, actor: StaffSession)
        async throws -> Article
    {
        do {
            return try await editorial.perform(action, draft: draft, expectedVersion: ifMatch.map { $0 ?? read } ?? read, actor: actor)
        } catch ContentError.editConflict(let current) where ifMatch != nil {
            throw APIProblem.preconditionFailed(current: current)
        }
    }

    /// The fields of `input` on `draft` (its site, state and date stay).
    private func apply(_ input: Components.Schemas.AdminArticleInput, to draft: inout ArticleDraft) {
        draft.title = input.title
        draft.standfirst = input.standfirst?.nilIfBlank
        draft.bodyMarkdown = input.body
        draft.authorNames = input.authors ?? draft.authorNames
        draft.tagNames = input.tags ?? draft.tagNames
        draft.featuredFigure = input.featuredFigure.map { figure in
            Figure(
                image: figure.image?.nilIfBlank, alt: figure.alt, caption: figure.caption,
                credit: Credit(
                    author: figure.credit?.author?.nilIfBlank, source: figure.credit?.source?.nilIfBlank,
                    licence: figure.credit?.licence?.nilIfBlank, sourceURL: figure.credit?.sourceURL?.nilIfBlank))
        }
        draft.commentsClosed = input.commentsClosed ?? draft.commentsClosed
    }

    private func adminArticle(_ article: Article) async throws -> Components.Schemas.AdminArticle {
        guard let site = try await store.read({ tx in try await tx.site(id: article.siteID) }) else {
            throw ContentError.notFound(what: L("site {siteID}", ["siteID": "\(article.siteID)"]))
        }
        let url = article.state == .published
            ? article.publishedAt.map {
                absolute(Permalink.article(site: site.slug, slug: article.slug, publishedAt: $0, timeZone: site.zone))
            } : nil
        return .init(
            id: article.id.rawValue, site: site.slug.rawValue, slug: article.slug.rawValue, title: article.title,
            standfirst: article.standfirst, body: article.bodyMarkdown, html: article.bodyHTML,
            state: Components.Schemas.AdminArticle.StatePayload(rawValue: article.state.rawValue) ?? .draft,
            publishedAt: article.publishedAt, updatedAt: article.updatedAt, version: article.version,
            authors: article.authors.map(\.name), tags: article.tags.map(\.name),
            featuredFigure: article.featuredFigure.map(figure), commentsClosed: article.commentsClosed, url: url)
    }

    // MARK: - Comments and tags

    private func moderationComment(_ comment: Comment, articleTitle: String?) -> Components.Schemas.ModerationComment {
        .init(
            id: comment.id.rawValue, articleId: comment.articleID.rawValue, articleTitle: articleTitle,
            parentId: comment.parentID?.rawValue, authorName: comment.authorName, email: comment.email,
            website: comment.website, body: comment.body, createdAt: comment.createdAt,
            status: Components.Schemas.CommentStatus(rawValue: comment.status.rawValue) ?? .pending)
    }

    private func adminTag(_ tag: Tag, articles: Int) -> Components.Schemas.AdminTag {
        .init(
            id: tag.id.rawValue, slug: tag.slug.rawValue, name: tag.name,
            kind: tag.kind.flatMap { Components.Schemas.AdminTag.KindPayload(rawValue: $0.rawValue) }, articles: articles)
    }
}

extension APIProblem {
    /// A body of another type than the description gives.
    static let unsupportedBody = APIProblem(
        status: 415, code: "unsupported-media-type", title: "Format refusé",
        detail: "Le corps de la requête n’a pas le type que la description de l’API donne.")

    /// A change of an article without `If-Match`.
    static let preconditionRequired = APIProblem(
        status: 428, code: "if-match-required", title: "If-Match manquant",
        detail: "Envoyez « If-Match » avec l’ETag de la version lue, pour ne pas écraser la modification de quelqu’un d’autre.",
        errors: [("If-Match", "obligatoire")])
}

extension String {
    /// `nil` for a string of spaces only.
    var nilIfBlank: String? { trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : self }
}
