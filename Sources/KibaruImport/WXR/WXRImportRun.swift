import Foundation
import KibaruCore
import KibaruServices
import KibaruText

/// The second pass of an import: each post or page with its comments and old addresses, as the reader streams
/// them, in the transaction of the batch being stored.
struct WXRImportRun {
    let site: Site
    let survey: WXRSurvey
    let options: WXRImportOptions
    let media: any MediaStorage
    let now: Date
    var report: WXRImportReport
    let progress: @Sendable (String) -> Void
    /// Media already copied in this run, original address → new one.
    private var copiedMedia: [String: String] = [:]
    private var seenRemote = Set<String>()
    private var stored = 0
    /// When the run started, for the time left that progress lines give.
    private let started = ContinuousClock.now
    /// People by WordPress login, tags by `taxonomy:slug`, as stored in this run.
    private var personIDs: [String: Person.ID] = [:]
    private var tagIDs: [String: Tag.ID] = [:]
    /// Articles stored by this run.
    private var claimed = Set<Article.ID>()

    init(
        site: Site, survey: WXRSurvey, options: WXRImportOptions, media: any MediaStorage, now: Date,
        report: WXRImportReport, progress: @escaping @Sendable (String) -> Void
    ) {
        self.site = site
        self.survey = survey
        self.options = options
        self.media = media
        self.now = now
        self.report = report
        self.progress = progress
    }

    private var siteID: Site.ID { site.id }

    /// The export's authors, categories and tags, stored even when no post uses them (as WordPress does). The
    /// default category ("Uncategorized") is left out.
    mutating func storeHeader(tx: isolated any ContentTransaction) async throws {
        for author in survey.authors.values.sorted(by: { $0.login < $1.login }) {
            _ = try await person(login: author.login, tx: tx)
        }
        for term in survey.terms where term.taxonomy == "category" || term.taxonomy == "post_tag" {
            _ = try await tag(domain: term.taxonomy, slug: term.slug, name: term.name, tx: tx)
        }
    }

    /// The person of a WordPress login (the export's author, named by their display name), made when needed.
    private mutating func person(login: String, tx: isolated any ContentTransaction) async throws -> Person.ID? {
        if let id = personIDs[login] { return id }
        let author = survey.authors[login]
        let name = String((author.map { $0.displayName.trimmed.isEmpty ? $0.login : $0.displayName } ?? login).trimmed.prefix(100))
        guard !name.isEmpty else { return nil }
        let id = try await person(named: name, fallbackSlug: Slugify.slug(login), tx: tx)
        personIDs[login] = id
        return id
    }

    private func person(
        named name: String, fallbackSlug: String, tx: isolated any ContentTransaction
    ) async throws -> Person.ID? {
        let candidates = [Slugify.slug(name), fallbackSlug, "auteur-\(Slugify.slug(String(name.unicodeScalars.map { String($0.value) }.joined())))"]
        guard let slug = candidates.lazy.compactMap({ Slug(rawValue: String($0.prefix(80))) }).first else { return nil }
        if let existing = try await tx.person(slug: slug) { return existing.id }
        let person = NewPerson(slug: slug, name: name)
        guard (try? person.validate()) != nil else { return nil }
        return try await tx.insertPerson(person).id
    }

