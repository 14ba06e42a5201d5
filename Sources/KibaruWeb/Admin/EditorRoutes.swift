import Foundation
import Hummingbird
import KibaruCore
import KibaruMarkdown
import KibaruServices
import KibaruText

/// The editor: the dashboard and the list of articles, a new article and an article opened for editing, one POST
/// per action on it (save, submit, publish, schedule, unpublish, trash, restore; preview; a suggestion applied),
/// revisions compared and restored, and the endpoints of the editor's script.
///
/// The editor is one form: without JavaScript, each button posts it to its own action's address (`formaction`).
struct EditorRoutes: AdminArea {
    let services: AdminServices
    let pages: AdminPages

    func register(on staff: RouterGroup<StaffContext>) {
        staff.get("/", use: dashboard)
        staff.get("articles", use: articles)
        staff.get("articles/nouveau", use: newArticle)
        staff.get("articles/:id", use: editArticle)
        for action in EditorialAction.allCases {
            staff.post(RouterPath("articles/\(Self.path(of: action))")) { request, context in
                try await perform(action, request: request, context: context)
            }
        }
        staff.post("articles/apercu", use: preview)
        staff.post("articles/suggestion", use: applySuggestion)
        staff.get("articles/:id/revisions", use: revisionDiff).post("articles/:id/restaurer", use: restoreRevision)
        staff.post("apercu", use: livePreview)
        staff.get("articles/recherche.json", use: searchArticles)
        staff.get("etiquettes.json", use: suggestTags)
    }

    /// The address segment of an action's POST, under `/admin/articles/`.
    static func path(of action: EditorialAction) -> String {
        switch action {
        case .save: "enregistrer"
        case .submit: "soumettre"
        case .publish: "publier"
        case .schedule: "programmer"
        case .unpublish: "depublier"
        case .trash: "corbeille"
        case .restore: "retablir"
        }
    }

    /// The editor form, every field as text.
    struct EditorForm: Decodable {
        var id: String?
        var version: String?
        var site: String
        var title: String
        var standfirst: String?
        var body: String
        var authors: String?
        var tags: String?
        var slug: String?
        var publishedAt: String?
        var featuredImage: String?
        var featuredAlt: String?
        var featuredCaption: String?
        var featuredCreditAuthor: String?
        var featuredCreditSource: String?
        var featuredCreditLicence: String?
        var featuredCreditURL: String?
        var commentsClosed: String?
        /// A suggestion accepted or refused: `etiquette:NAME`, `lire-aussi:ID:PARAGRAPH`, `refuser:ID`.
        var suggestion: String?
        /// The LIRE AUSSI suggestions refused while the article was not saved yet, comma-separated ids.
        var refused: String?
    }

    /// A posted editor form with the site it is for and the article it edits (`nil` for a new one).
    struct Submission {
        var form: EditorForm
        var site: Site
        var existing: Article?
    }

    @Sendable func newArticle(_ request: Request, context: StaffContext) async throws -> Response {
        let session = context.session
        let sites = try await services.workspace.sites(where: .writeDraft, actor: session)
        guard let first = sites.first else {
            return try pages.message(
                status: .forbidden, heading: "forbidden_title", message: "forbidden_message", request: request,
                context: context)
        }
        let chosen = sites.first { $0.slug.rawValue == request.uri.queryParameters.get("site") } ?? first
        let form = EditorForm(site: chosen.slug.rawValue, title: "", body: "", authors: session.staff.name)
        return try await renderEditor(form, article: nil, site: chosen, request: request, context: context)
    }

    @Sendable func editArticle(_ request: Request, context: StaffContext) async throws -> Response {
        let id = try context.parameters.require("id", as: Article.ID.self)
        let (article, site) = try await services.workspace.editableArticle(id, actor: context.session)
        return try await renderEditor(
            Self.form(from: article, site: site), article: article, site: site, request: request, context: context)
    }

