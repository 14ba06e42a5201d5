import Foundation
import KibaruCore
import KibaruText

/// Writes a site as a WordPress export (WXR 1.2) that WordPress's importer accepts: authors, categories
/// (sections), tags, posts and pages with their comments and featured images. Kibaru's own source (Markdown,
/// structured figure credits) travels in `_kibaru_*` post meta, so that importing the export into Kibaru gives
/// the same site back; WordPress shows the rendered HTML.
public struct WXRExporter: Sendable {
    let store: any ContentStore
    /// The network's public URL, for absolute links.
    let baseURL: String

    public init(store: any ContentStore, baseURL: String) {
        self.store = store
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// Writes the site `slug` to `output`, an article at a time; returns how many posts and pages were written.
    /// `progress` gets a line at each tenth of the site's articles (« … 500 / 5000 articles et pages exportés
    /// (10 %), environ 40 s restantes »).
    @discardableResult
    public func export(site slug: Slug, to output: FileHandle, progress: @escaping @Sendable (String) -> Void = { _ in })
        async throws -> Int
    {
        let baseURL = self.baseURL
        return try await store.read { tx in
            guard let site = try await tx.site(slug: slug) else {
                throw ContentError.notFound(what: L("site « {site} »", ["site": "\(slug)"]))
            }
            let siteID = site.id
            let writer = WXRDocumentWriter(output: output, site: site, baseURL: baseURL)
            let people = try await tx.people(siteID: siteID)
            let tags = try await tx.tags(siteID: siteID)
            try writer.header(people: people, tags: tags)
            let origins = Dictionary(try await tx.importOrigins(siteID: siteID).map { ($0.articleID, $0) }) { first, _ in first }
            var count = 0
            let ids = try await tx.articleIDs(siteID: siteID)
            let line = ProgressLine(total: ids.count, things: L("articles et pages exportés"))
            for (index, id) in ids.enumerated() {
                if index > 0, line.isDue(index) { progress(line.line(done: index)) }
                guard let article = try await tx.article(id: id) else { continue }
                try writer.item(article, origin: origins[id], comments: try await tx.allComments(articleID: id))
                count += 1
            }
            try writer.footer()
            return count
        }
    }
}

/// The text of a WXR document, written piece by piece.
struct WXRDocumentWriter {
    let output: FileHandle
    let site: Site
    let baseURL: String

    /// The blog's address, as WordPress exports name it.
    var blogURL: String { baseURL + Permalink.site(site.slug).dropLast() }

    private func write(_ text: String) throws {
        try output.write(contentsOf: Data(text.utf8))
    }

    func header(people: [Person], tags: [Tag]) throws {
        var xml = """
            <?xml version="1.0" encoding="UTF-8" ?>
            <!-- Export WordPress (WXR 1.2) écrit par Kibaru. -->
            <rss version="2.0"
            \txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
            \txmlns:content="http://purl.org/rss/1.0/modules/content/"
            \txmlns:wfw="http://wellformedweb.org/CommentAPI/"
            \txmlns:dc="http://purl.org/dc/elements/1.1/"
            \txmlns:wp="http://wordpress.org/export/1.2/"
            >
            <channel>
            \t<title>\(XMLText.escape(site.title))</title>
            \t<link>\(XMLText.escape(blogURL))</link>
            \t<description>\(XMLText.escape(site.tagline))</description>
            \t<language>\(XMLText.escape(site.language))</language>
            \t<wp:wxr_version>1.2</wp:wxr_version>
            \t<wp:base_site_url>\(XMLText.escape(baseURL))</wp:base_site_url>
            \t<wp:base_blog_url>\(XMLText.escape(blogURL))</wp:base_blog_url>

            """
        for (index, person) in people.enumerated() {
            xml += "\t<wp:author><wp:author_id>\(index + 1)</wp:author_id>"
            xml += "<wp:author_login>\(XMLText.cdata(person.slug.rawValue))</wp:author_login>"
            xml += "<wp:author_email>\(XMLText.cdata(""))</wp:author_email>"
            xml += "<wp:author_display_name>\(XMLText.cdata(person.name))</wp:author_display_name>"
            xml += "<wp:author_first_name>\(XMLText.cdata(""))</wp:author_first_name>"
            xml += "<wp:author_last_name>\(XMLText.cdata(""))</wp:author_last_name></wp:author>\n"
        }
        for tag in tags {
            if tag.kind == .section {
                xml += "\t<wp:category><wp:term_id>\(tag.id)</wp:term_id>"
                xml += "<wp:category_nicename>\(XMLText.cdata(tag.slug.rawValue))</wp:category_nicename>"
                xml += "<wp:category_parent>\(XMLText.cdata(""))</wp:category_parent>"
                xml += "<wp:cat_name>\(XMLText.cdata(tag.name))</wp:cat_name></wp:category>\n"
            } else {
                xml += "\t<wp:tag><wp:term_id>\(tag.id)</wp:term_id><wp:tag_slug>\(XMLText.cdata(tag.slug.rawValue))</wp:tag_slug>"
                xml += "<wp:tag_name>\(XMLText.cdata(tag.name))</wp:tag_name></wp:tag>\n"
            }
        }
        try write(xml)
    }