    /// The tag of a WordPress category or tag, keyed by its WordPress slug (two categories may share a name);
    /// a category becomes a section when asked. `nil` for the default category.
    private mutating func tag(
        domain: String, slug wpSlug: String, name: String, tx: isolated any ContentTransaction
    ) async throws -> Tag.ID? {
        let key = "\(domain):\(wpSlug)"
        if let id = tagIDs[key] { return id }
        guard domain == "post_tag" || !Self.isUncategorized(wpSlug) else { return nil }
        let display = String(WXRText.plain(name).trimmed.prefix(100))
        let candidates = [Slugify.slug(wpSlug.removingPercentEncoding ?? wpSlug), Slugify.slug(display),
                          "etiquette-\(StableHash.fnv1a(key) % 1_000_000_007)"]
        guard !display.isEmpty, let slug = candidates.lazy.compactMap({ Slug(rawValue: String($0.prefix(80))) }).first else {
            return nil
        }
        let kind: TagKind? = domain == "category" && options.categories == .sections ? .section : nil
        var id: Tag.ID?
        if let existing = try await tx.tag(siteID: siteID, slug: slug) {
            id = existing.id
            if existing.kind == nil, let kind { try await tx.setTagKind(kind, tagID: existing.id) }
        } else {
            let tag = NewTag(siteID: siteID, slug: slug, name: display, kind: kind)
            guard (try? tag.validate()) != nil else { return nil }
            id = try await tx.insertTag(tag).id
        }
        tagIDs[key] = id
        return id
    }

    /// Whether a post of this WordPress status is imported (not auto-drafts, revisions…).
    static func isImported(status: String) -> Bool {
        ["publish", "future", "draft", "private", "pending", "trash"].contains(status)
    }

    /// The article a WordPress status becomes; `nil` for what is not imported (auto-drafts, revisions).
    private func state(of item: WXRItem, date: Date) -> PublishState? {
        switch item.status {
        case "publish", "future": date > now ? .scheduled : .published
        case "draft", "private": .draft
        case "pending": .review
        case "trash": .trash
        default: nil
        }
    }

    mutating func store(_ prepared: WXRPreparedItem, tx: isolated any ContentTransaction) async throws {
        let item = prepared.item
        guard item.postType == "post" || item.postType == "page" else {
            if item.postType != "attachment" { report.skipped[item.postType, default: 0] += 1 }
            try await redirectAttachment(item, tx: tx)
            return
        }
        let date = WXRDates.date(local: item.postDate, utc: item.postDateGMT, zone: site.zone) ?? now
        guard var state = state(of: item, date: date) else {
            report.skipped[item.status.isEmpty ? L("sans statut") : item.status, default: 0] += 1
            return
        }
        if !item.postPassword.isEmpty, state == .published || state == .scheduled {
            // Kibaru has no password-protected articles: what its author kept private stays private.
            state = .draft
            report.warnings.append(L(
                "« {title} » (n° {id}) est protégé par un mot de passe : importé en brouillon",
                ["title": item.title, "id": "\(item.postID)"]))
        }
        // Keyed on the WordPress id, else the GUID; two posts of one export never update the same article (some
        // exports repeat a GUID). A Kibaru export's ids are another network's: kept apart from WordPress ids.
        let source = item.meta.contains { $0.key == "_kibaru_markdown" } ? "kibaru" : "wordpress"
        var existingID = try await tx.importedArticleID(
            siteID: siteID, source: source, wpID: Int64(item.postID), guid: item.guid)
        if let id = existingID, claimed.contains(id) { existingID = nil }
        var draft = try await makeDraft(prepared, state: state, date: date, existingID: existingID, tx: tx)
        let article: Article
        do {
            article = try await save(&draft, wpID: item.postID, precomputed: prepared.precomputation, tx: tx)
        } catch let errors as ValidationErrors {
            report.warnings.append(L(
                "« {title} » (n° {id}) non importé : {errors}",
                ["title": item.title, "id": "\(item.postID)", "errors": ErrorWording.describe(errors)]))
            return
        }
        let articleID = article.id
        try await tx.setImportOrigin(ImportOrigin(
            source: source, siteID: siteID, wpID: Int64(item.postID), guid: item.guid, wpType: item.postType, wpStatus: item.status,
            articleID: articleID))
        claimed.insert(articleID)
        if existingID == nil { report.created += 1 } else { report.updated += 1 }
        if item.postType == "page" { report.pages += 1 }
        if article.state != .published { report.unpublished += 1 }
        try await storeComments(item.comments, articleID: articleID, source: source, tx: tx)
        try await redirectPost(item, to: article, tx: tx)
        stored += 1
        if stored % 500 == 0 {
            progress(ProgressLine(total: survey.postCount, things: L("articles et pages"), started: started).line(done: stored))
        }
    }

