import KibaruCore

/// A "LIRE AUSSI" block: a link to another article of the site, by id so that it survives a change of title or
/// slug. An imported line whose article was not found yet keeps the title it named, until an import resolves it.
public struct ReadAlso: Equatable, Sendable {
    /// The article linked to, once known.
    public var articleID: Article.ID?
    /// The title named by an imported line, while the article is not known.
    public var title: String?

    public init(articleID: Article.ID) {
        self.articleID = articleID
        self.title = nil
    }

    public init(unresolvedTitle: String) {
        self.articleID = nil
        self.title = unresolvedTitle
    }
}

/// One piece of an article's source: CommonMark text, or one of Kibaru's blocks.
public enum ArticleBlock: Equatable, Sendable {
    /// CommonMark/GFM source lines, kept exactly as written.
    case markdown(String)
    /// `::: figure` … `:::`
    case figure(Figure)
    /// `::: lire-aussi` … `:::`
    case readAlso(ReadAlso)
}

/// A Kibaru block that cannot be read, with the 1-based line of the source where the problem is.
public struct BlockSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String
    /// The rule broken, which names the message in other languages (`block-key-unknown`…).
    public var code: String
    /// The values the message names; `line` always.
    public var values: [String: String]

    public init(line: Int, message: String, code: String, values: [String: String] = [:]) {
        self.line = line
        self.message = message
        self.code = code
        self.values = values.merging(["line": "\(line)"]) { value, _ in value }
    }

    public var description: String { "ligne \(line) : \(message)" }
}
