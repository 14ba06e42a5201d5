import Foundation
import Hummingbird
import KibaruCore
import KibaruServices
import KibaruText
import KibaruTheme
import Logging

/// Readers' comments: the form under each article (with replies and a preview step) and its POST, without
/// JavaScript and without an account.
struct CommentRoutes: Sendable {
    let store: any ContentStore & StaffStore
    let theme: Theme
    let baseURL: String
    let posting: CommentPosting
    /// Tells authors and editors by e-mail, when the network has SMTP settings.
    let notifier: CommentNotifier?
    let now: @Sendable () -> Date

    struct Form: Decodable {
        var article: Article.ID
        var jeton: String?
        var parent: Comment.ID?
        var nom: String?
        var courriel: String?
        var site_web: String?
        var texte: String?
        var adresse_postale: String?
        var action: String?
    }

    func register(on router: Router<KibaruContext>) {
        router.post("commentaires", use: post)
    }

    /// The form for the article page: empty, or answering the comment `?repondre=ID`; `nil` when comments are
    /// closed.
    /// - Parameter token: what the form carries as its token (the page's server puts a fresh one in its place).
    func emptyForm(article: Article, site: Site, path: String, comments: [Comment], token: String, request: Request)
        -> CommentFormView?
    {
        guard CommentPosting.isOpen(article, site: site, now: now()) else { return nil }
        let id = article.id
        let parent = request.uri.queryParameters.get("repondre", as: Comment.ID.self)
            .flatMap { parentID in comments.first { $0.id == parentID } }
        var form = CommentFormView(
            articleID: id, token: token, parentID: parent?.id, replyingTo: parent?.authorName,
            cancelReplyURL: "\(path)#commenter")
        form.siteSlug = site.slug.rawValue
        return form
    }

    /// The notice for `?commentaire=…` after posting, from the site's strings `t`.
    static func notice(_ request: Request, _ t: [String: String]) -> String? {
        switch request.uri.queryParameters.get("commentaire") {
        case "publie": t["comment_published"]
        case "attente": t["comment_pending"]
        default: nil
        }
    }

    @Sendable func post(_ request: Request, context: KibaruContext) async throws -> Response {
        var request = request
        let form = try await FormBody.decode(Form.self, from: &request, context: context)
        guard let article = try await store.article(id: form.article), article.state == .published,
            let site = try await store.sites().first(where: { $0.id == article.siteID }),
            let publishedAt = article.publishedAt
        else { throw PublicError.notFound(nil) }
        let path = Permalink.article(site: site.slug, slug: article.slug, publishedAt: publishedAt, timeZone: site.zone)
        let submission = CommentSubmission(
            articleID: form.article, parentID: form.parent, name: form.nom ?? "", email: form.courriel,
            website: form.site_web, text: form.texte ?? "", formToken: form.jeton ?? "",
            honeypot: form.adresse_postale ?? "", clientAddress: context.clientAddress)

        if form.action == "apercu" {
            let problems = Self.fieldProblems(submission)
            return try await page(
                article: article, site: site, path: path, submission: submission, errors: problems,
                preview: problems.isEmpty ? CommentText.html(submission.text) : nil,
                status: problems.isEmpty ? .ok : .unprocessableContent, request: request, context: context)
        }
        do {
            let comment = try await posting.post(submission)
            if let notifier, comment.status != .spam {
                // Sent after the answer, so a slow mail server never delays the reader; failures are logged.
                let logger = context.logger
                Task {
                    do { try await notifier.notify(comment) } catch {
                        logger.error("comment notification failed", metadata: ["kibaru.error": "\(error)"])
                    }
                }
            }
            let target =
                comment.approved
                ? "\(path)?commentaire=publie#commentaire-\(comment.id)" : "\(path)?commentaire=attente#commentaires"
            return .redirect(to: target, type: .normal)
        } catch let errors as ValidationErrors {
            return try await page(
                article: article, site: site, path: path, submission: submission, errors: errors.errors, preview: nil,
                status: .unprocessableContent, request: request, context: context)
        } catch let throttled as CommentThrottled {
            return try await page(
                article: article, site: site, path: path, submission: submission,
                errors: [FieldError(field: "rate", message: throttled.description, code: "throttled")], preview: nil,
                status: .tooManyRequests, request: request, context: context, minutes: throttled.minutes)
        }
    }

    /// The French messages for fields a reader must correct, before any rule runs (for the preview).
    static func fieldProblems(_ submission: CommentSubmission) -> [FieldError] {
        let comment = NewComment(
            articleID: submission.articleID, authorName: submission.name, body: submission.text, createdAt: Date(),
            status: .pending, email: submission.email.flatMap { $0.isEmpty ? nil : $0 },
            website: submission.website.flatMap { $0.isEmpty ? nil : $0 })
        do {
            try comment.validate()
            return []
        } catch let errors as ValidationErrors {
            return errors.errors
        } catch {
            return [FieldError(field: "texte", message: "\(error)", code: "invalid")]
        }
    }

    /// `errors` in the site's language (`t`): a rule the theme names (`comment_error_<code>`) in its words, any
    /// other as the domain says it.
    static func translated(_ errors: [FieldError], _ t: [String: String], minutes: Int? = nil) -> [FieldError] {
        errors.map { error in
            guard let text = t["comment_error_\(error.code)"] else { return error }
            return FieldError(
                field: error.field, message: Catalogue.fill(text, ["minutes": minutes.map(String.init) ?? ""]),
                code: error.code)
        }
    }

    /// The article page again, with the reader's form as they filled it.
    private func page(
        article: Article, site: Site, path: String, submission: CommentSubmission, errors: [FieldError],
        preview: String?, status: HTTPResponse.Status, request: Request, context: KibaruContext, minutes: Int? = nil
    ) async throws -> Response {
        let comments = try await store.approvedComments(articleID: article.id)
        let parent = submission.parentID.flatMap { id in comments.first { $0.id == id } }
        var form = CommentFormView(
            articleID: article.id, token: try await posting.formToken(articleID: article.id), parentID: parent?.id,
            replyingTo: parent?.authorName, cancelReplyURL: "\(path)#commenter", name: submission.name,
            email: submission.email ?? "", website: submission.website ?? "", text: submission.text,
            errors: Self.translated(errors, theme.strings(site.language), minutes: minutes), previewHTML: preview)
        form.siteSlug = site.slug.rawValue
        let views = ViewBuilder(network: try await store.network(), theme: theme, baseURL: baseURL)
        let html = try theme.render("article", views.article(article, site: site, comments: comments, form: form))
        return try HTMLPage(status: status, html: html).response(from: request, context: context)
    }
}