    /// Saves through the article service (rendering, references, entities); a slug used by another article of
    /// the site gets the WordPress id appended. Related articles are left to the server's background worker.
    private func save(
        _ draft: inout ArticleDraft, wpID: Int, precomputed: ArticlePrecomputation?, tx: isolated any ContentTransaction
    ) async throws -> Article {
        do {
            return try await ArticleService.save(draft, in: tx, now: now, relatedNow: false, precomputed: precomputed)
        } catch ContentError.slugTaken(let slug) {
            draft.slug = Slug(rawValue: "\(slug.rawValue.prefix(70))-\(wpID)")
            return try await ArticleService.save(draft, in: tx, now: now, relatedNow: false, precomputed: precomputed)
        }
    }

    private mutating func makeDraft(
        _ prepared: WXRPreparedItem, state: PublishState, date: Date, existingID: Article.ID?,
        tx: isolated any ContentTransaction
    ) async throws -> ArticleDraft {
        let item = prepared.item
        let meta = Dictionary(item.meta.map { ($0.key, $0.value) }) { first, _ in first }
        // The media the conversion named are copied and recorded now, in the batch's transaction.
        for url in prepared.mediaURLs { _ = try await media(url, tx: tx) }
        for name in prepared.unknownShortcodes { report.unknownShortcodes[name, default: 0] += 1 }
        let (title, shortened) = WXRPreparedItem.title(of: item)
        if shortened {
            report.warnings.append(L(
                "« {title}… » (n° {id}) : titre raccourci à {length} caractères",
                ["title": String(title.prefix(60)), "id": "\(item.postID)", "length": "\(Article.maximumTitleLength)"]))
        }
        var slugText = Slugify.slug(item.postName.removingPercentEncoding ?? item.postName)
        // A published post keeps its own address: a draft or a page without a name of its own that would take
        // the same slug (drafts often have none, and get their title's) is given its WordPress id as well.
        let published = state == .published || state == .scheduled
        let effectiveSlug = slugText.isEmpty ? Slugify.slug(title) : slugText
        if !published, existingID == nil, survey.publishedSlugs.contains(effectiveSlug) {
            slugText = "\(effectiveSlug.prefix(70))-\(item.postID)"
        }
        var authorIDs: [Person.ID] = []
        if let id = try await person(login: item.creator, tx: tx) { authorIDs.append(id) }
        for coauthor in item.terms where coauthor.domain == "author" {
            if let id = try await person(named: WXRText.plain(coauthor.name).trimmed, fallbackSlug: Slugify.slug(coauthor.slug), tx: tx) {
                authorIDs.append(id)
            }
        }
        if authorIDs.isEmpty, let id = try await person(named: "Rédaction", fallbackSlug: "redaction", tx: tx) { authorIDs = [id] }
        var tagIDs: [Tag.ID] = []
        for term in item.terms where term.domain == "post_tag" || term.domain == "category" {
            if let id = try await tag(domain: term.domain, slug: term.slug, name: term.name, tx: tx) { tagIDs.append(id) }
        }
        let featured = try await featuredFigure(meta, tx: tx)
        return ArticleDraft(
            id: existingID, siteSlug: site.slug, slug: Slug(rawValue: slugText), title: title,
            standfirst: WXRPreparedItem.standfirst(of: item), bodyMarkdown: prepared.body, authorNames: [],
            tagNames: [], state: state, publishedAt: state == .draft || state == .review ? nil : date,
            featuredFigure: featured, commentsClosed: item.commentStatus == "closed",
            isPage: item.postType == "page", authorIDs: authorIDs, tagIDs: tagIDs)
    }

