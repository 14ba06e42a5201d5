import Foundation
import KibaruCore

/// What a reader page showed, recorded while it is rendered, so that the page cache knows when it goes out of date.
struct PageRecord {
    var dependencies: Set<ContentDependency> = []
    /// When the page goes out of date by itself.
    var expires: Date?
    /// The document served, when it may be kept (a 200 of a reader page; never a search).
    var document: CachedDocument?

    mutating func add(_ dependency: ContentDependency) { dependencies.insert(dependency) }

    /// The chrome of a page of `site` (its title, tagline, language) or of the network.
    mutating func addChrome(site: Site?) {
        dependencies.insert(.network)
        if let id = site?.id { dependencies.insert(.site(id)) } else { dependencies.insert(.sites) }
    }

    /// Cards of articles: each article, its site and its bylines.
    mutating func add(cards: some Sequence<ArticleSummary>) {
        for card in cards {
            dependencies.insert(.article(card.id))
            if let siteID = card.site.id { dependencies.insert(.site(siteID)) }
            for person in card.authors { if let id = person.id { dependencies.insert(.person(id)) } }
        }
    }

    /// An article's own page: the article, what only its page shows, its tags and bylines.
    mutating func add(article: Article) {
        if let id = article.id {
            dependencies.insert(.article(id))
            dependencies.insert(.articlePage(id))
        }
        for tag in article.tags { if let id = tag.id { dependencies.insert(.tag(id)) } }
        for person in article.authors { if let id = person.id { dependencies.insert(.person(id)) } }
    }

    /// Out of date at `date` at the latest.
    mutating func expire(at date: Date) {
        expires = min(expires ?? date, date)
    }
}
