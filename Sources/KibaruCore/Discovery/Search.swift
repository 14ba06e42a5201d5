import Foundation

/// What a reader asked the search page for: the words, read (``SearchExpression``), and the filters.
public struct SearchQuery: Equatable, Sendable {
    /// The words, phrases, exclusions and prefixes to search for.
    public var expression: SearchExpression
    /// Narrows to one site; `nil` searches the whole network.
    public var siteID: Site.ID?
    /// Narrows to one tag (of the site).
    public var tagID: Tag.ID?
    /// Narrows to one author.
    public var personID: Person.ID?
    /// Narrows to one year of publication.
    public var year: Int?
    /// Sites whose articles are left out (those that ask for a content key, in the Content API's network search).
    public var excludedSiteIDs: Set<Site.ID> = []
    public var page: PageRequest

    public init(
        expression: SearchExpression, siteID: Site.ID? = nil, tagID: Tag.ID? = nil, personID: Person.ID? = nil,
        year: Int? = nil, page: PageRequest = PageRequest(number: 1)
    ) {
        self.expression = expression
        self.siteID = siteID
        self.tagID = tagID
        self.personID = personID
        self.year = year
        self.page = page
    }

    /// A query of the words as typed; throws ``SearchError`` when they cannot be read
    /// (``SearchExpression/init(parsing:)``).
    public init(
        text: String, siteID: Site.ID? = nil, tagID: Tag.ID? = nil, personID: Person.ID? = nil, year: Int? = nil,
        page: PageRequest = PageRequest(number: 1)
    ) throws(SearchError) {
        self.init(
            expression: try SearchExpression(parsing: text), siteID: siteID, tagID: tagID, personID: personID,
            year: year, page: page)
    }
}

/// One article found, with the passage that matched.
public struct SearchHit: Sendable {
    public var article: ArticleSummary
    /// Plain text around the matched words; each matched word sits between ``SearchHit/highlightStart`` and
    /// ``SearchHit/highlightEnd``. Not escaped.
    public var snippet: String

    /// Marks the start of a matched word in ``snippet`` (a private-use character, never in stored text).
    public static let highlightStart: Character = "\u{E000}"
    /// Marks the end of a matched word in ``snippet``.
    public static let highlightEnd: Character = "\u{E001}"

    public init(article: ArticleSummary, snippet: String) {
        self.article = article
        self.snippet = snippet
    }
}

/// Why a search could not be run; each case has a message for the reader.
public enum SearchError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing was typed.
    case empty
    /// Longer than this many characters.
    case tooLong(Int)
    /// More than this many words or phrases.
    case tooManyTerms(Int)
    /// A quotation mark opened and never closed.
    case unclosedQuote
    /// Only excluded words.
    case onlyExclusions

    /// The key of the message in the theme's strings (`search_empty`…), for pages in the site's language.
    public var messageKey: String {
        switch self {
        case .empty: "search_empty"
        case .tooLong: "search_too_long"
        case .tooManyTerms: "search_too_many"
        case .unclosedQuote: "search_unclosed_quote"
        case .onlyExclusions: "search_only_excluded"
        }
    }

    /// The limit the message names (`{count}`), if any.
    public var limit: Int? {
        switch self {
        case .tooLong(let limit), .tooManyTerms(let limit): limit
        default: nil
        }
    }

    /// The French message (the API and the command line give it).
    public var description: String {
        switch self {
        case .empty: "Tapez un ou plusieurs mots à chercher."
        case .tooLong(let limit): "La recherche dépasse \(limit) caractères : raccourcissez-la."
        case .tooManyTerms(let limit): "La recherche compte plus de \(limit) mots : gardez les plus précis."
        case .unclosedQuote: "Un guillemet n’est pas refermé : fermez la phrase exacte ou retirez-le."
        case .onlyExclusions: "Ajoutez au moins un mot à chercher : les mots précédés d’un tiret sont exclus."
        }
    }
}
