/// One article in a listing.
public struct CardView: Sendable {
    /// "3 commentaires"; `nil` without any.
    public var commentCountLabel: String?
    public var title: String
    public var url: String
    public var summary: String
    public var publishedLabel: String
    public var publishedISO: String
    public var authors: [LinkView]
    /// Whether to name the site (on network pages).
    public var showSite: Bool
    public var siteTitle: String
    public var siteURL: String
}

/// Links to the pages around the current one.
public struct PaginationView: Sendable {
    public var number: Int
    public var count: Int
    public var previousURL: String?
    public var nextURL: String?
}

/// The network front page, a site's home, a tag page or an author page: a heading and article cards.
public struct ListingPageView: Sendable {
    public var chrome: PageChrome
    public var heading: String
    public var intro: String?
    public var cards: [CardView]
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
