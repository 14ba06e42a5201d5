import Foundation
import KibaruCore
import KibaruServices
import KibaruText

/// The demo network of `kibaru demo`: three sites of French articles written for Kibaru, with figures,
/// LIRE AUSSI links, tags and comment threads, read from `Resources/demo/demo.json`.
public enum DemoNetwork {
    struct Content: Decodable {
        struct NetworkInfo: Decodable { var title: String; var tagline: String }
        struct SiteInfo: Decodable { var slug: String; var title: String; var tagline: String; var timeZone: String }
        struct FeaturedInfo: Decodable {
            var image: String?
            var alt: String?
            var caption: String?
            var creditAuthor: String?
            var creditSource: String?
            var creditLicence: String?
            var creditURL: String?
        }
        struct CommentInfo: Decodable {
            var name: String
            var date: Date
            var text: String
            var replies: [CommentInfo]?
        }
        struct ArticleInfo: Decodable {
            var site: String
            var title: String
            var standfirst: String?
            var authors: [String]
            var tags: [String]
            var date: Date
            var featured: FeaturedInfo?
            var body: String
            var comments: [CommentInfo]?
        }
        var network: NetworkInfo
        var sites: [SiteInfo]
        var articles: [ArticleInfo]
    }

    /// Fills an empty data folder with the demo network and copies its images into `media/`.
    /// - Parameters:
    ///   - data: a data folder without a network.
    ///   - resourcesDirectory: the folder holding `demo/`.
    /// - Returns: how many articles were stored.
    @discardableResult
    public static func create(in data: DataDirectory, resourcesDirectory: String) async throws -> Int {
        let demoDirectory = (resourcesDirectory as NSString).appendingPathComponent("demo")
        let jsonPath = (demoDirectory as NSString).appendingPathComponent("demo.json")
        guard let json = FileManager.default.contents(atPath: jsonPath) else {
            throw ConfigError(key: "resources", message: L("{path} introuvable", ["path": jsonPath]))
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let content = try decoder.decode(Content.self, from: json)

        let store = try await data.create()
        let sites = SiteService(store: store)
        try await sites.initialize(Network(title: content.network.title, tagline: content.network.tagline))
        for info in content.sites {
            try await sites.create(
                NewSite(slug: try Slug(validating: info.slug), title: info.title, tagline: info.tagline,
                     timeZone: info.timeZone))
        }
        let articles = ArticleService(store: store)
        for info in content.articles.sorted(by: { $0.date < $1.date }) {
            let draft = ArticleDraft(
                siteSlug: try Slug(validating: info.site), title: info.title, standfirst: info.standfirst,
                bodyMarkdown: info.body, authorNames: info.authors, tagNames: info.tags, state: .published,
                publishedAt: info.date, featuredFigure: info.featured.map(figure))
            try await articles.importArticle(ImportedArticle(draft: draft, comments: (info.comments ?? []).map(comment)))
        }
        while try await articles.computePendingRelated() > 0 {}  // earlier articles list the later ones too
        try copyMedia(from: (demoDirectory as NSString).appendingPathComponent("media"), to: data.mediaStorage)
        return content.articles.count
    }

    private static func figure(_ info: Content.FeaturedInfo) -> Figure {
        Figure(
            image: info.image, alt: info.alt ?? "", caption: info.caption ?? "",
            credit: Credit(
                author: info.creditAuthor, source: info.creditSource, licence: info.creditLicence,
                sourceURL: info.creditURL))
    }

    private static func comment(_ info: Content.CommentInfo) -> ImportedComment {
        ImportedComment(
            authorName: info.name, createdAt: info.date, body: info.text, replies: (info.replies ?? []).map(comment))
    }

    private static func copyMedia(from source: String, to library: any MediaStorage) throws {
        let files = FileManager.default
        guard let enumerator = files.enumerator(atPath: source) else { return }
        for case let relative as String in enumerator {
            let from = (source as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard files.fileExists(atPath: from, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            try library.copy(fileAt: from, to: relative)
        }
    }
}
