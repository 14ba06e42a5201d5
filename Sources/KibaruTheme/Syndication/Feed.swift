import Foundation
import KibaruText

/// The three feed formats, each at its own URL: `feed/` (RSS 2.0), `feed/atom/`, `feed/json/`.
public enum FeedFormat: String, Sendable, CaseIterable {
    case rss
    case atom
    case json

    /// The path under a listing, relative to it: `feed/`, `feed/atom/`, `feed/json/`.
    public var relativePath: String {
        switch self {
        case .rss: "feed/"
        case .atom: "feed/atom/"
        case .json: "feed/json/"
        }
    }

    /// The `Content-Type` of a response in this format.
    public var contentType: String {
        switch self {
        case .rss: "application/rss+xml; charset=utf-8"
        case .atom: "application/atom+xml; charset=utf-8"
        case .json: "application/feed+json; charset=utf-8"
        }
    }
}

/// A feed, whatever its format: absolute URLs, dates as dates, text not escaped (each writer escapes).
public struct Feed: Sendable {
    public var title: String
    public var description: String
    /// The page the feed follows (the site's home, a tag page…).
    public var homeURL: String
    /// The feed's own URL in the format written.
    public var selfURL: String
    /// BCP 47 language (`fr`).
    public var language: String
    public var updated: Date
    public var items: [Item]
    /// What the items' root-relative links (`href="/…"`, `src="/…"`) are made absolute with when written: the
    /// network's base URL (empty: left as they are).
    public var linkBase: String
    /// Items already written, by content, shared by every feed of the theme (`nil`: each is written anew).
    var writtenItems: BoundedMemo<FeedItemKey>?

    /// One article of a feed.
    public struct Item: Sendable {
        public var id: String
        public var url: String
        public var title: String
        public var summary: String
        /// The article's body as rendered; its root-relative links are made absolute when the feed is written
        /// (``Feed/linkBase``).
        public var contentHTML: String
        public var published: Date
        public var updated: Date
        public var authors: [String]
        public var categories: [String]
        /// The featured image's absolute URL.
        public var imageURL: String?

        public init(
            id: String, url: String, title: String, summary: String, contentHTML: String, published: Date,
            updated: Date, authors: [String], categories: [String], imageURL: String?
        ) {
            self.id = id
            self.url = url
            self.title = title
            self.summary = summary
            self.contentHTML = contentHTML
            self.published = published
            self.updated = updated
            self.authors = authors
            self.categories = categories
            self.imageURL = imageURL
        }
    }

    public init(
        title: String, description: String, homeURL: String, selfURL: String, language: String, updated: Date,
        items: [Item], linkBase: String = ""
    ) {
        self.title = title
        self.description = description
        self.homeURL = homeURL
        self.selfURL = selfURL
        self.language = language
        self.updated = updated
        self.items = items
        self.linkBase = linkBase
    }

    /// `item` written by `write`, or as written before for the same content in the same format: the body of an
    /// article is escaped and its links made absolute once, not at every request for a feed that shows it.
    func written(_ item: Item, _ format: FeedFormat, _ write: () -> String) -> String {
        guard let writtenItems else { return write() }
        let key = FeedItemKey(item, format: format, linkBase: linkBase)
        return writtenItems.value(for: key, size: { $0.utf8.count + 512 }, compute: write)
    }

    /// The item's body with absolute links.
    func contentHTML(of item: Item) -> String {
        linkBase.isEmpty ? item.contentHTML : ViewBuilder.absoluteLinks(item.contentHTML, baseURL: linkBase)
    }

    /// The feed written in `format`.
    public func render(_ format: FeedFormat) -> String {
        switch format {
        case .rss: FeedWriter.rss(self)
        case .atom: FeedWriter.atom(self)
        case .json: FeedWriter.json(self)
        }
    }
}

/// Writes feeds by hand: the formats are small and every value goes through ``XMLText/escape(_:)``. RSS
/// `<description>` is HTML to feed readers, so plain text is escaped for HTML first, then for XML (Atom's and
/// JSON Feed's summaries are declared text and escaped once).
enum FeedWriter {
    static func rss(_ feed: Feed) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <channel>
            <title>\(XMLText.escape(feed.title))</title>
            <link>\(XMLText.escape(feed.homeURL))</link>
            <atom:link href="\(XMLText.escape(feed.selfURL))" rel="self" type="application/rss+xml"/>
            <description>\(XMLText.escape(HTMLEscaping.escape(feed.description)))</description>
            <language>\(XMLText.escape(feed.language))</language>
            <lastBuildDate>\(InternetDate.rfc822(feed.updated))</lastBuildDate>
            <generator>Kibaru</generator>