    /// The featured image: Kibaru's own figure when the export came from Kibaru, else the `_thumbnail_id`
    /// attachment with its caption (credit recognised) and alternative text.
    private mutating func featuredFigure(
        _ meta: [String: String], tx: isolated any ContentTransaction
    ) async throws -> Figure? {
        if let json = meta["_kibaru_figure"], let data = json.data(using: .utf8),
            let figure = try? JSONDecoder().decode(Figure.self, from: data)
        {
            return figure
        }
        guard let id = meta["_thumbnail_id"].flatMap({ Int($0.trimmed) }), let attachment = survey.attachments[id] else {
            return nil
        }
        let caption = WXRText.plain(attachment.caption).trimmed
        let credited = WordPressHTML.Writer.credit(in: caption)
        let image = try await media(attachment.url, tx: tx)
        let figure = Figure(
            image: image, alt: attachment.alt, caption: credited.caption,
            credit: Credit(author: credited.author, source: credited.source))
        return (try? figure.validate()) == nil ? nil : figure
    }

    /// The address to use for a media file: copied under `media/wp/{site}/` from `--media` when it is there,
    /// else the original address (listed in the report).
    private mutating func media(_ url: String, tx: isolated any ContentTransaction) async throws -> String {
        if let done = copiedMedia[url] { return done }
        guard let (source, path) = Self.libraryFile(for: url, site: site.slug, mediaDirectory: options.mediaDirectory)
        else { return remote(url) }
        if !options.dryRun {
            // Already done by the reader's thread unless that failed: then again here, to report the error.
            try media.copy(fileAt: source, to: path)
            if try await tx.mediaItem(siteID: siteID, path: path) == nil {
                let size = media.size(of: path) ?? 0
                _ = try await tx.insertMedia(NewMediaItem(
                    siteID: siteID, path: path, mediaType: MediaTypes.type(ofFile: path), width: 0, height: 0,
                    byteCount: size, alt: "", caption: "", credit: Credit(), uploadedBy: "import WordPress",
                    createdAt: now))
            }
        }
        report.mediaCopied += 1
        let address = Self.address(ofLibraryPath: path)
        copiedMedia[url] = address
        return address
    }

    /// The file of `--media` that an address of the export names, and its path in the library (`wp/{site}/…`);
    /// `nil` when the address is not an upload of the blog or the file is not there.
    static func libraryFile(for url: String, site: Slug, mediaDirectory: String?) -> (source: String, path: String)? {
        guard let marker = url.range(of: "/wp-content/uploads/") else { return nil }
        let relative = String(url[marker.upperBound...]).split(separator: "?").first.map(String.init) ?? ""
        guard let directory = mediaDirectory, let decoded = safeRelativePath(relative),
            let source = regularFile(decoded, under: directory)
        else { return nil }
        return (source, "wp/\(site.rawValue)/\(decoded)")
    }

    /// The public address of a file of the library.
    static func address(ofLibraryPath path: String) -> String {
        "/media/" + path.split(separator: "/").map { QueryEncoding.encode(String($0)) }.joined(separator: "/")
    }

    /// The address a media URL of the export is written with in an article: ``media(_:tx:)``'s, without copying
    /// anything (the batch's transaction copies and records the file).
    static func mediaAddress(for url: String, site: Slug, mediaDirectory: String?) -> String {
        libraryFile(for: url, site: site, mediaDirectory: mediaDirectory).map { address(ofLibraryPath: $0.path) } ?? url
    }

    /// A percent-decoded path made of plain names only: no `..`, `.`, empty or hidden component.
    static func safeRelativePath(_ encoded: String) -> String? {
        guard let decoded = encoded.removingPercentEncoding, !decoded.isEmpty else { return nil }
        let components = decoded.split(separator: "/", omittingEmptySubsequences: false)
        guard components.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") && !$0.contains("\\") && !$0.contains("\u{0}") })
        else { return nil }
        return decoded
    }