    /// One post or page; a featured image also becomes an attachment item, as WordPress expects.
    func item(_ article: Article, origin: ImportOrigin?, comments: [Comment]) throws {
        let id = article.id
        let date = article.publishedAt ?? article.updatedAt
        let link = baseURL + Permalink.article(site: site.slug, slug: article.slug, publishedAt: date, timeZone: site.zone)
        var xml = "\t<item>\n"
        xml += "\t\t<title>\(XMLText.cdata(article.title))</title>\n\t\t<link>\(XMLText.escape(link))</link>\n"
        xml += "\t\t<pubDate>\(InternetDate.rfc822(date))</pubDate>\n"
        xml += "\t\t<dc:creator>\(XMLText.cdata(article.authors.first?.slug.rawValue ?? ""))</dc:creator>\n"
        xml += "\t\t<guid isPermaLink=\"false\">\(XMLText.escape(origin?.guid ?? "\(blogURL)/?p=\(id)"))</guid>\n"
        xml += "\t\t<description></description>\n"
        xml += "\t\t<content:encoded>\(XMLText.cdata(absoluteLinks(article.bodyHTML)))</content:encoded>\n"
        xml += "\t\t<excerpt:encoded>\(XMLText.cdata(article.standfirst ?? ""))</excerpt:encoded>\n"
        xml += "\t\t<wp:post_id>\(id)</wp:post_id>\n"
        xml += "\t\t<wp:post_date>\(XMLText.cdata(WXRDateFormat.local(date, zone: site.zone)))</wp:post_date>\n"
        xml += "\t\t<wp:post_date_gmt>\(XMLText.cdata(article.publishedAt.map { WXRDateFormat.local($0, zone: TimeZone(secondsFromGMT: 0)!) } ?? "0000-00-00 00:00:00"))</wp:post_date_gmt>\n"
        xml += "\t\t<wp:post_modified>\(XMLText.cdata(WXRDateFormat.local(article.updatedAt, zone: site.zone)))</wp:post_modified>\n"
        xml += "\t\t<wp:post_modified_gmt>\(XMLText.cdata(WXRDateFormat.local(article.updatedAt, zone: TimeZone(secondsFromGMT: 0)!)))</wp:post_modified_gmt>\n"
        xml += "\t\t<wp:comment_status>\(XMLText.cdata(article.commentsClosed ? "closed" : "open"))</wp:comment_status>\n"
        xml += "\t\t<wp:ping_status>\(XMLText.cdata("closed"))</wp:ping_status>\n"
        xml += "\t\t<wp:post_name>\(XMLText.cdata(article.slug.rawValue))</wp:post_name>\n"
        xml += "\t\t<wp:status>\(XMLText.cdata(status(of: article, origin: origin)))</wp:status>\n"
        xml += "\t\t<wp:post_parent>0</wp:post_parent>\n\t\t<wp:menu_order>0</wp:menu_order>\n"
        xml += "\t\t<wp:post_type>\(XMLText.cdata(article.isPage ? "page" : "post"))</wp:post_type>\n"
        xml += "\t\t<wp:post_password>\(XMLText.cdata(""))</wp:post_password>\n\t\t<wp:is_sticky>0</wp:is_sticky>\n"
        for tag in article.tags {
            let domain = tag.kind == .section ? "category" : "post_tag"
            xml += "\t\t<category domain=\"\(domain)\" nicename=\"\(XMLText.escape(tag.slug.rawValue))\">\(XMLText.cdata(tag.name))</category>\n"
        }
        for person in article.authors.dropFirst() {
            xml += "\t\t<category domain=\"author\" nicename=\"\(XMLText.escape(person.slug.rawValue))\">\(XMLText.cdata(person.name))</category>\n"
        }
        var meta = [("_kibaru_markdown", article.bodyMarkdown)]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        if let figure = article.featuredFigure, let json = try? encoder.encode(figure) {
            meta.append(("_kibaru_figure", String(decoding: json, as: UTF8.self)))
            if figure.image != nil { meta.append(("_thumbnail_id", String(Self.attachmentID(of: id)))) }
        }
        for (key, value) in meta {
            xml += "\t\t<wp:postmeta><wp:meta_key>\(XMLText.cdata(key))</wp:meta_key><wp:meta_value>\(XMLText.cdata(value))</wp:meta_value></wp:postmeta>\n"
        }
        for comment in comments { xml += commentXML(comment) }
        xml += "\t</item>\n"
        if let figure = article.featuredFigure, let image = figure.image { xml += attachmentXML(figure, image: image, parent: article) }
        try write(xml)
    }

