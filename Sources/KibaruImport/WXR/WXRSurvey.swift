import Foundation
import KibaruCore
import KibaruText

/// The first pass over an export: what the second needs before the posts (authors, terms, attachments, the
/// blog's UTC offset), read without keeping any post's text.
struct WXRSurvey: Sendable {
    var channel: WXRChannel?
    /// By login.
    var authors: [String: WXRAuthor] = [:]
    var terms: [WXRTerm] = []
    var attachments: [Int: WordPressAttachment] = [:]
    /// Attachment pages' addresses, for redirects.
    var attachmentLinks: [Int: String] = [:]
    /// Posts and pages.
    var postCount = 0
    /// The blog's offset from UTC, seen on the first post that has both its local and its UTC date.
    var utcOffset: Int?
    /// The slugs of the published (and scheduled) posts and pages, which no other item may take.
    var publishedSlugs = Set<String>()

    private struct HeaderRead: Error {}

    /// Reads `url`; throws ``WXRError`` for a malformed file. With `headerOnly`, stops after the channel.
    static func read(_ url: URL, headerOnly: Bool = false) throws -> WXRSurvey {
        var survey = WXRSurvey()
        do {
            try WXRReader(url: url).read { event in
                switch event {
                case .channel(let channel):
                    survey.channel = channel
                    if headerOnly { throw HeaderRead() }
                case .author(let author):
                    survey.authors[author.login] = author
                case .term(let term):
                    survey.terms.append(term)
                case .item(let item):
                    survey.note(item)
                }
            }
        } catch is HeaderRead {}
        return survey
    }

    private mutating func note(_ item: WXRItem) {
        switch item.postType {
        case "attachment":
            let alt = item.meta.first { $0.key == "_wp_attachment_image_alt" }?.value ?? ""
            attachments[item.postID] = WordPressAttachment(
                id: item.postID, url: item.attachmentURL ?? item.guid, caption: item.excerpt, alt: alt,
                description: item.content)
            if !item.link.isEmpty { attachmentLinks[item.postID] = item.link }
        case "post", "page":
            postCount += 1
            if item.status == "publish" || item.status == "future", !item.postName.isEmpty {
                publishedSlugs.insert(Slugify.slug(item.postName.removingPercentEncoding ?? item.postName))
            }
            if utcOffset == nil, let local = WXRDates.parse(item.postDate), let utc = WXRDates.parse(item.postDateGMT) {
                utcOffset = Int((local.timeIntervalSince(utc) / 900).rounded()) * 900
            }
        default:
            break
        }
    }

    /// The blog's address without scheme or trailing slash (`awa.mondoblog.org`, `blogs.example.org/awa`), which
    /// tells two blogs apart; `nil` when the export names none.
    var blogAddress: String? {
        guard let link = channel?.baseBlogURL ?? channel?.link, let components = URLComponents(string: link.trimmed),
            let host = components.host?.lowercased(), !host.isEmpty
        else { return nil }
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        return path.isEmpty ? host : "\(host)/\(path)"
    }

    /// The site an export creates: its title, description and language, and a time zone with the blog's offset.
    func newSite(slug: Slug) -> NewSite {
        let title = channel?.title.trimmed ?? ""
        let language = (channel?.language ?? "").trimmed
        let site = NewSite(
            slug: slug, title: title.isEmpty ? slug.rawValue : String(title.prefix(200)),
            tagline: String((channel?.description ?? "").trimmed.prefix(300)),
            language: language.range(of: #"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"#, options: .regularExpression) != nil
                ? language : "fr",
            timeZone: WXRDates.timeZoneName(offset: utcOffset ?? 0))
        return site
    }

    /// Category and tag slugs to names, and each category's parent.
    var categoryParents: [String: String] {
        Dictionary(terms.filter { $0.taxonomy == "category" }.compactMap { term in term.parentSlug.map { (term.slug, $0) } }) {
            first, _ in first
        }
    }
}

/// WordPress dates: `2024-02-29 12:00:00`, in the blog's time or in UTC; `0000-00-00 00:00:00` means none.
enum WXRDates {
    static func parse(_ text: String, timeZone: TimeZone = TimeZone(secondsFromGMT: 0)!) -> Date? {
        let parts = text.trimmed.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" || $0 == "T" })
            .compactMap { Int($0) }
        guard parts.count >= 5, parts[0] > 1000 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(
            year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4],
            second: parts.count > 5 ? parts[5] : 0))
    }

    /// The date of a post or comment: its UTC date when WordPress recorded one, else its local date in the site's
    /// time zone.
    static func date(local: String, utc: String, zone: TimeZone) -> Date? {
        parse(utc) ?? parse(local, timeZone: zone)
    }

    /// `Africa/Bamako` for UTC (Mondoblog's Sahel), else the fixed-offset zone (`Etc/GMT-1` is UTC+1).
    static func timeZoneName(offset: Int) -> String {
        guard offset != 0 else { return "Africa/Bamako" }
        if offset % 3600 == 0 {
            let hours = offset / 3600
            return hours > 0 ? "Etc/GMT-\(hours)" : "Etc/GMT+\(-hours)"
        }
        return TimeZone(secondsFromGMT: offset)?.identifier ?? "Africa/Bamako"
    }
}
