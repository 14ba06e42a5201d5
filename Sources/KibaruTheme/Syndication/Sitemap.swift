import Foundation
import KibaruText

/// Sitemaps (https://www.sitemaps.org/protocol.html) and Google News sitemaps, written by hand.
public enum Sitemap {
    /// The most URLs a sitemap file holds here (the protocol allows 50,000); larger sites get several files.
    public static let urlsPerFile = 10_000

    /// How many files of articles `count` articles take: one at least (an empty site's file lists nothing).
    public static func files(for count: Int) -> Int {
        max(1, (count + urlsPerFile - 1) / urlsPerFile)
    }

    /// One URL of a sitemap.
    public struct Entry: Sendable {
        public var url: String
        public var lastModified: Date?

        public init(url: String, lastModified: Date?) {
            self.url = url
            self.lastModified = lastModified
        }
    }

    /// One article of a news sitemap.
    public struct NewsEntry: Sendable {
        public var url: String
        public var title: String
        public var published: Date

        public init(url: String, title: String, published: Date) {
            self.url = url
            self.title = title
            self.published = published
        }
    }

    /// A `<sitemapindex>` of other sitemap files.
    public static func index(_ sitemaps: [Entry]) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for sitemap in sitemaps {
            xml += "<sitemap><loc>\(XMLText.escape(sitemap.url))</loc>"
            if let date = sitemap.lastModified { xml += "<lastmod>\(InternetDate.rfc3339(date))</lastmod>" }
            xml += "</sitemap>\n"
        }
        return xml + "</sitemapindex>\n"
    }

    /// A `<urlset>`.
    public static func urls(_ entries: [Entry]) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for entry in entries {
            xml += "<url><loc>\(XMLText.escape(entry.url))</loc>"
            if let date = entry.lastModified { xml += "<lastmod>\(InternetDate.rfc3339(date))</lastmod>" }
            xml += "</url>\n"
        }
        return xml + "</urlset>\n"
    }

    /// A Google News sitemap of recent articles (the last two days).
    public static func news(_ entries: [NewsEntry], publication: String, language: String) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
        xml += "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n"
        let language = language.split(separator: "-").first.map(String.init) ?? "fr"
        for entry in entries {
            xml += "<url><loc>\(XMLText.escape(entry.url))</loc><news:news><news:publication>"
            xml += "<news:name>\(XMLText.escape(publication))</news:name>"
            xml += "<news:language>\(XMLText.escape(language))</news:language></news:publication>"
            xml += "<news:publication_date>\(InternetDate.rfc3339(entry.published))</news:publication_date>"
            xml += "<news:title>\(XMLText.escape(entry.title))</news:title></news:news></url>\n"
        }
        return xml + "</urlset>\n"
    }

    /// `robots.txt`: everything may be crawled but the admin; the sitemaps are named.
    public static func robots(sitemapURLs: [String]) -> String {
        var text = "User-agent: *\nDisallow: /admin/\n"
        for url in sitemapURLs { text += "Sitemap: \(url)\n" }
        return text
    }
}