    func footer() throws {
        try write("</channel>\n</rss>\n")
    }

    /// Featured images' attachment items get ids that cannot meet an article's.
    static func attachmentID(of articleID: Article.ID) -> Int64 { 1_000_000_000 + articleID.rawValue }

    private func status(of article: Article, origin: ImportOrigin?) -> String {
        switch article.state {
        case .published: "publish"
        case .scheduled: "future"
        case .review: "pending"
        case .trash: "trash"
        case .draft: origin?.wpStatus == "private" ? "private" : "draft"
        }
    }

    private func commentXML(_ comment: Comment) -> String {
        let status = switch comment.status {
        case .approved: "1"
        case .pending: "0"
        case .spam: "spam"
        case .trash: "trash"
        }
        var xml = "\t\t<wp:comment>\n"
        xml += "\t\t\t<wp:comment_id>\(comment.id)</wp:comment_id>\n"
        xml += "\t\t\t<wp:comment_author>\(XMLText.cdata(comment.authorName))</wp:comment_author>\n"
        xml += "\t\t\t<wp:comment_author_email>\(XMLText.cdata(comment.email ?? ""))</wp:comment_author_email>\n"
        xml += "\t\t\t<wp:comment_author_url>\(XMLText.escape(comment.website ?? ""))</wp:comment_author_url>\n"
        xml += "\t\t\t<wp:comment_author_IP>\(XMLText.cdata(comment.clientAddress ?? ""))</wp:comment_author_IP>\n"
        xml += "\t\t\t<wp:comment_date>\(XMLText.cdata(WXRDateFormat.local(comment.createdAt, zone: site.zone)))</wp:comment_date>\n"
        xml += "\t\t\t<wp:comment_date_gmt>\(XMLText.cdata(WXRDateFormat.local(comment.createdAt, zone: TimeZone(secondsFromGMT: 0)!)))</wp:comment_date_gmt>\n"
        // Kibaru's comments are plain text, WordPress's are HTML: escaped, they show as written in both.
        xml += "\t\t\t<wp:comment_content>\(XMLText.cdata(HTMLEscaping.escape(comment.body)))</wp:comment_content>\n"
        xml += "\t\t\t<wp:comment_approved>\(XMLText.cdata(status))</wp:comment_approved>\n"
        xml += "\t\t\t<wp:comment_type>\(XMLText.cdata("comment"))</wp:comment_type>\n"
        xml += "\t\t\t<wp:comment_parent>\(comment.parentID ?? 0)</wp:comment_parent>\n"
        xml += "\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n"
        return xml + "\t\t</wp:comment>\n"
    }

