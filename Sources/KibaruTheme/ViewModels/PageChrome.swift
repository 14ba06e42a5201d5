import KibaruText

/// What the layout of every page shows: document title, description, brand, links to the site and network.
public struct PageChrome: Sendable {
    public var lang: String
    public var documentTitle: String
    public var description: String?
    public var canonicalURL: String?
    /// The site's (or, on network pages, the network's) title and home.
    public var brandTitle: String
    public var brandURL: String
    public var brandTagline: String?
    public var networkTitle: String
    public var networkURL: String
    /// Whether to show a link back to the network under the brand (on site pages).
    public var showNetworkLink: Bool
    /// The theme's CSS, inlined; the theme's own file, never user content.
    public var styleHTML: String
    /// Link-preview tags (Open Graph, Twitter cards): `property` or `name`, and `content`, escaped.
    public var meta: [MetaTagView] = []
    /// The feeds announced in the page's head.
    public var feeds: [FeedLinkView] = []
    /// JSON-LD describing the page, already made safe inside `<script type="application/ld+json">` by
    /// `JSONText`, which escapes `<`, `>` and `&`.
    public var jsonLDHTML: String?
    /// The search form's action: the site's or the network's search page.
    public var searchURL: String = "/recherche/"
    /// The site's logo, shown beside its title; `nil` without one.
    public var logoURL: String?
    /// The pages' icon: the site's logo, else the theme's `favicon.svg`.
    public var iconURL: String = "/favicon.svg"
    /// The icon's type when known (the theme's is SVG).
    public var iconType: String? = "image/svg+xml"

    /// ``meta`` as the head's `<meta>` lines, escaped, for a layout that inserts them whole
    /// (`{{{chrome.metaHTML}}}`): the same lines the loop `{{#chrome.meta}}` writes, for a tenth of the cost (each
    /// value a template looks up costs several dynamic casts).
    public var metaHTML: String {
        var html = ""
        for tag in meta {
            html += "<meta "
            if let property = tag.property { html += "property=\"" + HTMLEscaping.escape(property) + "\"" }
            if let name = tag.name { html += "name=\"" + HTMLEscaping.escape(name) + "\"" }
            html += " content=\"" + HTMLEscaping.escape(tag.content) + "\">\n"
        }
        return html
    }

    /// ``feeds`` as the head's `<link rel="alternate">` lines, escaped (`{{{chrome.feedsHTML}}}`), as ``metaHTML``.
    public var feedsHTML: String {
        var html = ""
        for feed in feeds {
            html += "<link rel=\"alternate\" type=\"" + HTMLEscaping.escape(feed.type) + "\" title=\""
                + HTMLEscaping.escape(feed.title) + "\" href=\"" + HTMLEscaping.escape(feed.url) + "\">\n"
        }
        return html
    }

    public init(
        lang: String, documentTitle: String, description: String?, canonicalURL: String?, brandTitle: String,
        brandURL: String, brandTagline: String?, networkTitle: String, networkURL: String, showNetworkLink: Bool,
        styleHTML: String
    ) {
        self.lang = lang
        self.documentTitle = documentTitle
        self.description = description
        self.canonicalURL = canonicalURL
        self.brandTitle = brandTitle
        self.brandURL = brandURL
        self.brandTagline = brandTagline
        self.networkTitle = networkTitle
        self.networkURL = networkURL
        self.showNetworkLink = showNetworkLink
        self.styleHTML = styleHTML
    }
}

/// One `<meta>` of the page's head.
public struct MetaTagView: Sendable, Equatable {
    /// `og:…` and `article:…` use `property`; `twitter:…` uses `name`.
    public var property: String?
    public var name: String?
    public var content: String
}

/// A `<link rel="alternate">` to a feed.
public struct FeedLinkView: Sendable, Equatable {
    public var title: String
    public var type: String
    public var url: String
}

/// A name and where it leads: an author, a tag.
public struct LinkView: Sendable, Hashable {
    public var name: String
    public var url: String
    /// What follows the link in a list of them (``listed(_:)``): « , », « et » before the last, nothing after it.
    public var separator: String = ""

    public init(name: String, url: String) {
        self.name = name
        self.url = url
    }

    /// The links with the separators of a list: « Awa, Ali et Moussa », or with `and` "Awa, Ali and Moussa".
    public static func listed(_ links: [LinkView], and: String = "et") -> [LinkView] {
        zip(links, FrenchGrammar.separators(count: links.count, and: and)).map { link, separator in
            var link = link
            link.separator = separator
            return link
        }
    }
}