            """
        for item in feed.items {
            xml += feed.written(item, .rss) {
                var xml = "<item>\n<title>\(XMLText.escape(item.title))</title>\n"
                xml += "<link>\(XMLText.escape(item.url))</link>\n"
                xml += "<guid isPermaLink=\"false\">\(XMLText.escape(item.id))</guid>\n"
                xml += "<pubDate>\(InternetDate.rfc822(item.published))</pubDate>\n"
                for author in item.authors { xml += "<dc:creator>\(XMLText.escape(author))</dc:creator>\n" }
                for category in item.categories { xml += "<category>\(XMLText.escape(category))</category>\n" }
                xml += "<description>\(XMLText.escape(HTMLEscaping.escape(item.summary)))</description>\n"
                let content = XMLText.escape(feed.contentHTML(of: item))
                return xml + "<content:encoded>\(content)</content:encoded>\n</item>\n"
            }
        }
        return xml + "</channel>\n</rss>\n"
    }

    static func atom(_ feed: Feed) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(XMLText.escape(feed.language))">
            <id>\(XMLText.escape(feed.selfURL))</id>
            <title>\(XMLText.escape(feed.title))</title>
            <subtitle>\(XMLText.escape(feed.description))</subtitle>
            <link rel="alternate" type="text/html" href="\(XMLText.escape(feed.homeURL))"/>
            <link rel="self" type="application/atom+xml" href="\(XMLText.escape(feed.selfURL))"/>
            <updated>\(InternetDate.rfc3339(feed.updated))</updated>
            <generator>Kibaru</generator>

            """
        for item in feed.items {
            xml += feed.written(item, .atom) {
                var xml = "<entry>\n<id>\(XMLText.escape(item.id))</id>\n<title>\(XMLText.escape(item.title))</title>\n"
                xml += "<link rel=\"alternate\" type=\"text/html\" href=\"\(XMLText.escape(item.url))\"/>\n"
                xml += "<published>\(InternetDate.rfc3339(item.published))</published>\n"
                xml += "<updated>\(InternetDate.rfc3339(item.updated))</updated>\n"
                for author in item.authors { xml += "<author><name>\(XMLText.escape(author))</name></author>\n" }
                for category in item.categories { xml += "<category term=\"\(XMLText.escape(category))\"/>\n" }
                xml += "<summary>\(XMLText.escape(item.summary))</summary>\n"
                let content = XMLText.escape(feed.contentHTML(of: item))
                return xml + "<content type=\"html\">\(content)</content>\n</entry>\n"
            }
        }
        return xml + "</feed>\n"
    }

    /// JSON Feed 1.1 (https://jsonfeed.org/version/1.1).
    static func json(_ feed: Feed) -> String {
        struct Author: Encodable { var name: String }
        struct Item: Encodable {
            var id, url, title, summary, content_html, date_published, date_modified: String
            var authors: [Author]
            var tags: [String]
            var image: String?
        }
        struct Document: Encodable {
            var version = "https://jsonfeed.org/version/1.1"
            var title, home_page_url, feed_url, description, language: String
            var items: [Item]
        }
        let document = Document(
            title: feed.title, home_page_url: feed.homeURL, feed_url: feed.selfURL, description: feed.description,
            language: feed.language,
            items: feed.items.map { item in
                Item(
                    id: item.id, url: item.url, title: item.title, summary: item.summary,
                    content_html: feed.contentHTML(of: item),
                    date_published: InternetDate.rfc3339(item.published),
                    date_modified: InternetDate.rfc3339(item.updated), authors: item.authors.map(Author.init),
                    tags: item.categories, image: item.imageURL)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(document)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

/// What a feed item is written from, with its format: the item's fields, its body standing in as a digest (hashing a
/// whole body at each request would cost a good part of what ``Feed/written(_:_:_:)`` saves).
struct FeedItemKey: Hashable, Sendable {
    var format: FeedFormat
    var id, url, title, summary: String
    var published, updated: Date
    var authors, categories: [String]
    var imageURL: String?
    var bodyDigest: UInt64
    var bodyLength: Int
    var linkBase: String

    init(_ item: Feed.Item, format: FeedFormat, linkBase: String) {
        self.format = format
        id = item.id
        url = item.url
        title = item.title
        summary = item.summary
        published = item.published
        updated = item.updated
        authors = item.authors
        categories = item.categories
        imageURL = item.imageURL
        bodyDigest = StableHash.digest(item.contentHTML)
        bodyLength = item.contentHTML.utf8.count
        self.linkBase = linkBase
    }
}
