/// One article in a listing.
public struct CardView: Sendable, Hashable {
    /// "3 commentaires"; `nil` without any.
    public var commentCountLabel: String?
    public var title: String
    public var url: String
    public var summary: String
    public var publishedLabel: String
    public var publishedISO: String
    public var authors: [LinkView]
    public var hasAuthors: Bool { !authors.isEmpty }
    /// Whether to name the site (on network pages).
    public var showSite: Bool
    public var siteTitle: String
    public var siteURL: String
    /// The language of the page that shows the card, whose strings it shows.
    public var language: String
    /// The article's featured image, shown beside the card (decorative: the title says what it is about).
    public var imageURL: String?
    /// The front page's lead story: its image large and loaded first, its title larger.
    public var isLead: Bool = false
    /// The card as `partials/card` renders it, made once per content (``Theme/card(_:)``): listings and related
    /// articles insert it as is (`{{{html}}}`) instead of rendering the partial for each view.
    public var html: String = ""
}

/// Links to the pages around the current one.
public struct PaginationView: Sendable {
    public var number: Int
    public var count: Int
    /// « Page 2 sur 5 », « Page 2 of 5 ».
    public var label: String
    public var previousURL: String?
    public var nextURL: String?
}

/// The network front page, a site's home, a tag page or an author page: a heading and article cards; on the
/// first page of a home, the lead story first and the sections (or, on the network's, its sites).
public struct ListingPageView: Sendable {
    public var chrome: PageChrome
    public var heading: String
    public var intro: String?
    /// The newest article, shown large at the top of a home's first page.
    public var lead: CardView?
    public var cards: [CardView]
    /// The site's sections (its tags of kind « rubrique »), as navigation.
    public var sections: [LinkView] = []
    public var hasSections: Bool { !sections.isEmpty }
    /// The network's sites, on its front page.
    public var sites: [SiteLinkView] = []
    public var hasSites: Bool { !sites.isEmpty }
    /// A site's tag index, linked from its front page.
    public var tagIndexURL: String?
    /// Every tag in use, on a site's tag index.
    public var tagIndex: [TagLinkView] = []
    public var hasTagIndex: Bool { !tagIndex.isEmpty }
    /// `nil` when everything fits on one page.
    public var pagination: PaginationView?
}

/// A French error page.
public struct ErrorPageView: Sendable {
    public var chrome: PageChrome
    public var heading: String
    public var message: String
    public var homeURL: String

    public init(chrome: PageChrome, heading: String, message: String, homeURL: String) {
        self.chrome = chrome
        self.heading = heading
        self.message = message
        self.homeURL = homeURL
    }
}

/// A filter of the search form: a choice among options (site, tag, author, year).
public struct SearchFilterView: Sendable, Hashable {
    /// The query parameter (`site`, `etiquette`, `auteur`, `annee`).
    public var name: String
    public var label: String
    public var options: [ChoiceView]
    /// The filter as the theme's `partials/search-filter` renders it (``Theme/searchFilter(_:)``), once per content;
    /// empty for a theme without that partial, whose search page renders the options itself.
    public var html: String

    public init(name: String, label: String, options: [ChoiceView], html: String = "") {
        self.name = name
        self.label = label
        self.options = options
        self.html = html
    }
}

/// One choice of a `<select>`; the empty value means "all".
public struct ChoiceView: Sendable, Hashable {
    public var value: String
    public var label: String
    public var selected: Bool

    public init(value: String, label: String, selected: Bool) {
        self.value = value
        self.label = label
        self.selected = selected
    }
}

/// One article found, with the passage that matched.
public struct SearchHitView: Sendable {
    public var card: CardView
    /// Escaped text with `<mark>` around the matched words.
    public var snippetHTML: String
}

/// The search page of a site or of the network.
public struct SearchPageView: Sendable {
    public var chrome: PageChrome
    public var heading: String
    public var query: String
    /// Where the form is sent.
    public var action: String
    public var filters: [SearchFilterView]
    /// Why the query could not be run (empty, malformed, only common words).
    public var problem: String?
    /// "12 articles trouvés"; `nil` when no search was run.
    public var countLabel: String?
    public var hits: [SearchHitView]
    public var pagination: PaginationView?
}

/// A site in the network's list of sites.
public struct SiteLinkView: Sendable {
    public var title: String
    public var tagline: String?
    public var url: String

    public init(title: String, tagline: String?, url: String) {
        self.title = title
        self.tagline = tagline
        self.url = url
    }
}

/// A tag of a site's tag index, with how many published articles carry it.
public struct TagLinkView: Sendable {
    public var name: String
    public var url: String
    /// « 3 articles », « 1 article ».
    public var countLabel: String

    public init(name: String, url: String, countLabel: String) {
        self.name = name
        self.url = url
        self.countLabel = countLabel
    }
}
