import Foundation
import GRDB
import KibaruCore
import KibaruText

/// ``ContentTransaction`` over one GRDB connection in a transaction.
///
/// Its work runs on the connection's thread: the transaction's body is isolated to it, and its executor
/// (``ConnectionExecutor``) is that thread, so that its synchronous operations are plain calls there. The store's
/// own queries use them inside GRDB's closures too (``using(_:_:)``).
actor SQLiteTransaction: ContentTransaction {
    let db: Database
    nonisolated let executor: ConnectionExecutor

    /// A transaction whose body runs on `executor`, the thread that holds the connection.
    init(_ connection: LentConnection, executor: ConnectionExecutor) {
        self.db = connection.db
        self.executor = executor
    }

    /// Runs `body` with the operations on `db`, synchronously, inside one of GRDB's closures (on the connection's
    /// thread, where a transaction's executor would run it).
    static func using<T: Sendable>(_ db: Database, _ body: (isolated SQLiteTransaction) throws -> T) rethrows -> T {
        try SQLiteTransaction(LentConnection(db: db), executor: .current()).assumeIsolated(body)
    }

    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    func network() throws -> Network? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT title, tagline FROM network WHERE id = 1")).map {
            Network(title: $0["title"], tagline: $0["tagline"])
        }
    }

    func saveNetwork(_ network: Network) throws {
        try db.cachedStatement(sql: """
                INSERT INTO network (id, title, tagline) VALUES (1, ?, ?)
                ON CONFLICT (id) DO UPDATE SET title = excluded.title, tagline = excluded.tagline
                """).execute(arguments: [network.title, network.tagline])
    }

    func site(slug: Slug) throws -> Site? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM site WHERE slug = ?"), arguments: [slug.rawValue]).map(RowMapping.site)
    }

    func site(id: Site.ID) throws -> Site? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM site WHERE id = ?"), arguments: [id]).map(RowMapping.site)
    }

    func insertSite(_ site: NewSite) throws -> Site {
        if try self.site(slug: site.slug) != nil { throw ContentError.slugTaken(site.slug) }
        if let host = site.host, try Row.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM site WHERE host = ?"), arguments: [host]) != nil {
            throw ContentError.slugTaken(site.slug)
        }
        try db.cachedStatement(sql: """
                INSERT INTO site (slug, title, tagline, language, time_zone, host, comment_mode, comments_close_after_days,
                    comment_block_list, french_typography, accent_color, logo)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                site.slug.rawValue, site.title, site.tagline, site.language, site.timeZone, site.host,
                site.commentMode.rawValue, site.commentsCloseAfterDays, site.commentBlockList.joined(separator: "\n"),
                site.frenchTypography, site.accentColor, site.logo,
            ])
        return Site(id: Site.ID(db.lastInsertedRowID), site)
    }

    func person(slug: Slug) throws -> Person? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM person WHERE slug = ?"), arguments: [slug.rawValue])
            .map(RowMapping.person)
    }

    func insertPerson(_ person: NewPerson) throws -> Person {
        if try self.person(slug: person.slug) != nil { throw ContentError.slugTaken(person.slug) }
        try db.cachedStatement(sql: "INSERT INTO person (slug, name, bio) VALUES (?, ?, ?)").execute(arguments: [person.slug.rawValue, person.name, person.bio])
        return Person(id: Person.ID(db.lastInsertedRowID), person)
    }

    func tag(siteID: Site.ID, slug: Slug) throws -> Tag? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM tag WHERE site_id = ? AND slug = ?"), arguments: [siteID, slug.rawValue])
            .map(RowMapping.tag)
    }

    func insertTag(_ tag: NewTag) throws -> Tag {
        if try self.tag(siteID: tag.siteID, slug: tag.slug) != nil { throw ContentError.slugTaken(tag.slug) }
        try db.cachedStatement(sql: "INSERT INTO tag (site_id, slug, name, kind) VALUES (?, ?, ?, ?)").execute(arguments: [tag.siteID, tag.slug.rawValue, tag.name, tag.kind?.rawValue])
        return Tag(id: Tag.ID(db.lastInsertedRowID), tag)
    }

    func article(id: Article.ID) throws -> Article? {
        try ArticleQueries.article(db, where: "id = ?", arguments: [id])
    }

    func article(siteID: Site.ID, slug: Slug) throws -> Article? {
        try ArticleQueries.article(db, where: "site_id = ? AND slug = ?", arguments: [siteID, slug.rawValue])
    }

    func publishedArticles(siteID: Site.ID, titled title: String) throws -> [Article] {
        let ids = try Article.ID.fetchAll(
            db.cachedStatement(sql: """
                SELECT id FROM article WHERE site_id = ? AND title_key = ? AND state = 'published'
                ORDER BY published_at DESC, id DESC
                """), arguments: [siteID, TitleKey.make(title)])
        return try ids.compactMap { try article(id: $0) }
    }

    func saveArticle(_ article: NewArticle, id existingID: Article.ID?) throws -> Article {
        if let clash = try Article.ID.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM article WHERE site_id = ? AND slug = ?"),
            arguments: [article.siteID, article.slug.rawValue]), clash != existingID
        {
            throw ContentError.slugTaken(article.slug)
        }
        let values: [(any DatabaseValueConvertible)?] = [
            article.siteID, article.slug.rawValue, article.title, TitleKey.make(article.title), article.standfirst,
            article.bodyMarkdown, article.bodyHTML, article.bodyText, article.excerpt ?? Excerpt.make(article.bodyText),
            article.rendererVersion, article.state.rawValue,
            article.publishedAt, try RowMapping.figureJSON(article.featuredFigure), article.createdAt,
            article.updatedAt, article.version, article.ownerID, article.commentsClosed, article.isPage,
        ]
        let id: Article.ID
        if let existingID {
            id = existingID
            try db.cachedStatement(sql: """
                    UPDATE article SET site_id = ?, slug = ?, title = ?, title_key = ?, standfirst = ?,
                        body_markdown = ?, body_html = ?, body_text = ?, excerpt = ?, renderer_version = ?, state = ?,
                        published_at = ?, featured_figure = ?, created_at = ?, updated_at = ?, version = ?,
                        owner_id = ?, comments_closed = ?, is_page = ?
                    WHERE id = ?
                    """).execute(arguments: StatementArguments(values + [id]))
            guard db.changesCount == 1 else { throw ContentError.notFound(what: L("article {id}", ["id": "\(id)"])) }
        } else {
            try db.cachedStatement(sql: """
                    INSERT INTO article (site_id, slug, title, title_key, standfirst, body_markdown, body_html,
                        body_text, excerpt, renderer_version, state, published_at, featured_figure, created_at,
                        updated_at, version, owner_id, comments_closed, is_page)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: StatementArguments(values))
            id = Article.ID(db.lastInsertedRowID)
        }
        try setLinks(in: "article_author", column: "person_id", of: id, to: article.authors.map(\.id.rawValue))
        let tagIDs = try article.tags.map { tag in
            guard tag.siteID == article.siteID else {
                throw ContentError.notFound(what: L("étiquette « {name} » du site", ["name": "\(tag.name)"]))
            }
            return tag.id.rawValue
        }
        try setLinks(in: "article_tag", column: "tag_id", of: id, to: tagIDs)
        try SearchIndex.update(db, articleID: id)
        return Article(id: id, article)
    }

    /// Makes an article's rows of `table` (`article_author`, `article_tag`) link it to `ids` in that order,
    /// touching only the rows that change: the change log then names only the listings an article joined or
    /// left.
    private func setLinks(in table: String, column: String, of articleID: Article.ID, to ids: [Int64]) throws {
        let current = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT \(column) AS linked, position FROM \(table) WHERE article_id = ?"), arguments: [articleID]
        ).reduce(into: [Int64: Int]()) { $0[$1["linked"]] = $1["position"] }
        let wanted = Dictionary(ids.enumerated().map { ($1, $0) }) { first, _ in first }
        for (linked, _) in current where wanted[linked] == nil {
            try db.cachedStatement(sql: "DELETE FROM \(table) WHERE article_id = ? AND \(column) = ?").execute(arguments: [articleID, linked])
        }
        for (linked, position) in wanted where current[linked] != position {
            try db.cachedStatement(sql: """
                    INSERT INTO \(table) (article_id, \(column), position) VALUES (?, ?, ?)
                    ON CONFLICT DO UPDATE SET position = excluded.position
                    """).execute(arguments: [articleID, linked, position])
        }
    }

    func setEntities(_ entities: [ArticleEntity], articleID: Article.ID) throws {
        let current = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT slug, name, kind, mentions FROM article_entity WHERE article_id = ? ORDER BY slug"),
            arguments: [articleID]
        ).map { row in "\(row["slug"] as String)|\(row["name"] as String)|\(row["kind"] as String)|\(row["mentions"] as Int)" }
        var seen = Set<String>()
        let wanted = entities.filter { seen.insert($0.slug.rawValue).inserted }.sorted { $0.slug.rawValue < $1.slug.rawValue }
            .map { "\($0.slug.rawValue)|\($0.name)|\($0.kind.rawValue)|\($0.mentions)" }
        guard current != wanted else { return }  // unchanged: the article's page stays as it is
        try db.cachedStatement(sql: "DELETE FROM article_entity WHERE article_id = ?").execute(arguments: [articleID])
        for entity in entities {
            try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO article_entity (article_id, site_id, slug, name, kind, mentions)
                    SELECT id, site_id, ?, ?, ?, ? FROM article WHERE id = ?
                    """).execute(arguments: [entity.slug.rawValue, entity.name, entity.kind.rawValue, entity.mentions, articleID])
        }
    }

    func similarArticles(to input: SimilarityInput, excluding: Article.ID?, limit: Int) throws -> [Article.ID] {
        try SearchIndex.similar(db, to: input, excluding: excluding, limit: limit)
    }

    func setRelatedArticles(_ related: [Article.ID], articleID: Article.ID) throws {
        var seen: Set<Article.ID> = [articleID]
        guard try relatedArticleIDs(articleID: articleID) != related.filter({ seen.insert($0).inserted }) else {
            return  // unchanged: the article's page stays as it is
        }
        try db.cachedStatement(sql: "DELETE FROM article_related WHERE article_id = ?").execute(arguments: [articleID])
        for (position, relatedID) in related.enumerated() where relatedID != articleID {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO article_related (article_id, related_id, position) VALUES (?, ?, ?)").execute(arguments: [articleID, relatedID, position])
        }
    }

    func relatedArticleIDs(articleID: Article.ID) throws -> [Article.ID] {
        try Article.ID.fetchAll(
            db.cachedStatement(sql: "SELECT related_id FROM article_related WHERE article_id = ? ORDER BY position"),
            arguments: [articleID])
    }

    func rejectReadAlsoSuggestion(_ relatedID: Article.ID, articleID: Article.ID) throws {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO read_also_rejection (article_id, related_id) VALUES (?, ?)").execute(arguments: [articleID, relatedID])
    }

    func rejectedReadAlsoSuggestions(articleID: Article.ID) throws -> Set<Article.ID> {
        Set(try Article.ID.fetchAll(
            db.cachedStatement(sql: "SELECT related_id FROM read_also_rejection WHERE article_id = ?"), arguments: [articleID]))
    }

    func setTagKind(_ kind: TagKind?, tagID: Tag.ID) throws {
        try db.cachedStatement(sql: "UPDATE tag SET kind = ? WHERE id = ?").execute(arguments: [kind?.rawValue, tagID])
    }

    func setReferences(from articleID: Article.ID, to references: [ArticleReference]) throws {
        try db.cachedStatement(sql: "DELETE FROM article_reference WHERE article_id = ?").execute(arguments: [articleID])
        for reference in Set(references) where reference.targetID != nil || reference.targetTitle != nil {
            try db.cachedStatement(sql: "INSERT INTO article_reference (article_id, target_id, target_title_key) VALUES (?, ?, ?)").execute(arguments: [articleID, reference.targetID, reference.targetTitle.map(TitleKey.make)])
        }
    }

    func articlesReferring(to articleID: Article.ID) throws -> [Article.ID] {
        try Article.ID.fetchAll(
            db.cachedStatement(sql: "SELECT DISTINCT article_id FROM article_reference WHERE target_id = ? ORDER BY article_id"),
            arguments: [articleID])
    }

    func articlesWithUnresolvedReference(siteID: Site.ID, title: String) throws -> [Article.ID] {
        try Article.ID.fetchAll(
            db.cachedStatement(sql: """
                SELECT DISTINCT r.article_id FROM article_reference r JOIN article a ON a.id = r.article_id
                WHERE a.site_id = ? AND r.target_id IS NULL AND r.target_title_key = ? ORDER BY r.article_id
                """), arguments: [siteID, TitleKey.make(title)])
    }

    func articlesRendered(before version: Int) throws -> [Article.ID] {
        try Article.ID.fetchAll(db.cachedStatement(sql: "SELECT id FROM article WHERE renderer_version < ? ORDER BY id"), arguments: [version])
    }

    func insertComment(_ comment: NewComment) throws -> Comment {
        if let parentID = comment.parentID {
            let parentArticle = try Article.ID.fetchOne(
                db.cachedStatement(sql: "SELECT article_id FROM comment WHERE id = ?"), arguments: [parentID])
            guard parentArticle == comment.articleID else {
                throw ContentError.notFound(what: L("commentaire {parentID} de l’article {articleID}", ["parentID": "\(parentID)", "articleID": "\(comment.articleID)"]))
            }
        }
        try db.cachedStatement(sql: """
                INSERT INTO comment (article_id, parent_id, author_name, body, created_at, approved, status, email,
                    website, client_address, verdicts)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                comment.articleID, comment.parentID, comment.authorName, comment.body, comment.createdAt,
                comment.approved, comment.status.rawValue, comment.email?.lowercased(), comment.website,
                comment.clientAddress, try RowMapping.verdictsJSON(comment.verdicts),
            ])
        return Comment(id: Comment.ID(db.lastInsertedRowID), comment)
    }

    func deleteComments(articleID: Article.ID) throws {
        try db.cachedStatement(sql: "DELETE FROM comment WHERE article_id = ?").execute(arguments: [articleID])
    }

    // MARK: Staff

    func staff(id: StaffMember.ID) throws -> StaffMember? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM staff WHERE id = ?"), arguments: [id]).map(RowMapping.staff)
    }

    func staff(email: String) throws -> StaffMember? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM staff WHERE email = ?"), arguments: [email.lowercased()])
            .map(RowMapping.staff)
    }

    func insertStaff(_ staff: NewStaffMember) throws -> StaffMember {
        if try self.staff(email: staff.email) != nil {
            throw ValidationErrors([FieldError(
                field: "email", message: "« \(staff.email) » a déjà un compte", code: "account-exists",
                values: ["value": staff.email])])
        }
        try db.cachedStatement(sql: """
                INSERT INTO staff (email, name, password_hash, is_network_admin, person_id, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [staff.email, staff.name, staff.passwordHash, staff.isNetworkAdmin, staff.personID, staff.createdAt])
        return StaffMember(id: StaffMember.ID(db.lastInsertedRowID), staff)
    }

    func deleteStaff(id: StaffMember.ID) throws {
        try db.cachedStatement(sql: "DELETE FROM staff WHERE id = ?").execute(arguments: [id])
    }

    func networkAdministratorCount() throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM staff WHERE is_network_admin")) ?? 0
    }

    func updatePassword(staffID: StaffMember.ID, hash: String) throws {
        try db.cachedStatement(sql: "UPDATE staff SET password_hash = ? WHERE id = ?").execute(arguments: [hash, staffID])
        guard db.changesCount == 1 else { throw ContentError.notFound(what: L("compte {staffID}", ["staffID": "\(staffID)"])) }
    }

    func memberships(staffID: StaffMember.ID) throws -> [Membership] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM membership WHERE staff_id = ? ORDER BY site_id"), arguments: [staffID])
            .compactMap(RowMapping.membership)
    }

    func setRole(_ role: Role?, staffID: StaffMember.ID, siteID: Site.ID) throws {
        if let role {
            try db.cachedStatement(sql: """
                    INSERT INTO membership (staff_id, site_id, role) VALUES (?, ?, ?)
                    ON CONFLICT (staff_id, site_id) DO UPDATE SET role = excluded.role
                    """).execute(arguments: [staffID, siteID, role.rawValue])
        } else {
            try db.cachedStatement(sql: "DELETE FROM membership WHERE staff_id = ? AND site_id = ?").execute(arguments: [staffID, siteID])
        }
    }

    func insertSession(tokenHash: String, staffID: StaffMember.ID, csrfToken: String, createdAt: Date, expiresAt: Date) throws {
        try db.cachedStatement(sql: """
                INSERT INTO staff_session (token_hash, staff_id, csrf_token, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?)
                """).execute(arguments: [tokenHash, staffID, csrfToken, createdAt, expiresAt])
        try db.cachedStatement(sql: "DELETE FROM staff_session WHERE expires_at < ?").execute(arguments: [createdAt])
    }

    func deleteSession(tokenHash: String) throws {
        try db.cachedStatement(sql: "DELETE FROM staff_session WHERE token_hash = ?").execute(arguments: [tokenHash])
    }

    func deleteSessions(staffID: StaffMember.ID) throws {
        try db.cachedStatement(sql: "DELETE FROM staff_session WHERE staff_id = ?").execute(arguments: [staffID])
    }

    func insertAPIToken(_ token: NewAPIToken) throws -> APIToken {
        try token.validate()
        try db.cachedStatement(sql: """
                INSERT INTO api_token (staff_id, name, scopes, token_hash, prefix, created_at, last_used_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                    token.staffID, token.name, token.scopes.sorted().map(\.rawValue).joined(separator: ","), token.tokenHash,
                    token.prefix, token.createdAt, token.lastUsedAt,
                ])
        return APIToken(id: APIToken.ID(db.lastInsertedRowID), token)
    }

    func apiToken(id: APIToken.ID) throws -> APIToken? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM api_token WHERE id = ?"), arguments: [id])
            .map(RowMapping.apiToken)
    }

    func apiTokenCount(staffID: StaffMember.ID) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM api_token WHERE staff_id = ?"), arguments: [staffID]) ?? 0
    }

    func deleteAPIToken(id: APIToken.ID) throws {
        try db.cachedStatement(sql: "DELETE FROM api_token WHERE id = ?").execute(arguments: [id])
    }

    func touchAPIToken(id: APIToken.ID, at date: Date) throws {
        try db.cachedStatement(sql: "UPDATE api_token SET last_used_at = ? WHERE id = ?").execute(arguments: [date, id])
    }

    func recordLoginFailure(key: String, at: Date) throws -> Int64 {
        try db.cachedStatement(sql: "INSERT INTO login_failure (key, at) VALUES (?, ?)").execute(arguments: [key, at])
        let id = db.lastInsertedRowID
        try db.cachedStatement(sql: "DELETE FROM login_failure WHERE at < ?").execute(arguments: [at.addingTimeInterval(-86_400)])
        return id
    }

    func removeLoginFailure(id: Int64) throws {
        try db.cachedStatement(sql: "DELETE FROM login_failure WHERE rowid = ?").execute(arguments: [id])
    }

    func loginFailures(key: String, since: Date) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM login_failure WHERE key = ? AND at >= ?"), arguments: [key, since])
            ?? 0
    }

    func clearLoginFailures(key: String) throws {
        try db.cachedStatement(sql: "DELETE FROM login_failure WHERE key = ?").execute(arguments: [key])
    }

    func insertPasswordReset(tokenHash: String, staffID: StaffMember.ID, expiresAt: Date) throws {
        try db.cachedStatement(sql: "INSERT INTO password_reset (token_hash, staff_id, expires_at) VALUES (?, ?, ?)").execute(arguments: [tokenHash, staffID, expiresAt])
    }

    func consumePasswordReset(tokenHash: String, now: Date) throws -> StaffMember.ID? {
        guard let staffID = try StaffMember.ID.fetchOne(
            db.cachedStatement(sql: "SELECT staff_id FROM password_reset WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?"),
            arguments: [tokenHash, now])
        else { return nil }
        try db.cachedStatement(sql: "UPDATE password_reset SET used_at = ? WHERE token_hash = ?").execute(arguments: [now, tokenHash])
        return staffID
    }

    func insertAudit(_ entry: NewAuditEntry) throws {
        try db.cachedStatement(sql: "INSERT INTO audit_log (at, actor_id, actor_name, action, site_id, subject) VALUES (?, ?, ?, ?, ?, ?)").execute(arguments: [entry.at, entry.actorID, entry.actorName, entry.action, entry.siteID, entry.subject])
    }

    func insertRevision(_ revision: NewRevision) throws {
        try db.cachedStatement(sql: """
                INSERT INTO revision (article_id, version, title, standfirst, body_markdown, saved_at, saved_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                revision.articleID, revision.version, revision.title, revision.standfirst, revision.bodyMarkdown,
                revision.savedAt, revision.savedBy,
            ])
    }

    func revision(articleID: Article.ID, version: Int) throws -> Revision? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM revision WHERE article_id = ? AND version = ? ORDER BY id DESC LIMIT 1"),
            arguments: [articleID, version]
        ).map(RowMapping.revision)
    }

    func articlesDue(at now: Date) throws -> [Article.ID] {
        try Article.ID.fetchAll(
            db.cachedStatement(sql: "SELECT id FROM article WHERE state = 'scheduled' AND published_at <= ? ORDER BY published_at"),
            arguments: [now])
    }

    func insertMedia(_ item: NewMediaItem) throws -> MediaItem {
        try db.cachedStatement(sql: """
                INSERT INTO media (site_id, path, media_type, width, height, byte_count, alt, caption, credit_author,
                    credit_source, credit_licence, credit_url, uploaded_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                item.siteID, item.path, item.mediaType, item.width, item.height, item.byteCount, item.alt, item.caption,
                item.credit.author, item.credit.source, item.credit.licence, item.credit.sourceURL, item.uploadedBy,
                item.createdAt,
            ])
        return MediaItem(id: MediaItem.ID(db.lastInsertedRowID), item)
    }

    func updateSite(_ site: Site) throws {
        let id = site.id
        if let host = site.host,
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM site WHERE host = ? AND id <> ?"), arguments: [host, id]) != nil
        {
            throw ContentError.slugTaken(site.slug)
        }
        try db.cachedStatement(sql: """
                UPDATE site SET title = ?, tagline = ?, language = ?, time_zone = ?, host = ?, comment_mode = ?,
                    comments_close_after_days = ?, comment_block_list = ?, french_typography = ?, accent_color = ?, logo = ?
                WHERE id = ?
                """).execute(arguments: [
                site.title, site.tagline, site.language, site.timeZone, site.host, site.commentMode.rawValue,
                site.commentsCloseAfterDays, site.commentBlockList.joined(separator: "\n"), site.frenchTypography,
                site.accentColor, site.logo, id,
            ])
    }

    func tag(id: Tag.ID) throws -> Tag? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM tag WHERE id = ?"), arguments: [id]).map(RowMapping.tag)
    }

    func renameTag(id: Tag.ID, name: String, slug: Slug) throws {
        if let clash = try Tag.ID.fetchOne(
            db.cachedStatement(sql: "SELECT t2.id FROM tag t1 JOIN tag t2 ON t2.site_id = t1.site_id WHERE t1.id = ? AND t2.slug = ?"),
            arguments: [id, slug.rawValue]), clash != id
        {
            throw ContentError.slugTaken(slug)
        }
        try db.cachedStatement(sql: "UPDATE tag SET name = ?, slug = ? WHERE id = ?").execute(arguments: [name, slug.rawValue, id])
        try SearchIndex.update(db, tagged: id)
    }

    func mergeTag(_ source: Tag.ID, into target: Tag.ID) throws {
        try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO article_tag (article_id, tag_id, position)
                SELECT article_id, ?, position FROM article_tag WHERE tag_id = ?
                """).execute(arguments: [target, source])
        try deleteTag(id: source)
        try SearchIndex.update(db, tagged: target)
    }

    func deleteTag(id: Tag.ID) throws {
        let tagged = try Article.ID.fetchAll(db.cachedStatement(sql: "SELECT article_id FROM article_tag WHERE tag_id = ?"), arguments: [id])
        try db.cachedStatement(sql: "DELETE FROM tag WHERE id = ?").execute(arguments: [id])
        for articleID in tagged { try SearchIndex.update(db, articleID: articleID) }
    }

    func articleIDs(siteID: Site.ID) throws -> [Article.ID] {
        try Article.ID.fetchAll(db.cachedStatement(sql: "SELECT id FROM article WHERE site_id = ? ORDER BY id"), arguments: [siteID])
    }

    func articlesReferringToSite(_ siteID: Site.ID) throws -> [Article.ID] {
        try Article.ID.fetchAll(
            db.cachedStatement(sql: """
                SELECT DISTINCT r.article_id FROM article_reference r JOIN article a ON a.id = r.target_id
                WHERE a.site_id = ? ORDER BY r.article_id
                """), arguments: [siteID])
    }

    // MARK: Comments

    func comment(id: Comment.ID) throws -> Comment? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM comment WHERE id = ?"), arguments: [id]).map(RowMapping.comment)
    }

    func updateComment(_ comment: Comment) throws {
        let id = comment.id
        try db.cachedStatement(sql: "UPDATE comment SET body = ?, status = ?, approved = ?, verdicts = ? WHERE id = ?").execute(arguments: [
                comment.body, comment.status.rawValue, comment.approved, try RowMapping.verdictsJSON(comment.verdicts), id,
            ])
    }

    func hasApprovedComment(email: String) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM comment WHERE email = ? AND status = 'approved')"),
            arguments: [email.lowercased()]) ?? false
    }

    func recordRateEvent(key: String, at: Date) throws {
        try db.cachedStatement(sql: "INSERT INTO rate_event (key, at) VALUES (?, ?)").execute(arguments: [key, at])
        try db.cachedStatement(sql: "DELETE FROM rate_event WHERE at < ?").execute(arguments: [at.addingTimeInterval(-86_400)])
    }

    func rateEvents(key: String, since: Date) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM rate_event WHERE key = ? AND at >= ?"), arguments: [key, since]) ?? 0
    }

    func comments(email: String) throws -> [Comment] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM comment WHERE email = ? ORDER BY created_at, id"), arguments: [email.lowercased()]
        ).map(RowMapping.comment)
    }

    func deleteComments(email: String) throws -> Int {
        try db.cachedStatement(sql: "DELETE FROM comment WHERE email = ?").execute(arguments: [email.lowercased()])
        return db.changesCount
    }

    func trainedLabel(commentID: Comment.ID) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT trained_as FROM comment WHERE id = ?"), arguments: [commentID])
    }

    func setTrainedLabel(_ label: String?, commentID: Comment.ID) throws {
        try db.cachedStatement(sql: "UPDATE comment SET trained_as = ? WHERE id = ?").execute(arguments: [label, commentID])
    }

    func tokenCounts(_ tokens: [String]) throws -> [String: (spam: Int, ham: Int)] {
        guard !tokens.isEmpty else { return [:] }
        var counts: [String: (spam: Int, ham: Int)] = [:]
        for chunk in stride(from: 0, to: tokens.count, by: 500) {
            let slice = Array(tokens[chunk..<min(chunk + 500, tokens.count)])
            // Not a cached statement: as many texts as there are chunk sizes.
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT token, spam_count, ham_count FROM spam_token
                    WHERE token IN (\(Array(repeating: "?", count: slice.count).joined(separator: ", ")))
                    """, arguments: StatementArguments(slice))
            {
                counts[row["token"]] = (row["spam_count"], row["ham_count"])
            }
        }
        return counts
    }

    func addTokenCounts(_ tokens: [String], spam: Int, ham: Int) throws {
        for token in Set(tokens) {
            try db.cachedStatement(sql: """
                    INSERT INTO spam_token (token, spam_count, ham_count) VALUES (?, max(?, 0), max(?, 0))
                    ON CONFLICT (token) DO UPDATE SET spam_count = max(spam_count + ?, 0), ham_count = max(ham_count + ?, 0)
                    """).execute(arguments: [token, spam, ham, spam, ham])
        }
    }

    func secret(named name: String, orCreate make: () -> String) throws -> String {
        if let value = try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM network_secret WHERE name = ?"), arguments: [name]) {
            return value
        }
        let value = make()
        try db.cachedStatement(sql: "INSERT INTO network_secret (name, value) VALUES (?, ?)").execute(arguments: [name, value])
        return value
    }
}