    private func attachmentXML(_ figure: Figure, image: String, parent: Article) -> String {
        let url = image.hasPrefix("/") ? baseURL + image : image
        let id = Self.attachmentID(of: parent.id)
        let date = parent.publishedAt ?? parent.updatedAt
        var xml = "\t<item>\n\t\t<title>\(XMLText.cdata(figure.alt.isEmpty ? (url as NSString).lastPathComponent : figure.alt))</title>\n"
        xml += "\t\t<link>\(XMLText.escape(url))</link>\n\t\t<pubDate>\(InternetDate.rfc822(date))</pubDate>\n"
        xml += "\t\t<dc:creator>\(XMLText.cdata(parent.authors.first?.slug.rawValue ?? ""))</dc:creator>\n"
        xml += "\t\t<guid isPermaLink=\"false\">\(XMLText.escape(url))</guid>\n\t\t<description></description>\n"
        xml += "\t\t<content:encoded>\(XMLText.cdata(""))</content:encoded>\n"
        let credit = [figure.credit.author, figure.credit.source].compactMap { $0 }.joined(separator: ", ")
        let caption = credit.isEmpty ? figure.caption : "\(figure.caption) Crédit : \(credit)".trimmed
        xml += "\t\t<excerpt:encoded>\(XMLText.cdata(caption))</excerpt:encoded>\n"
        xml += "\t\t<wp:post_id>\(id)</wp:post_id>\n"
        xml += "\t\t<wp:post_date>\(XMLText.cdata(WXRDateFormat.local(date, zone: site.zone)))</wp:post_date>\n"
        // As its post's: a draft's image has no publication date (its last save would change at every import).
        let gmt = parent.publishedAt.map { WXRDateFormat.local($0, zone: TimeZone(secondsFromGMT: 0)!) } ?? "0000-00-00 00:00:00"
        xml += "\t\t<wp:post_date_gmt>\(XMLText.cdata(gmt))</wp:post_date_gmt>\n"
        xml += "\t\t<wp:comment_status>\(XMLText.cdata("closed"))</wp:comment_status>\n\t\t<wp:ping_status>\(XMLText.cdata("closed"))</wp:ping_status>\n"
        xml += "\t\t<wp:post_name>\(XMLText.cdata("image-\(parent.id)"))</wp:post_name>\n"
        xml += "\t\t<wp:status>\(XMLText.cdata("inherit"))</wp:status>\n\t\t<wp:post_parent>\(parent.id)</wp:post_parent>\n"
        xml += "\t\t<wp:menu_order>0</wp:menu_order>\n\t\t<wp:post_type>\(XMLText.cdata("attachment"))</wp:post_type>\n"
        xml += "\t\t<wp:post_password>\(XMLText.cdata(""))</wp:post_password>\n\t\t<wp:is_sticky>0</wp:is_sticky>\n"
        xml += "\t\t<wp:attachment_url>\(XMLText.cdata(url))</wp:attachment_url>\n"
        xml += "\t\t<wp:postmeta><wp:meta_key>\(XMLText.cdata("_wp_attachment_image_alt"))</wp:meta_key><wp:meta_value>\(XMLText.cdata(figure.alt))</wp:meta_value></wp:postmeta>\n"
        return xml + "\t</item>\n"
    }

    /// Root-relative links (`href="/…"`, `src="/…"`) made absolute, for a WordPress elsewhere.
    private func absoluteLinks(_ html: String) -> String {
        html.replacingOccurrences(of: "href=\"/", with: "href=\"\(baseURL)/")
            .replacingOccurrences(of: "src=\"/", with: "src=\"\(baseURL)/")
    }
}

/// Dates as WordPress writes them.
enum WXRDateFormat {
    /// `2024-02-29 12:00:00` in `zone`.
    static func local(_ date: Date, zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0,
                      c.minute ?? 0, c.second ?? 0)
    }
}
