import Foundation
import KibaruCore
import KibaruMarkdown
import KibaruText

/// Creates and changes articles: validation, rendering at save time, LIRE AUSSI links kept current.
///
/// Everything one call does happens in one transaction of the store: the article, its people and tags, its
/// references, and the other articles whose rendering depends on it.
public struct ArticleService: Sendable {
    let store: any ContentStore
    let renderer = ArticleRenderer()
    let now: @Sendable () -> Date

    /// - Parameters:
    ///   - store: where articles live.
    ///   - now: the clock; tests pass a fixed one.
    public init(store: any ContentStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    /// Validates `draft`, renders it and stores it; returns the stored article.
    ///
    /// Throws ``ValidationErrors`` for bad fields (a Kibaru block that cannot be read is an error of `body`,
    /// with its line), ``ContentError/notFound(what:)`` for an unknown site or article,
    /// ``ContentError/slugTaken(_:)`` when the slug is used in the site.
    @discardableResult
    public func save(_ draft: ArticleDraft) async throws -> Article {
        let renderer = self.renderer
        let timestamp = now()
        return try await store.write { tx in
            try await ArticleService.save(draft, in: tx, renderer: renderer, now: timestamp)
        }
    }

    /// Renders again every article rendered by an older renderer, `batchSize` articles per write transaction (20,
    /// about a tenth of a second of writing, as imports do), so that readers' comments and editors' saves go
    /// between batches (a new renderer in a network of 100,000
    /// articles is a long job); their related articles are then computed in the background. An article another
    /// node rendered meanwhile is skipped. A shutdown stops it between two batches (``CancellationError``); a batch
    /// that fails is done again one article at a time, so that one article that cannot be rendered holds back no
    /// other: those are named by ``StaleRenderingFailure`` once every other article is done. Returns how many were
    /// rendered.
    @discardableResult
    public func renderStaleArticles(batchSize: Int = 20) async throws -> Int {
        let stale = try await store.read { tx in try await tx.articlesRendered(before: ArticleRenderer.version) }
        var rendered = 0
        var failed: [Article.ID] = []
        for start in stride(from: 0, to: stale.count, by: max(batchSize, 1)) {
            try Task.checkCancellation()
            let batch = Array(stale[start..<min(start + max(batchSize, 1), stale.count)])
            do {
                rendered += try await renderAgain(batch)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                for id in batch {
                    do {
                        rendered += try await renderAgain([id])
                    } catch is CancellationError {
                        throw CancellationError()
                    } catch {
                        failed.append(id)
                    }
                }
            }
        }
        if !failed.isEmpty { throw StaleRenderingFailure(rendered: rendered, failed: failed) }
        return rendered
    }

    /// Renders the articles again in one write transaction; returns how many still needed it.
    private func renderAgain(_ ids: [Article.ID]) async throws -> Int {
        let renderer = self.renderer
        return try await store.write { tx in
            var count = 0
            for id in ids {
                guard let article = try await tx.article(id: id), article.rendererVersion < ArticleRenderer.version
                else { continue }
                try await ArticleService.rerender(articleID: id, in: tx, renderer: renderer)
                // Left to the background worker (``computePendingRelated(limit:)``).
                try await tx.markRelatedPending(articleID: id)
                count += 1
            }
            return count
        }
    }

    /// Computes the related articles that imports and publications left pending, `limit` articles at a time;
    /// returns how many were done. The comparisons run on read snapshots, which hold no writer back; only their
    /// results are stored, in one short write transaction. The server calls it in the background with one
    /// comparison at a time (readers keep the other cores), pausing between batches, until none is left;
    /// `kibaru related` runs `parallel` snapshots at once, one per core.
    @discardableResult
    public func computePendingRelated(limit: Int = 10, parallel: Int = 1) async throws -> Int {
        let pending = try await store.read { tx in try await tx.relatedPending(limit: limit) }
        guard !pending.isEmpty else { return 0 }
        let share = (pending.count + max(parallel, 1) - 1) / max(parallel, 1)
        let computed = try await withThrowingTaskGroup(of: [(id: Article.ID, related: [Article.ID]?)].self) { group in
            for start in stride(from: 0, to: pending.count, by: share) {
                let ids = Array(pending[start..<min(start + share, pending.count)])
                group.addTask { try await self.compareRelated(ids) }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        try await store.write { tx in
            for item in computed {
                if let related = item.related { try? await tx.setRelatedArticles(related, articleID: item.id) }
                try await tx.clearRelatedPending(articleID: item.id)
            }
        }
        return computed.count
    }

    /// The related articles of `ids`, compared on one read snapshot; `nil` for an article that cannot be compared.
    private func compareRelated(_ ids: [Article.ID]) async throws -> [(id: Article.ID, related: [Article.ID]?)] {
        try await store.read { tx in
            await ids.asyncMap { id -> (id: Article.ID, related: [Article.ID]?) in
                // An article that cannot be compared (a corrupt row) must not hold the queue up: it is skipped.
                guard let article = try? await tx.article(id: id), article.state == .published else { return (id, nil) }
                return (id, try? await Discovery.relatedArticles(of: article, in: tx))
            }
        }
    }

    /// LIRE AUSSI blocks to propose for a draft in the editor (see ``Discovery``); `refused` are the articles
    /// the editor refused while the draft was not yet saved.
    public func readAlsoSuggestions(for draft: ArticleDraft, refused: Set<Article.ID>) async throws -> [ReadAlsoSuggestion] {
        let blocks = (try? ArticleSource.parse(draft.bodyMarkdown)) ?? [.markdown(draft.bodyMarkdown)]
        let body = blocks.compactMap { block -> String? in
            if case .markdown(let text) = block { return text }
            return nil
        }.joined(separator: "\n\n")
        let input = SimilarityInput(
            title: draft.title, standfirst: draft.standfirst ?? "", tags: draft.tagNames, body: body)
        return try await store.read { tx in
            try await Discovery.readAlsoSuggestions(
                for: input, body: blocks, articleID: draft.id, refused: refused, in: tx)
        }
    }

    /// Records that the editors do not want `relatedID` proposed as a LIRE AUSSI of `articleID` again.
    public func refuseReadAlso(_ relatedID: Article.ID, articleID: Article.ID) async throws {
        try await store.write { tx in try await tx.rejectReadAlsoSuggestion(relatedID, articleID: articleID) }
    }

    /// The people, places and organisations a draft mentions that are not yet among its tags, to propose as
    /// typed tags.
    public static func entityProposals(for draft: ArticleDraft) -> [ArticleEntity] {
        let tagged = Set(draft.tagNames.map(Folding.fold))
        return Discovery.entities(title: draft.title, standfirst: draft.standfirst, text: draft.bodyMarkdown)
            .filter { !tagged.contains(Folding.fold($0.name)) }
    }

    /// The work of ``save(_:)`` inside a transaction that the caller holds, so that importers can store several
    /// articles, comments and people at once.
    /// - Parameter relatedNow: `false` leaves the related articles of a published article to
    ///   ``computePendingRelated(limit:)`` (imports of thousands of articles), `true` computes them now.
    /// - Parameter precomputed: what ``precompute(_:site:hasFeaturedImage:renderer:)`` worked out for this draft ahead of the
    ///   transaction; each part is used only when its input is exactly what this save has.
    public static func save(
        _ draft: ArticleDraft, in tx: isolated any ContentTransaction, renderer: ArticleRenderer = ArticleRenderer(), now: Date,
        relatedNow: Bool = true, precomputed: ArticlePrecomputation? = nil
    ) async throws -> Article {
        guard let site = try await tx.site(slug: draft.siteSlug) else {
            throw ContentError.notFound(what: L("site « {site} »", ["site": "\(draft.siteSlug)"]))
        }
        let siteID = site.id
        var check = FieldErrorCollector()
        let slug = try draft.slug ?? slugFromTitle(draft.title)
        var blocks: [ArticleBlock] = [.markdown(draft.bodyMarkdown)]
        if let parsed = precomputed?.blocks(of: draft.bodyMarkdown) {
            blocks = parsed
        } else {
            do {
                blocks = try ArticleSource.parse(draft.bodyMarkdown)
            } catch let error as BlockSyntaxError {
                check.add(FieldError(field: "body", message: error.description, code: error.code, values: error.values))
            }
        }
        blocks = try await resolveTitles(in: blocks, siteID: siteID, tx: tx)
        let current: Article?
        if let id = draft.id {
            guard let existing = try await tx.article(id: id), existing.siteID == siteID else {
                throw ContentError.notFound(what: L("article {id} du site « {slug} »", ["id": "\(id)", "slug": "\(site.slug)"]))
            }
            current = existing
        } else {
            current = nil
        }
        var authors = try await draft.authorIDs.asyncMap { id in
            guard let person = try await tx.person(id: id) else { throw ContentError.notFound(what: L("auteur {id}", ["id": "\(id)"])) }
            return person
        }
        // Names already on the article keep their person and tag: imported ones keep their own slugs (two
        // categories named "Foo", a name in a script that gives no slug).
        for name in draft.authorNames {
            if let known = current?.authors.first(where: { $0.name == name.trimmed }) {
                authors.append(known)
            } else {
                authors.append(try await person(named: name, tx: tx))
            }
        }
        var tags = try await draft.tagIDs.asyncMap { id in
            guard let tag = try await tx.tag(id: id), tag.siteID == siteID else {
                throw ContentError.notFound(what: L("étiquette {id} du site", ["id": "\(id)"]))
            }
            return tag
        }
        for name in uniqueTagNames(draft.tagNames) {
            if let known = current?.tags.first(where: { $0.name == name }) {
                tags.append(known)
            } else {
                tags.append(try await tag(named: name, siteID: siteID, tx: tx))
            }
        }
        var seenTags = Set<Tag.ID>()
        tags = tags.filter { seenTags.insert($0.id).inserted }
        var seenPeople = Set<Person.ID>()
        authors = authors.filter { seenPeople.insert($0.id).inserted }

        var article = current?.fields
            ?? NewArticle(siteID: siteID, slug: slug, title: "", bodyMarkdown: "", createdAt: now, updatedAt: now)
        let previous = article
        article.slug = slug
        article.title = draft.title.trimmed
        article.standfirst = draft.standfirst.map(\.trimmed).flatMap { $0.isEmpty ? nil : $0 }
        article.bodyMarkdown = ArticleSource.serialize(blocks)
        article.authors = authors
        article.tags = tags
        article.state = draft.state
        article.publishedAt = draft.publishedAt ?? (draft.state == .published ? (previous.publishedAt ?? now) : nil)
        if draft.state == .scheduled, let date = article.publishedAt, date <= now {
            check.add(FieldError(
                field: "publishedAt", message: "une publication programmée doit être dans le futur", code: "in-the-past"))
        }
        article.featuredFigure = try await sized(draft.featuredFigure, siteID: siteID, tx: tx)
        article.commentsClosed = draft.commentsClosed
        article.isPage = draft.isPage
        article.updatedAt = now
        article.ownerID = current == nil ? draft.ownerID : previous.ownerID
        article.version = current == nil ? 1 : previous.version + 1
        do { try article.validate() } catch let errors as ValidationErrors { errors.errors.forEach { check.add($0) } }
        try check.throwIfAny()

        let rendered: RenderedArticle
        let sizes = try await imageSizes(of: blocks, siteID: siteID, tx: tx)
        // The rendering worked out ahead has no image sizes: it is used when none is known.
        if sizes.isEmpty,
            let guessed = precomputed?.rendering(of: draft.bodyMarkdown, leadImage: draft.featuredFigure?.image == nil)
        {
            rendered = guessed
        } else {
            let targets = await readAlsoTargets(of: blocks, siteID: siteID, tx: tx)
            rendered = renderer.render(
                blocks, language: site.language, imageSizes: sizes, leadImage: draft.featuredFigure?.image == nil
            ) { targets[$0] }
        }
        apply(rendered, to: &article, site: site, precomputed: precomputed)
        let saved = try await tx.saveArticle(article, id: current?.id)
        let savedID = saved.id
        try await tx.setReferences(from: savedID, to: rendered.references)
        let entities = precomputed?.entities(title: saved.title, standfirst: saved.standfirst, text: saved.bodyText)
            ?? Discovery.entities(title: saved.title, standfirst: saved.standfirst, text: saved.bodyText)
        try await typeTags(of: saved, entities: entities, in: tx)
        try await Discovery.update(saved, entities: entities, in: tx, relatedNow: relatedNow)

        // Articles that link to this one show its current title and URL; those that named it by title while it
        // did not exist now link to it by id.
        let changedForOthers = current == nil || previous.title != saved.title || previous.slug != saved.slug
            || previous.state != saved.state || previous.publishedAt != saved.publishedAt
        if changedForOthers {
            for referrer in try await tx.articlesReferring(to: savedID) where referrer != savedID {
                try await rerender(articleID: referrer, in: tx, renderer: renderer)
            }
        }
        if saved.state == .published {
            for referrer in try await tx.articlesWithUnresolvedReference(siteID: siteID, title: TitleKey.make(saved.title))
            where referrer != savedID {
                try await rerender(articleID: referrer, in: tx, renderer: renderer)
            }
        }
        return saved
    }

    /// Parses, resolves and renders a stored article again, keeping its source otherwise unchanged.
    static func rerender(articleID: Article.ID, in tx: isolated any ContentTransaction, renderer: ArticleRenderer) async throws {
        guard var article = try await tx.article(id: articleID) else { return }
        let blocks = try await resolveTitles(
            in: (try? ArticleSource.parse(article.bodyMarkdown)) ?? [.markdown(article.bodyMarkdown)],
            siteID: article.siteID, tx: tx)
        article.bodyMarkdown = ArticleSource.serialize(blocks)
        let targets = await readAlsoTargets(of: blocks, siteID: article.siteID, tx: tx)
        guard let site = try await tx.site(id: article.siteID) else { return }
        let rendered = renderer.render(
            blocks, language: site.language, imageSizes: try await imageSizes(of: blocks, siteID: article.siteID, tx: tx),
            leadImage: article.featuredFigure?.image == nil
        ) { targets[$0] }
        article.featuredFigure = try await sized(article.featuredFigure, siteID: article.siteID, tx: tx)
        apply(rendered, to: &article.fields, site: site)
        let saved = try await tx.updateArticle(article)
        try await tx.setReferences(from: articleID, to: rendered.references)
        try await tx.setEntities(
            Discovery.entities(title: saved.title, standfirst: saved.standfirst, text: saved.bodyText), articleID: articleID)
    }

    /// Keeps the rendering; French typography is applied to the HTML (never to the stored source) when the site
    /// asks for it.
    private static func apply(
        _ rendered: RenderedArticle, to article: inout NewArticle, site: Site, precomputed: ArticlePrecomputation? = nil
    ) {
        article.bodyHTML = site.frenchTypography
            ? precomputed?.typeset(rendered.html) ?? FrenchTypography.html(rendered.html) : rendered.html
        article.bodyText = rendered.text
        // The start of the text, never a caption: when the text is empty, the captions are all there is.
        article.excerpt = Excerpt.make(rendered.summaryText.trimmed.isEmpty ? rendered.text : rendered.summaryText)
        article.rendererVersion = ArticleRenderer.version
    }

    /// A tag named like a person, place or organisation the article mentions takes that kind.
    private static func typeTags(of article: Article, entities: [ArticleEntity], in tx: isolated any TaxonomyRepository) async throws {
        let untyped = article.tags.filter { $0.kind == nil }
        guard !untyped.isEmpty else { return }
        let kinds = Dictionary(entities.map { (Folding.fold($0.name), $0.kind) }) { first, _ in first }
        for tag in untyped {
            if let kind = kinds[Folding.fold(tag.name)] { try await tx.setTagKind(kind, tagID: tag.id) }
        }
    }

    /// Replaces LIRE AUSSI blocks that name a title by links to the published article of the site so titled.
    static func resolveTitles(in blocks: [ArticleBlock], siteID: Site.ID, tx: isolated any ArticleRepository) async throws
        -> [ArticleBlock]
    {
        try await blocks.asyncMap { block in
            guard case .readAlso(let readAlso) = block, readAlso.articleID == nil, let title = readAlso.title,
                let match = try await tx.publishedArticles(siteID: siteID, titled: title).first
            else { return block }
            return .readAlso(ReadAlso(articleID: match.id))
        }
    }

    /// The current title and URL of each published article that the LIRE AUSSI blocks of `blocks` link to.
    static func readAlsoTargets(
        of blocks: [ArticleBlock], siteID: Site.ID, tx: isolated any ArticleRepository & SiteRepository
    ) async -> [Article.ID: ReadAlsoTarget] {
        var targets: [Article.ID: ReadAlsoTarget] = [:]
        for case .readAlso(let readAlso) in blocks {
            guard let id = readAlso.articleID, targets[id] == nil,
                let target = try? await target(of: id, siteID: siteID, tx: tx)
            else { continue }
            targets[id] = target
        }
        return targets
    }

    /// `figure` with the size of its image when the media library knows it, so that pages never look it up.
    static func sized(_ figure: Figure?, siteID: Site.ID, tx: isolated any ArticleRepository) async throws -> Figure? {
        guard var figure, let url = figure.image else { return figure }
        figure.size = try await tx.mediaSize(url: url, siteID: siteID)
        return figure
    }

    /// The size of each image of the media library that `blocks` show, by URL (`/media/…`), when it is known.
    static func imageSizes(
        of blocks: [ArticleBlock], siteID: Site.ID, tx: isolated any ArticleRepository
    ) async throws -> [String: ImageSize] {
        var sizes: [String: ImageSize] = [:]
        for case .figure(let figure) in blocks {
            guard let url = figure.image, sizes[url] == nil, let size = try await tx.mediaSize(url: url, siteID: siteID)
            else { continue }
            sizes[url] = size
        }
        return sizes
    }

    static func target(
        of articleID: Article.ID, siteID: Site.ID, tx: isolated any ArticleRepository & SiteRepository
    ) async throws -> ReadAlsoTarget? {
        guard let article = try await tx.article(id: articleID), article.state == .published,
            let publishedAt = article.publishedAt, let site = try await tx.site(id: article.siteID)
        else { return nil }
        let url = Permalink.article(site: site.slug, slug: article.slug, publishedAt: publishedAt, timeZone: site.zone)
        return ReadAlsoTarget(title: article.title, url: url)
    }

    static func slugFromTitle(_ title: String) throws -> Slug {
        guard let slug = Slug(rawValue: Slugify.slug(title)) else {
            throw ValidationErrors([FieldError(field: "title", message: "le titre ne donne aucun identifiant d’URL", code: "no-slug")])
        }
        return slug
    }

    static func person(named name: String, tx: isolated any PeopleRepository) async throws -> Person {
        let name = name.trimmed
        guard let slug = Slug(rawValue: Slugify.slug(name)) else {
            throw ValidationErrors([FieldError(
                field: "authors", message: "« \(name) » n’est pas un nom d’auteur", code: "not-a-name", values: ["value": name])])
        }
        if let existing = try await tx.person(slug: slug) { return existing }
        let person = NewPerson(slug: slug, name: name)
        do { try person.validate() } catch let errors as ValidationErrors {
            throw ValidationErrors(errors.errors.map { FieldError(field: "authors", message: $0.message, code: $0.code, values: $0.values) })
        }
        return try await tx.insertPerson(person)
    }

    static func tag(named name: String, siteID: Site.ID, tx: isolated any TaxonomyRepository) async throws -> Tag {
        let name = name.trimmed
        guard let slug = Slug(rawValue: Slugify.slug(name)) else {
            throw ValidationErrors([FieldError(
                field: "tags", message: "« \(name) » n’est pas un nom d’étiquette", code: "not-a-name", values: ["value": name])])
        }
        if let existing = try await tx.tag(siteID: siteID, slug: slug) { return existing }
        let tag = NewTag(siteID: siteID, slug: slug, name: name)
        do { try tag.validate() } catch let errors as ValidationErrors {
            throw ValidationErrors(errors.errors.map { FieldError(field: "tags", message: $0.message, code: $0.code, values: $0.values) })
        }
        return try await tx.insertTag(tag)
    }

    private static func uniqueTagNames(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.map(\.trimmed).filter { !$0.isEmpty && seen.insert(Slugify.slug($0)).inserted }
    }
}

/// Articles that could not be rendered again (``ArticleService/renderStaleArticles(batchSize:)``), after every
/// other one was.
public struct StaleRenderingFailure: Error, CustomStringConvertible {
    public var rendered: Int
    public var failed: [Article.ID]

    public var description: String {
        "\(rendered) articles rendus à nouveau ; \(failed.count) en échec, gardés dans leur rendu précédent : "
            + failed.map { "\($0)" }.joined(separator: ", ")
    }
}
