import Foundation
import KibaruCore
import KibaruText

/// A complete JSON dump of the network, or of one site: every site setting, person, tag, article (source,
/// rendered HTML, dates, bylines, figure, state), comment (every status) and old address, for backups and for
/// moving a network elsewhere. Readers' e-mail and network addresses are included: keep the file private.
public struct JSONExporter: Sendable {
    let store: any ContentStore

    public init(store: any ContentStore) {
        self.store = store
    }

    /// The dump of the network (or of the site `only`), encoded as indented JSON with sorted keys.
    public func export(only: Slug? = nil) async throws -> Data {
        let dump = try await store.read { tx -> NetworkDump in
            guard let network = try await tx.network() else { throw ContentError.networkMissing }
            var sites: [SiteDump] = []
            let slugs = if let only { [only] } else { try await tx.sites().map(\.slug) }
            for slug in slugs {
                guard let site = try await tx.site(slug: slug) else {
                    throw ContentError.notFound(what: L("site « {site} »", ["site": "\(slug)"]))
                }
                let siteID = site.id
                let origins = Dictionary(try await tx.importOrigins(siteID: siteID).map { ($0.articleID, $0) }) { a, _ in a }
                let articles = try await tx.articleIDs(siteID: siteID).asyncCompactMap { id -> ArticleDump? in
                    guard let article = try await tx.article(id: id) else { return nil }
                    return ArticleDump(article, origin: origins[id], comments: try await tx.allComments(articleID: id))
                }
                sites.append(SiteDump(
                    site, tags: try await tx.tags(siteID: siteID), people: try await tx.people(siteID: siteID), articles: articles,
                    redirects: try await tx.legacyRedirects(siteID: siteID).map { RedirectDump(path: $0.path, target: $0.target) }))
            }
            return NetworkDump(title: network.title, tagline: network.tagline, sites: sites)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(dump)
    }
}

struct NetworkDump: Encodable {
    var format = "kibaru-export"
    var version = 1
    var title: String
    var tagline: String
    var sites: [SiteDump]
}

struct SiteDump: Encodable {
    var slug, title, tagline, language, timeZone: String
    var host: String?
    var commentMode: String
    var commentsCloseAfterDays: Int?
    var commentBlockList: [String]
    var frenchTypography: Bool
    var accentColor: String?
    var logo: String?
    var tags: [TagDump]
    var people: [PersonDump]
    var articles: [ArticleDump]
    var redirects: [RedirectDump]

    init(_ site: Site, tags: [Tag], people: [Person], articles: [ArticleDump], redirects: [RedirectDump]) {
        slug = site.slug.rawValue
        title = site.title
        tagline = site.tagline
        language = site.language
        timeZone = site.timeZone
        host = site.host
        commentMode = site.commentMode.rawValue
        commentsCloseAfterDays = site.commentsCloseAfterDays
        commentBlockList = site.commentBlockList
        frenchTypography = site.frenchTypography
        accentColor = site.accentColor
        logo = site.logo
        self.tags = tags.map { TagDump(slug: $0.slug.rawValue, name: $0.name, kind: $0.kind?.rawValue) }
        self.people = people.map { PersonDump(slug: $0.slug.rawValue, name: $0.name, bio: $0.bio) }
        self.articles = articles
        self.redirects = redirects
    }
}

struct TagDump: Encodable {
    var slug, name: String
    var kind: String?
}

struct PersonDump: Encodable {
    var slug, name, bio: String
}

struct RedirectDump: Encodable {
    var path, target: String
}

struct ArticleDump: Encodable {
    var id: Article.ID
    var slug, title: String
    var standfirst: String?
    var bodyMarkdown, bodyHTML: String
    var state: String
    var isPage, commentsClosed: Bool
    var publishedAt: Date?
    var createdAt, updatedAt: Date
    var version: Int
    var authors: [String]
    var tags: [String]
    var featuredFigure: Figure?
    var wordpress: WordPressOrigin?
    var comments: [CommentDump]

    struct WordPressOrigin: Encodable {
        var id: Int64
        var guid, type, status: String
    }

    init(_ article: Article, origin: ImportOrigin?, comments: [Comment]) {
        id = article.id
        slug = article.slug.rawValue
        title = article.title
        standfirst = article.standfirst
        bodyMarkdown = article.bodyMarkdown
        bodyHTML = article.bodyHTML
        state = article.state.rawValue
        isPage = article.isPage
        commentsClosed = article.commentsClosed
        publishedAt = article.publishedAt
        createdAt = article.createdAt
        updatedAt = article.updatedAt
        version = article.version
        authors = article.authors.map(\.slug.rawValue)
        tags = article.tags.map(\.slug.rawValue)
        featuredFigure = article.featuredFigure
        wordpress = origin.map { WordPressOrigin(id: $0.wpID, guid: $0.guid, type: $0.wpType, status: $0.wpStatus) }
        self.comments = comments.map(CommentDump.init)
    }
}

struct CommentDump: Encodable {
    var id: Comment.ID
    var parentID: Comment.ID?
    var authorName, body, status: String
    var email, website, clientAddress: String?
    var createdAt: Date

    init(_ comment: Comment) {
        id = comment.id
        parentID = comment.parentID
        authorName = comment.authorName
        body = comment.body
        status = comment.status.rawValue
        email = comment.email
        website = comment.website
        clientAddress = comment.clientAddress
        createdAt = comment.createdAt
    }
}