    /// The path of `relative` under `directory` when it is a regular file that (symbolic links resolved) lies
    /// inside it.
    static func regularFile(_ relative: String, under directory: String) -> String? {
        let base = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath().path
        let file = URL(fileURLWithPath: base).appendingPathComponent(relative).standardizedFileURL
            .resolvingSymlinksInPath().path
        guard file.hasPrefix(base + "/"),
            let type = try? FileManager.default.attributesOfItem(atPath: file)[.type] as? FileAttributeType,
            type == .typeRegular
        else { return nil }
        return file
    }

    private mutating func remote(_ url: String) -> String {
        if url.hasPrefix("http"), seenRemote.insert(url).inserted { report.remoteMedia.append(url) }
        return url
    }

    /// Comments keyed on their id in `source`: one already imported is updated (its text; Kibaru's moderation
    /// stays), one erased since is not brought back.
    private mutating func storeComments(
        _ comments: [WXRComment], articleID: Article.ID, source: String, tx: isolated any ContentTransaction
    ) async throws {
        for comment in comments.sorted(by: { $0.id < $1.id }) {
            guard comment.type.isEmpty || comment.type == "comment" else {
                report.skipped[comment.type, default: 0] += 1
                continue
            }
            let status: CommentStatus
            switch comment.approved {
            case "1", "approve": status = .approved
            case "spam": status = .spam
            case "trash", "post-trashed": status = .trash
            default: status = .pending
            }
            let body = WXRText.plain(comment.content).trimmed
            guard !body.isEmpty else {
                report.skipped[L("commentaire vide"), default: 0] += 1
                continue
            }
            let origin = try await tx.importedComment(siteID: siteID, source: source, wpID: Int64(comment.id))
            if origin == .erased {
                report.skipped[L("commentaire effacé depuis"), default: 0] += 1
                continue
            }
            var parentID: Comment.ID?
            if comment.parentID != 0,
                case .stored(let id)? = try await tx.importedComment(siteID: siteID, source: source, wpID: Int64(comment.parentID))
            {
                parentID = id
            }
            let website = comment.authorURL.trimmed
            var stored = NewComment(
                articleID: articleID, parentID: parentID,
                authorName: WXRText.plain(comment.author).trimmed.isEmpty ? "Anonyme" : String(WXRText.plain(comment.author).trimmed.prefix(100)),
                body: body, createdAt: WXRDates.date(local: comment.date, utc: comment.dateGMT, zone: site.zone) ?? now,
                status: status, email: comment.authorEmail.trimmed.isEmpty ? nil : comment.authorEmail.trimmed,
                website: website.hasPrefix("http://") || website.hasPrefix("https://") ? website : nil,
                clientAddress: comment.authorIP.trimmed.isEmpty ? nil : comment.authorIP.trimmed)
            if case .stored(let id)? = origin, let existing = try await tx.comment(id: id) {
                stored.status = existing.status
                stored.verdicts = existing.verdicts
                try await tx.updateComment(Comment(id: id, stored))
            } else {
                let inserted = try await tx.insertComment(stored)
                try await tx.setCommentOrigin(siteID: siteID, source: source, wpID: Int64(comment.id), commentID: inserted.id)
            }
            report.comments += 1
        }
    }

    // MARK: Old addresses

    /// `/?p=ID` (and `/?page_id=ID`), the post's old permalink and its feed answer with a 301 to the article.
    private mutating func redirectPost(
        _ item: WXRItem, to article: Article, tx: isolated any ContentTransaction
    ) async throws {
        // Only to what readers may see: a scheduled post's address would give its headline away.
        guard article.state == .published, let publishedAt = article.publishedAt else { return }
        let target = Permalink.article(site: site.slug, slug: article.slug, publishedAt: publishedAt, timeZone: site.zone)
        var paths = [item.postType == "page" ? "/?page_id=\(item.postID)" : "/?p=\(item.postID)", "/?p=\(item.postID)"]
        for url in [item.link, item.guid] {
            if let path = legacyPath(url), path != "/" { paths.append(path) }
        }
        for path in Set(paths) where path != target {
            try await redirect(path, to: target, tx: tx)
            if !path.contains("?") { try await redirect(path.hasSuffix("/") ? path + "feed/" : path + "/feed/", to: target + "feed/", tx: tx) }
        }
    }