    /// Reads the editor's form: an article is edited in its own site by someone who may edit it, a new one is
    /// written in a site where its writer may write; nothing of either is shown otherwise (404).
    private func submission(_ request: inout Request, context: StaffContext) async throws -> Submission {
        let form = try await FormBody.decode(EditorForm.self, from: &request, context: context)
        guard let slug = Slug(rawValue: form.site) else { throw ContentError.notFound(what: L("site « {site} »", ["site": "\(form.site)"])) }
        if let id = form.id.flatMap({ Article.ID($0) }) {
            let (article, site) = try await services.workspace.editableArticle(id, actor: context.session)
            guard site.slug == slug else { throw ContentError.notFound(what: L("article {id}", ["id": "\(id)"])) }
            return Submission(form: form, site: site, existing: article)
        }
        let site = try await services.workspace.site(slug: slug, for: .writeDraft, actor: context.session)
        return Submission(form: form, site: site, existing: nil)
    }

    /// Saves the article and changes its state as the action says, then opens it again; the form comes back with
    /// its fields and the reason when the article cannot be saved.
    func perform(_ action: EditorialAction, request: Request, context: StaffContext) async throws -> Response {
        var request = request
        let submitted = try await submission(&request, context: context)
        let (form, site, existing) = (submitted.form, submitted.site, submitted.existing)
        let t = pages.strings(request)
        do {
            let draft = try Self.draft(from: form, site: site)
            let saved = try await services.editorial.perform(
                action, draft: draft, expectedVersion: form.version.flatMap(Int.init), actor: context.session)
            return .redirect(to: "/admin/articles/\(saved.id)/?enregistre=1", type: .normal)
        } catch let errors as ValidationErrors {
            return try await renderEditor(form, article: existing, site: site, request: request, context: context,
                                          errors: pages.translated(errors, request), problem: t["invalid"], status: .unprocessableContent)
        } catch ContentError.editConflict {
            return try await renderEditor(form, article: existing, site: site, request: request, context: context,
                                          problem: t["conflict"], status: .conflict)
        } catch ContentError.forbidden {
            return try pages.message(
                status: .forbidden, heading: "forbidden_title", message: "forbidden_message", request: request,
                context: context)
        } catch ContentError.slugTaken(let slug) {
            return try await renderEditor(form, article: existing, site: site, request: request, context: context,
                                          errors: [FieldError(
                                              field: "slug", message: "« \(slug) » est déjà pris", code: "taken",
                                              values: ["value": slug.rawValue])],
                                          problem: t["invalid"], status: .conflict)
        }
    }

    /// The form again with the body rendered as the public page will show it; nothing is saved.
    @Sendable func preview(_ request: Request, context: StaffContext) async throws -> Response {
        var request = request
        let submitted = try await submission(&request, context: context)
        let (form, site, existing) = (submitted.form, submitted.site, submitted.existing)
        do {
            let draft = try Self.draft(from: form, site: site)
            return try await renderEditor(form, article: existing, site: site, request: request, context: context,
                                          previewHTML: try await previewHTML(draft.bodyMarkdown, language: site.language))
        } catch let errors as ValidationErrors {
            return try await renderEditor(form, article: existing, site: site, request: request, context: context,
                                          errors: pages.translated(errors, request), problem: pages.strings(request)["invalid"],
                                          status: .unprocessableContent)
        }
    }

    /// The form again with a suggestion applied (``apply(suggestion:to:articleID:strings:)``); nothing is saved.
    @Sendable func applySuggestion(_ request: Request, context: StaffContext) async throws -> Response {
        var request = request
        let submitted = try await submission(&request, context: context)
        guard let suggestion = submitted.form.suggestion else {
            throw HTTPError(.badRequest, message: "suggestion manquante")
        }
        let (changed, notice) = try await apply(
            suggestion: suggestion, to: submitted.form, articleID: submitted.existing?.id, strings: pages.strings(request))
        return try await renderEditor(changed, article: submitted.existing, site: submitted.site, request: request,
                                      context: context, notice: notice)
    }

