import Foundation

/// How a site treats new comments.
public enum CommentMode: String, Codable, Sendable, CaseIterable {
    /// Published at once (unless a rule finds spam).
    case open
    /// Held for moderation unless the commenter already has an approved comment under the same e-mail.
    case firstTime = "first-time"
    /// Every comment waits for a moderator.
    case hold
}

/// The fields of a ``Site``: a new one, before the store gives it an id.
public struct NewSite: Equatable, Sendable {
    public var slug: Slug
    public var title: String
    public var tagline: String
    /// A BCP 47 language tag (`fr`, `fr-ML`, `en`): the page's `lang` and the language of its dates.
    public var language: String
    /// An IANA time zone (`Africa/Bamako`): dates and permalinks are computed in it.
    public var timeZone: String
    /// The host name that serves this site alone (`blog.example.org`), when it has one.
    public var host: String?
    public var commentMode: CommentMode
    /// Comments close this many days after publication; `nil` keeps them open.
    public var commentsCloseAfterDays: Int?
    /// Words or addresses that mark a comment as spam (case and accents ignored).
    public var commentBlockList: [String]
    /// Whether French typography (no-break spaces before « ; : ! ? », guillemets, apostrophes…) is applied when
    /// pages are rendered; the stored text stays as written. By default, for French sites only.
    public var frenchTypography: Bool
    /// The colour of links and accents on the site's pages (`#a33b12`), instead of the theme's; it must read on
    /// the theme's light paper (contrast 4.5 or more).
    public var accentColor: String?
    /// The site's logo (an image of the media library, `/media/…`, or an https address), shown beside its title
    /// and used as its pages' icon.
    public var logo: String?

    public init(
        slug: Slug, title: String, tagline: String = "", language: String = "fr",
        timeZone: String = "Africa/Bamako", host: String? = nil, commentMode: CommentMode = .firstTime,
        commentsCloseAfterDays: Int? = nil, commentBlockList: [String] = [], frenchTypography: Bool? = nil,
        accentColor: String? = nil, logo: String? = nil
    ) {
        self.accentColor = accentColor
        self.logo = logo
        self.frenchTypography = frenchTypography ?? (language.split(separator: "-").first?.lowercased() == "fr")
        self.commentBlockList = commentBlockList
        self.commentMode = commentMode
        self.commentsCloseAfterDays = commentsCloseAfterDays
        self.slug = slug
        self.title = title
        self.tagline = tagline
        self.language = language
        self.timeZone = timeZone
        self.host = host
    }

    /// Checks every field; throws ``ValidationErrors`` naming each field at fault.
    public func validate() throws {
        var check = FieldErrorCollector()
        check.require(!Site.reservedSlugs.contains(slug.rawValue), field: "slug", code: "reserved", values: ["value": slug.rawValue],
            "« \(slug) » est réservé")
        check.require(
            !slug.rawValue.allSatisfy(\.isNumber), field: "slug", code: "digits-only",
            "ne peut pas être fait uniquement de chiffres")
        check.require(!title.trimmed.isEmpty, field: "title", code: "required", "le titre est obligatoire")
        check.require(title.count <= 200, field: "title", code: "too-long", values: ["max": "200"], "le titre dépasse 200 caractères")
        check.require(tagline.count <= 300, field: "tagline", code: "too-long", values: ["max": "300"], "le sous-titre dépasse 300 caractères")
        check.require(
            language.range(of: #"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"#, options: .regularExpression) != nil,
            field: "language", code: "language-code", values: ["value": language],
            "« \(language) » n’est pas un code de langue (fr, fr-ML, en…)")
        check.require(
            TimeZone(identifier: timeZone) != nil, field: "timeZone", code: "time-zone", values: ["value": timeZone],
            "« \(timeZone) » n’est pas un fuseau horaire connu (Africa/Bamako, Europe/Paris…)")
        if let days = commentsCloseAfterDays {
            check.require((1...36_500).contains(days), field: "commentsCloseAfterDays", code: "days-range",
                "de 1 à 36 500 jours")
        }
        if let host {
            check.require(
                host.range(of: #"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$"#,
                    options: .regularExpression) != nil,
                field: "host", code: "host-name", values: ["value": host],
                "« \(host) » n’est pas un nom d’hôte en minuscules (blog.exemple.org)")
        }
        if let accentColor {
            let contrast = Self.contrast(of: accentColor, with: Self.paper)
            check.require(
                Self.isColor(accentColor) && contrast != nil, field: "accentColor", code: "colour",
                values: ["value": accentColor],
                "« \(accentColor) » n’est pas une couleur #rrggbb")
            check.require(
                (contrast ?? 5) >= 4.5, field: "accentColor", code: "contrast",
                values: ["value": accentColor, "contrast": String(format: "%.1f", contrast ?? 0)],
                "« \(accentColor) » se lit mal sur le fond clair (contraste \(String(format: "%.1f", contrast ?? 0)) : 4,5 au moins)")
        }
        if let logo {
            check.require(
                (logo.hasPrefix("/media/") && !logo.contains("..") && !logo.contains("%") && !logo.contains("\\"))
                    || (logo.hasPrefix("https://") && !logo.contains(" ") && !logo.contains("\"") && !logo.contains("<")),
                field: "logo", code: "logo", "le logo doit être une image de la médiathèque (/media/…) ou une adresse https")
        }
        try check.throwIfAny()
    }

    /// Whether `text` is a colour as accent colours are written: `#` and six hexadecimal digits, nothing else (the
    /// pages insert it in CSS).
    public static func isColor(_ text: String) -> Bool {
        text.utf8.count == 7 && text.first == "#" && text.dropFirst().allSatisfy(\.isHexDigit)
    }

    /// The theme's light paper, that an accent colour must read on.
    static let paper = "#fffdf8"

    /// The WCAG contrast ratio of two `#rrggbb` colours (1 to 21); `nil` when one is not such a colour.
    static func contrast(of first: String, with second: String) -> Double? {
        func luminance(_ hex: String) -> Double? {
            guard hex.count == 7, hex.first == "#", let value = Int(hex.dropFirst(), radix: 16) else { return nil }
            let channels = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF].map { channel -> Double in
                let c = Double(channel) / 255
                return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
        }
        guard let a = luminance(first.lowercased()), let b = luminance(second) else { return nil }
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    /// The site's time zone; UTC if the stored name is unknown to this system.
    public var zone: TimeZone { TimeZone(identifier: timeZone) ?? TimeZone(secondsFromGMT: 0)! }
}

/// One blog of the network, reached at `/{slug}/` or at its own host name.
public struct Site: SavedEntity, Equatable, Sendable {
    public let id: Tagged<Site, Int64>
    public var fields: NewSite

    public init(id: ID, _ fields: NewSite) {
        self.id = id
        self.fields = fields
    }

    /// First path segments that belong to the network, never to a site.
    public static let reservedSlugs: Set<String> = [
        "admin", "api", "author", "auteur", "category", "feed", "health", "media", "page", "recherche", "search",
        "static", "tag", "wp-admin", "wp-content", "wp-json", "robots-txt", "sitemap-xml",
    ]
}
