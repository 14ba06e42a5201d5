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
            dependencies.insert(.site(card.site.id))
            for person in card.authors { dependencies.insert(.person(person.id)) }
        }
    }

    /// An article's own page: the article, what only its page shows, its tags and bylines.
    mutating func add(article: Article) {
        dependencies.insert(.article(article.id))
        dependencies.insert(.articlePage(article.id))
        for tag in article.tags { dependencies.insert(.tag(tag.id)) }
        for person in article.authors { dependencies.insert(.person(person.id)) }
    }

    /// Out of date at `date` at the latest.
    mutating func expire(at date: Date) {
        expires = min(expires ?? date, date)
    }
}
