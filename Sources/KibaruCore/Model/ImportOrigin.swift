/// Where an imported article came from: its WordPress id and GUID (so that importing the same archive again
/// updates it), and what WordPress called it (a `post` or a `page`, `publish`, `private`…), kept for exports.
public struct ImportOrigin: Equatable, Sendable {
    /// Where the ids come from: `wordpress`, or `kibaru` for an export of Kibaru (whose ids are another
    /// network's).
    public var source: String
    public var siteID: Site.ID
    public var wpID: Int64
    public var guid: String
    /// `post` or `page`.
    public var wpType: String
    /// `publish`, `draft`, `private`, `pending`, `future`, `trash`.
    public var wpStatus: String
    public var articleID: Article.ID

    public init(
        source: String, siteID: Site.ID, wpID: Int64, guid: String, wpType: String, wpStatus: String, articleID: Article.ID
    ) {
        self.source = source
        self.siteID = siteID
        self.wpID = wpID
        self.guid = guid
        self.wpType = wpType
        self.wpStatus = wpStatus
        self.articleID = articleID
    }
}

/// What became of an imported comment.
public enum CommentOriginState: Equatable, Sendable {
    /// It is the comment with this id.
    case stored(Comment.ID)
    /// It was erased since (readers' rights, moderation): an import must not bring it back.
    case erased
}
