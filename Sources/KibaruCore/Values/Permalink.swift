import Foundation

/// The public URL paths of the network, WordPress-compatible inside a site: `/{site}/{yyyy}/{mm}/{dd}/{slug}/`,
/// `/{site}/tag/{slug}/`, `/{site}/author/{slug}/`. Paths always carry the site's segment, so that they work both
/// on the network's own host and on a site's own host name (see `docs/decisions/0002-site-urls.md`).
public enum Permalink {
    /// `/{site}/`
    public static func site(_ site: Slug) -> String { "/\(site)/" }

    /// `/{site}/{yyyy}/{mm}/{dd}/{slug}/`, the date taken in the site's time zone.
    public static func article(site: Slug, slug: Slug, publishedAt: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let day = calendar.dateComponents([.year, .month, .day], from: publishedAt)
        return "/\(site)\(datePath(year: day.year ?? 1970, month: day.month ?? 1, day: day.day ?? 1))\(slug)/"
    }

    /// The permalink of a published summary.
    public static func article(_ summary: ArticleSummary) -> String {
        article(site: summary.site.slug, slug: summary.slug, publishedAt: summary.publishedAt, timeZone: summary.site.zone)
    }

    /// `/{site}/tag/{slug}/`
    public static func tag(site: Slug, tag: Slug) -> String { "/\(site)/tag/\(tag)/" }
    /// A site's tag index: every tag in use.
    public static func tagIndex(site: Slug) -> String { "/\(site)/tag/" }

    /// `/{site}/author/{slug}/`
    public static func author(site: Slug, person: Slug) -> String { "/\(site)/author/\(person)/" }

    /// `/{site}/sujet/{slug}/`: the articles mentioning a person, place or organisation.
    public static func entity(site: Slug, entity: Slug) -> String { "/\(site)/sujet/\(entity)/" }

    /// `/{site}/recherche/`, or `/recherche/` for the whole network.
    public static func search(site: Slug?) -> String { site.map { "/\($0)/recherche/" } ?? "/recherche/" }

    /// The path of page `number` of a listing whose first page is `base` (which ends with `/`).
    public static func page(_ number: Int, of base: String) -> String {
        number <= 1 ? base : "\(base)page/\(number)/"
    }

    /// `/{yyyy}/{mm}/{dd}/`, the date part of an article's path (`String(format:)` was 2 % of a listing's CPU).
    public static func datePath(year: Int, month: Int, day: Int) -> String {
        "/\(padded(year, 4))/\(padded(month))/\(padded(day))/"
    }

    /// `value` in at least `width` digits, zeros first, as `%0Nd` writes it.
    private static func padded(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
