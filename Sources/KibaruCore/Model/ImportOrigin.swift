/// Where an imported article came from: its WordPress id and GUID (so that importing the same archive again
/// updates it), and what WordPress called it (a `post` or a `page`, `publish`, `private`…), kept for exports.
public struct ImportOrigin: Equatable, Sendable {
    public var siteID: Int64
    public var wpID: Int64
    public var guid: String
    /// `post` or `page`.
    public var wpType: String
    /// `publish`, `draft`, `private`, `pending`, `future`, `trash`.
    public var wpStatus: String
    public var articleID: Int64

    public init(siteID: Int64, wpID: Int64, guid: String, wpType: String, wpStatus: String, articleID: Int64) {
        self.siteID = siteID
        self.wpID = wpID
        self.guid = guid
        self.wpType = wpType
        self.wpStatus = wpStatus
        self.articleID = articleID
    }
}