    /// Applies a suggestion of the editor to the form, without saving: a typed tag is added to the tags, a
    /// LIRE AUSSI block is inserted after its paragraph, a refused LIRE AUSSI is not proposed again (recorded at
    /// once for a saved article, carried in the form for a new one).
    private func apply(suggestion: String, to form: EditorForm, articleID: Article.ID?, strings t: [String: String])
        async throws -> (EditorForm, String?)
    {
        var form = form
        form.suggestion = nil
        let parts = suggestion.split(separator: ":", maxSplits: 2).map(String.init)
        switch (parts.first, parts.count) {
        case ("etiquette"?, 2):
            let tags = (form.tags ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            form.tags = (tags + [parts[1]]).joined(separator: ", ")
            return (form, t["suggestion_tag_added"])
        case ("lire-aussi"?, 3):
            guard let id = Article.ID(String(parts[1])), let paragraph = Int(parts[2]),
                let blocks = try? ArticleSource.parse(form.body.replacingOccurrences(of: "\r\n", with: "\n"))
            else { throw HTTPError(.badRequest, message: "suggestion illisible") }
            form.body = ArticleSource.serialize(
                BodyParagraphs.inserting(.readAlso(ReadAlso(articleID: id)), afterParagraph: paragraph, in: blocks))
            return (form, t["suggestion_readalso_added"])
        case ("refuser"?, 2):
            guard let id = Article.ID(String(parts[1])) else { throw HTTPError(.badRequest, message: "suggestion illisible") }
            if let articleID {
                try await ArticleService(store: services.store).refuseReadAlso(id, articleID: articleID)
            }
            form.refused = (Self.refusedIDs(form) + [id]).map(String.init).joined(separator: ",")
            return (form, t["suggestion_refused"])
        default:
            throw HTTPError(.badRequest, message: "suggestion illisible")
        }
    }

    static func refusedIDs(_ form: EditorForm) -> [Article.ID] {
        (form.refused ?? "").split(separator: ",").compactMap { Article.ID(String($0)) }
    }

    private func renderEditor(
        _ form: EditorForm, article: Article?, site: Site, request: Request, context: StaffContext,
        errors: [FieldError] = [], problem: String? = nil, previewHTML: String? = nil, notice: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let t = pages.strings(request)
        let session = context.session
        let suggestions = try await suggestions(for: form, site: site, t: t)
        // An article stays in its site; a new one may go to any site where its writer may write.
        let choices = article == nil ? try await services.workspace.sites(where: .writeDraft, actor: session) : [site]
        let sites = choices.map { OptionView(value: $0.slug.rawValue, label: $0.title, selected: $0.slug == site.slug) }
        let revisions = try await article.map(\.id).asyncMap { try await services.store.revisions(articleID: $0) } ?? []
        let library = try await services.libraryItems(session)
        let versions = revisions.map(\.version)
        let revisionViews = revisions.map { revision in
            RevisionView(
                articleID: revision.articleID, version: revision.version,
                savedLabel: LocalDateTime.format(revision.savedAt, timeZone: site.zone), savedBy: revision.savedBy,
                title: revision.title, previous: versions.filter { $0 < revision.version }.max(),
                current: revision.version == article?.version, articleVersion: article?.version ?? 0)
        }
        let view = EditorView(
            heading: t[article == nil ? "editor_new" : "editor_edit"] ?? "", id: form.id ?? "",
            version: form.version ?? "", sites: sites, title: form.title, standfirst: form.standfirst ?? "",
            body: form.body, authors: form.authors ?? "", tags: form.tags ?? "", slug: form.slug ?? "",
            publishedAt: form.publishedAt ?? "", featuredImage: form.featuredImage ?? "",
            featuredAlt: form.featuredAlt ?? "", featuredCaption: form.featuredCaption ?? "",
            featuredCreditAuthor: form.featuredCreditAuthor ?? "", featuredCreditSource: form.featuredCreditSource ?? "",
            featuredCreditLicence: form.featuredCreditLicence ?? "", featuredCreditURL: form.featuredCreditURL ?? "",
            commentsClosed: form.commentsClosed == "1", stateLabel: article.map { t.label("state", $0.state.rawValue, otherwise: $0.state.label) }, publicURL: article.flatMap { Self.publicURL($0, site: site) },
            actions: Self.actions(for: article, site: site, session: session, strings: t), errors: errors,
            hasErrors: !errors.isEmpty, previewHTML: previewHTML, revisions: revisionViews,
            hasRevisions: !revisionViews.isEmpty, items: library, hasItems: !library.isEmpty,
            entityProposals: suggestions.entities, hasEntityProposals: !suggestions.entities.isEmpty,
            readAlsoSuggestions: suggestions.readAlso, hasReadAlsoSuggestions: !suggestions.readAlso.isEmpty,
            hasSuggestions: !suggestions.entities.isEmpty || !suggestions.readAlso.isEmpty,
            refused: form.refused ?? "")
        let notice = notice ?? (request.uri.queryParameters.get("enregistre") != nil ? t["saved"] : nil)
        return try pages.render(
            "editor", titleKey: article == nil ? "editor_new" : "editor_edit", body: view, request: request,
            context: context, notice: notice, problem: problem, status: status)
    }

    /// What the editor proposes for the article as typed: people, places and organisations to add as typed tags,
    /// and LIRE AUSSI blocks to published articles on the same subjects.
    private func suggestions(for form: EditorForm, site: Site, t: [String: String]) async throws
        -> (entities: [EntityProposalView], readAlso: [ReadAlsoSuggestionView])
    {
        guard let draft = try? Self.draft(from: form, site: site), !draft.bodyMarkdown.trimmed.isEmpty else {
            return ([], [])
        }
        let entities = ArticleService.entityProposals(for: draft).prefix(30).map { entity in
            EntityProposalView(
                name: entity.name, kindLabel: t.label("kind", entity.kind.rawValue, otherwise: entity.kind.label), value: "etiquette:\(entity.name)")
        }
        let readAlso = try await ArticleService(store: services.store)
            .readAlsoSuggestions(for: draft, refused: Set(Self.refusedIDs(form)))
            .map { suggestion in
                ReadAlsoSuggestionView(
                    title: suggestion.title, paragraphNumber: suggestion.afterParagraph + 1,
                    paragraphStart: suggestion.paragraphStart,
                    acceptValue: "lire-aussi:\(suggestion.articleID):\(suggestion.afterParagraph)",
                    refuseValue: "refuser:\(suggestion.articleID)")
            }
        return (Array(entities), readAlso)
    }

    static func publicURL(_ article: Article, site: Site) -> String? {
        guard article.state == .published, let date = article.publishedAt else { return nil }
        return Permalink.article(site: site.slug, slug: article.slug, publishedAt: date, timeZone: site.zone)
    }

    /// The buttons the staff member may use on this article; the service checks again on save.
    static func actions(for article: Article?, site: Site, session: StaffSession, strings t: [String: String])
        -> [ActionButtonView]
    {
        let siteID = site.id
        let isOwn = article == nil || article?.ownerID == session.staff.id
        var actions: [EditorialAction] = []
        for action in EditorialAction.allCases {
            guard (try? EditorialService.authorize(action, existing: article, isOwn: isOwn, siteID: siteID,
                                                   actor: session)) != nil
            else { continue }
            let state = article?.state
            let fits: Bool =
                switch action {
                case .save: state != .trash
                case .submit: state == nil || state == .draft
                case .publish, .schedule: state != .published && state != .trash
                case .unpublish: state == .published || state == .scheduled
                case .trash: article != nil && state != .trash
                case .restore: state == .trash
                }
            if fits { actions.append(action) }
        }
        return actions.map {
            ActionButtonView(path: path(of: $0), label: t["action_\($0.rawValue)"] ?? $0.rawValue,
                             primary: $0 == .publish || ($0 == .submit && !actions.contains(.publish)))
        }
    }

    static func form(from article: Article, site: Site) -> EditorForm {
        let figure = article.featuredFigure
        return EditorForm(
            id: String(article.id.rawValue), version: String(article.version), site: site.slug.rawValue,
            title: article.title, standfirst: article.standfirst, body: article.bodyMarkdown,
            authors: article.authors.map(\.name).joined(separator: ", "),
            tags: article.tags.map(\.name).joined(separator: ", "), slug: article.slug.rawValue,
            publishedAt: article.publishedAt.map { LocalDateTime.format($0, timeZone: site.zone) },
            featuredImage: figure?.image, featuredAlt: figure?.alt, featuredCaption: figure?.caption,
            featuredCreditAuthor: figure?.credit.author, featuredCreditSource: figure?.credit.source,
            featuredCreditLicence: figure?.credit.licence, featuredCreditURL: figure?.credit.sourceURL,
            commentsClosed: article.commentsClosed ? "1" : nil)
    }

    /// Turns the form into a draft; throws ``ValidationErrors`` for fields that cannot be read.
    static func draft(from form: EditorForm, site: Site) throws -> ArticleDraft {
        var check = FieldErrorCollector()
        let slugText = (form.slug ?? "").trimmingCharacters(in: .whitespaces)
        let slug = slugText.isEmpty ? nil : Slug(rawValue: slugText)
        check.require(slugText.isEmpty || slug != nil, field: "slug", code: "slug-rule", Slug.rule)
        var publishedAt: Date?
        if let text = form.publishedAt?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            publishedAt = LocalDateTime.parse(text, timeZone: site.zone)
            check.require(
                publishedAt != nil, field: "publishedAt", code: "date-format", "date attendue comme 2026-12-01 08:00")
        }
        try check.throwIfAny()
        func text(_ value: String?) -> String? {
            let trimmed = (value ?? "").trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        }
        let credit = Credit(
            author: text(form.featuredCreditAuthor), source: text(form.featuredCreditSource),
            licence: text(form.featuredCreditLicence), sourceURL: text(form.featuredCreditURL))
        let figure: Figure? =
            text(form.featuredImage) == nil && text(form.featuredCaption) == nil
            ? nil
            : Figure(image: text(form.featuredImage), alt: text(form.featuredAlt) ?? "",
                     caption: text(form.featuredCaption) ?? "", credit: credit)
        func list(_ value: String?) -> [String] {
            (value ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return ArticleDraft(
            id: form.id.flatMap { Article.ID($0) }, siteSlug: site.slug, slug: slug, title: form.title,
            standfirst: text(form.standfirst), bodyMarkdown: form.body.replacingOccurrences(of: "\r\n", with: "\n"),
            authorNames: list(form.authors), tagNames: list(form.tags), publishedAt: publishedAt,
            featuredFigure: figure, commentsClosed: form.commentsClosed == "1")
    }
}

/// Dates as typed in the editor: `2026-12-01 08:00` or `2026-12-01T08:00`, in the site's time zone.
enum LocalDateTime {
    static func format(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// `2026-12-01 08:00 (UTC+1)`: a time with the offset of its zone, for lists that mix zones.
    static func formatWithOffset(_ date: Date, timeZone: TimeZone) -> String {
        let seconds = timeZone.secondsFromGMT(for: date)
        let hours = abs(seconds) / 3600, minutes = abs(seconds) % 3600 / 60
        let offset = seconds == 0 ? "UTC" : "UTC\(seconds < 0 ? "−" : "+")\(hours)\(minutes == 0 ? "" : String(format: ":%02d", minutes))"
        return format(date, timeZone: timeZone) + " (\(offset))"
    }

    static func parse(_ text: String, timeZone: TimeZone) -> Date? {
        let parts = text.replacingOccurrences(of: "T", with: " ").split(whereSeparator: { " -:".contains($0) })
        guard parts.count == 5, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            let hour = Int(parts[3]), let minute = Int(parts[4]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))
        else { return nil }
        let check = calendar.dateComponents([.year, .month, .day], from: date)
        return (check.year, check.month, check.day) == (year, month, day) ? date : nil
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