    /// An attachment's page and `/?attachment_id=ID` lead to the file.
    private mutating func redirectAttachment(_ item: WXRItem, tx: isolated any ContentTransaction) async throws {
        guard item.postType == "attachment", let url = item.attachmentURL ?? (item.guid.isEmpty ? nil : item.guid) else {
            return
        }
        let target = try await media(url, tx: tx)
        // Only to a file of the library: an address elsewhere, from the export, would make an open redirect.
        guard target.hasPrefix("/media/") else { return }
        try await redirect("/?attachment_id=\(item.postID)", to: target, tx: tx)
        if let path = legacyPath(item.link), path != "/" { try await redirect(path, to: target, tx: tx) }
    }

    /// `/category/{parents…}/{slug}/`, `/tag/{slug}/` and `/author/{login}/` (and their feeds) lead to the tag and
    /// author pages they became.
    mutating func storeTermRedirects(tx: isolated any ContentTransaction) async throws {
        let parents = survey.categoryParents
        let termIDs = Dictionary(survey.terms.map { ("\($0.taxonomy):\($0.slug)", $0.id) }) { first, _ in first }
        for (key, id) in tagIDs.sorted(by: { $0.key < $1.key }) {
            guard let tag = try await tx.tag(id: id), let colon = key.firstIndex(of: ":") else { continue }
            let taxonomy = String(key[..<colon]), wpSlug = String(key[key.index(after: colon)...])
            let target = Permalink.tag(site: site.slug, tag: tag.slug)
            let path: String
            if taxonomy == "category" {
                var chain = [wpSlug]
                var current = wpSlug
                while let parent = parents[current], !chain.contains(parent), chain.count < 10 {
                    chain.insert(parent, at: 0)
                    current = parent
                }
                path = "/category/" + chain.joined(separator: "/") + "/"
                if let termID = termIDs[key] ?? nil { try await redirect("/?cat=\(termID)", to: target, tx: tx) }
            } else {
                path = "/tag/\(wpSlug)/"
            }
            try await redirect(path, to: target, tx: tx)
            try await redirect(path + "feed/", to: target + "feed/", tx: tx)
        }
        for (login, id) in personIDs {
            guard let person = try await tx.person(id: id) else { continue }
            let target = Permalink.author(site: site.slug, person: person.slug)
            try await redirect("/author/\(login)/", to: target, tx: tx)
            try await redirect("/author/\(login)/feed/", to: target + "feed/", tx: tx)
        }
    }

    private mutating func redirect(
        _ path: String, to target: String, tx: isolated any ContentTransaction
    ) async throws {
        guard path != target, path.count <= 2_000, target.hasPrefix("/"), !target.hasPrefix("//") else { return }
        if !options.dryRun { try await tx.setLegacyRedirect(siteID: siteID, path: path, target: target) }
        report.redirects += 1
    }

    /// The path (and `?p=`-style query) of an old address of the blog, relative to the blog's root; `nil` for an
    /// address elsewhere.
    func legacyPath(_ url: String) -> String? {
        guard let components = URLComponents(string: url.trimmed), components.host != nil || url.hasPrefix("/") else {
            return nil
        }
        let base = URLComponents(string: survey.channel?.baseBlogURL ?? survey.channel?.link ?? "")
        if let host = components.host, let baseHost = base?.host, host.lowercased() != baseHost.lowercased() {
            return nil
        }
        var path = components.percentEncodedPath
        let basePath = (base?.percentEncodedPath ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        if !basePath.isEmpty, path.hasPrefix("/" + basePath) { path = String(path.dropFirst(basePath.count + 1)) }
        if path.isEmpty { path = "/" }
        if let query = components.percentEncodedQuery, !query.isEmpty { path += "?" + query }
        return path
    }

    static func isUncategorized(_ slug: String) -> Bool {
        ["uncategorized", "non-classe", "sans-categorie"].contains(slug)
    }
}
