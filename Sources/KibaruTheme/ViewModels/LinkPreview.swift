import Foundation
import KibaruText

/// The tags link previews are made from (WhatsApp, Facebook and other Open Graph readers, X's cards): few,
/// short, absolute URLs only.
enum LinkPreview {
    /// A listing or home page.
    static func website(title: String, description: String?, url: String?, siteName: String, language: String)
        -> [MetaTagView]
    {
        var tags = common(title: title, description: description, url: url, siteName: siteName, language: language)
        tags.insert(MetaTagView(property: "og:type", content: "website"), at: 0)
        tags.append(MetaTagView(name: "twitter:card", content: "summary"))
        return tags
    }

    /// An article: `og:type` `article`, its image (large card) when it has one, dates, authors and tags.
    static func article(
        title: String, description: String?, url: String, siteName: String, language: String, imageURL: String?,
        imageAlt: String?, published: Date, modified: Date, authorURLs: [String], tags: [String]
    ) -> [MetaTagView] {
        var meta = common(title: title, description: description, url: url, siteName: siteName, language: language)
        meta.insert(MetaTagView(property: "og:type", content: "article"), at: 0)
        if let imageURL {
            meta.append(MetaTagView(property: "og:image", content: imageURL))
            if let imageAlt, !imageAlt.isEmpty { meta.append(MetaTagView(property: "og:image:alt", content: imageAlt)) }
        }
        meta.append(MetaTagView(property: "article:published_time", content: InternetDate.rfc3339(published)))
        meta.append(MetaTagView(property: "article:modified_time", content: InternetDate.rfc3339(max(published, modified))))
        meta += authorURLs.map { MetaTagView(property: "article:author", content: $0) }
        meta += tags.prefix(6).map { MetaTagView(property: "article:tag", content: $0) }
        meta.append(MetaTagView(name: "twitter:card", content: imageURL == nil ? "summary" : "summary_large_image"))
        if let imageURL { meta.append(MetaTagView(name: "twitter:image", content: imageURL)) }
        return meta
    }

    private static func common(title: String, description: String?, url: String?, siteName: String, language: String)
        -> [MetaTagView]
    {
        var meta = [
            MetaTagView(property: "og:title", content: title),
            MetaTagView(property: "og:site_name", content: siteName),
            MetaTagView(property: "og:locale", content: locale(language)),
        ]
        if let url { meta.append(MetaTagView(property: "og:url", content: url)) }
        if let description { meta.append(MetaTagView(property: "og:description", content: description)) }
        meta.append(MetaTagView(name: "twitter:title", content: title))
        if let description { meta.append(MetaTagView(name: "twitter:description", content: description)) }
        return meta
    }

    /// `fr` → `fr_FR`, `fr-ML` → `fr_ML`, `en` → `en_US`: Open Graph's locale form.
    static func locale(_ language: String) -> String {
        let parts = language.split(separator: "-")
        guard let first = parts.first else { return "fr_FR" }
        if parts.count > 1 { return "\(first.lowercased())_\(parts[1].uppercased())" }
        return ["fr": "fr_FR", "en": "en_US", "ar": "ar_AR", "pt": "pt_PT", "es": "es_ES"][first.lowercased()]
            ?? "\(first.lowercased())_\(first.uppercased())"
    }
}

extension MetaTagView {
    init(property: String, content: String) {
        self.init(property: property, name: nil, content: content)
    }

    init(name: String, content: String) {
        self.init(property: nil, name: name, content: content)
    }
}

/// Structured data for search engines (schema.org in JSON-LD).
public enum JSONLD {
    /// A `NewsArticle` with its author(s), dates, image and publisher, ready for a `<script type="application/ld+json">`.
    static func newsArticle(
        headline: String, description: String?, url: String, imageURL: String?, published: Date, modified: Date,
        authors: [(name: String, url: String)], publisher: String, publisherURL: String, language: String
    ) -> String {
        var fields: [(String, JSONText)] = [
            ("@context", .string("https://schema.org")), ("@type", .string("NewsArticle")),
            ("headline", .string(String(headline.prefix(110)))), ("url", .string(url)),
            ("mainEntityOfPage", .string(url)), ("inLanguage", .string(language)),
            ("datePublished", .string(InternetDate.rfc3339(published))),
            ("dateModified", .string(InternetDate.rfc3339(max(published, modified)))),
            ("author", .array(authors.map { author in
                .object([("@type", .string("Person")), ("name", .string(author.name)), ("url", .string(author.url))])
            })),
            ("publisher", .object([
                ("@type", .string("Organization")), ("name", .string(publisher)), ("url", .string(publisherURL)),
            ])),
        ]
        if let description { fields.append(("description", .string(description))) }
        if let imageURL { fields.append(("image", .array([.string(imageURL)]))) }
        return JSONText.object(fields).written
    }
}
