/// What the page for readers' rights over their comments shows.
public struct ManageCommentsView: Sendable {
    public var email: String
    public var count: Int
    public var exportURL: String
    public var expires: Int
    public var signature: String

    public init(email: String, count: Int, exportURL: String, expires: Int, signature: String) {
        self.email = email
        self.count = count
        self.exportURL = exportURL
        self.expires = expires
        self.signature = signature
    }
}

/// `/commentaires/mes-donnees/`: ask for a link, then export or erase.
public struct RightsPageView: Sendable {
    public var chrome: PageChrome
    public var showRequest: Bool
    public var manage: ManageCommentsView?
    public var notice: String?
    public var problem: String?
    /// The site the reader came from (its language and look); empty for the network's.
    public var siteSlug: String = ""

    public init(chrome: PageChrome, showRequest: Bool, manage: ManageCommentsView?, notice: String?, problem: String?) {
        self.chrome = chrome
        self.showRequest = showRequest
        self.manage = manage
        self.notice = notice
        self.problem = problem
    }
}
