/// What a typed tag is: a person, a place or an organisation it names, or a section of the site (a WordPress
/// category imported as such). Plain tags have no kind.
public enum TagKind: String, Codable, Sendable, CaseIterable {
    case person = "personne"
    case place = "lieu"
    case organisation
    case section = "rubrique"

    /// "Personne", "Lieu", "Organisation", "Rubrique": the label shown to readers and editors.
    public var label: String {
        switch self {
        case .person: "Personne"
        case .place: "Lieu"
        case .organisation: "Organisation"
        case .section: "Rubrique"
        }
    }

    /// The kinds found in an article's text (every kind but sections).
    public static let entityKinds: [TagKind] = [.person, .place, .organisation]
}

/// A person, place or organisation an article mentions, found in its text when it is saved.
public struct ArticleEntity: Equatable, Hashable, Sendable {
    /// The entity's page within the site: `/{site}/sujet/{slug}/`.
    public var slug: Slug
    public var name: String
    public var kind: TagKind
    /// How many times the article names it.
    public var mentions: Int

    public init(slug: Slug, name: String, kind: TagKind, mentions: Int) {
        self.slug = slug
        self.name = name
        self.kind = kind
        self.mentions = mentions
    }
}

/// A LIRE AUSSI block the editor proposes: the article to link, and where in the body it fits best.
public struct ReadAlsoSuggestion: Equatable, Sendable {
    public var articleID: Article.ID
    public var title: String
    /// The 0-based index of the body paragraph after which the block would go.
    public var afterParagraph: Int
    /// The first words of that paragraph, to show where it is.
    public var paragraphStart: String

    public init(articleID: Article.ID, title: String, afterParagraph: Int, paragraphStart: String) {
        self.articleID = articleID
        self.title = title
        self.afterParagraph = afterParagraph
        self.paragraphStart = paragraphStart
    }
}

/// The text an article is compared on to find related ones.
public struct SimilarityInput: Sendable {
    public var title: String
    public var standfirst: String
    /// Tag names, entity names included.
    public var tags: [String]
    public var body: String

    public init(title: String, standfirst: String, tags: [String], body: String) {
        self.title = title
        self.standfirst = standfirst
        self.tags = tags
        self.body = body
    }
}
