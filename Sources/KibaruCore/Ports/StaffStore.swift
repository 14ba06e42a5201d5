import Foundation

/// A staff session as stored: the person, their site roles, and the token that guards their forms.
public struct StaffSession: Sendable {
    public var staff: StaffMember
    public var memberships: [Membership]
    /// Sent back with every admin form (CSRF protection).
    public var csrfToken: String
    public var expiresAt: Date
    /// For a session opened by an API token, what the token may do (``TokenScope``); `nil` for a login, which
    /// may do all its roles allow.
    public var scopes: Set<TokenScope>?

    public init(
        staff: StaffMember, memberships: [Membership], csrfToken: String, expiresAt: Date, scopes: Set<TokenScope>? = nil
    ) {
        self.staff = staff
        self.memberships = memberships
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
        self.scopes = scopes
    }

    /// The person's role on a site, `nil` when they have none there.
    public func role(onSite siteID: Site.ID) -> Role? {
        memberships.first { $0.siteID == siteID }?.role
    }

    /// Whether the person may do `action` on the site: their role allows it and, through an API token, one of the
    /// token's scopes too.
    public func may(_ action: StaffAction, onSite siteID: Site.ID) -> Bool {
        if let scopes {
            guard let needed = TokenScope.required(for: action), scopes.contains(needed) else { return false }
        }
        return Permissions.allows(action, role: role(onSite: siteID), isNetworkAdmin: staff.isNetworkAdmin)
    }

    /// Whether the person may do `action` for the whole network, beyond any one site (create sites, read the
    /// network's audit log, give a site its host name): network administrators only, and never through a token
    /// unless one of its scopes covers the action.
    public func mayAcrossNetwork(_ action: StaffAction) -> Bool {
        if let scopes {
            guard let needed = TokenScope.required(for: action), scopes.contains(needed) else { return false }
        }
        return Permissions.allows(action, role: nil, isNetworkAdmin: staff.isNetworkAdmin)
    }
}

/// One row of the admin's article list.
public struct ArticleRow: Equatable, Sendable, Identifiable {
    public var id: Article.ID
    public var siteID: Site.ID
    public var title: String
    public var state: PublishState
    public var publishedAt: Date?
    public var updatedAt: Date
    public var authorNames: [String]
    public var ownerID: StaffMember.ID?

    public init(
        id: Article.ID, siteID: Site.ID, title: String, state: PublishState, publishedAt: Date?, updatedAt: Date,
        authorNames: [String], ownerID: StaffMember.ID?
    ) {
        self.id = id
        self.siteID = siteID
        self.title = title
        self.state = state
        self.publishedAt = publishedAt
        self.updatedAt = updatedAt
        self.authorNames = authorNames
        self.ownerID = ownerID
    }
}

/// What the admin's article list can be narrowed to.
public struct ArticleFilter: Equatable, Sendable {
    public var siteIDs: [Site.ID]
    public var state: PublishState?
    public var ownerID: StaffMember.ID?
    public var search: String?
    /// Only articles signed by this person.
    public var authorSlug: Slug?
    /// Only articles with a tag of this slug.
    public var tagSlug: Slug?

    public init(
        siteIDs: [Site.ID], state: PublishState? = nil, ownerID: StaffMember.ID? = nil, search: String? = nil,
        authorSlug: Slug? = nil, tagSlug: Slug? = nil
    ) {
        self.siteIDs = siteIDs
        self.state = state
        self.ownerID = ownerID
        self.search = search
        self.authorSlug = authorSlug
        self.tagSlug = tagSlug
    }
}

/// The fields of a ``Revision``: a new one, before the store gives it an id.
public struct NewRevision: Equatable, Sendable {
    public var articleID: Article.ID
    public var version: Int
    public var title: String
    public var standfirst: String?
    public var bodyMarkdown: String
    public var savedAt: Date
    public var savedBy: String

    public init(
        articleID: Article.ID, version: Int, title: String, standfirst: String?, bodyMarkdown: String,
        savedAt: Date, savedBy: String
    ) {
        self.articleID = articleID
        self.version = version
        self.title = title
        self.standfirst = standfirst
        self.bodyMarkdown = bodyMarkdown
        self.savedAt = savedAt
        self.savedBy = savedBy
    }
}

/// Reads for the admin: staff, sessions, articles in every state, revisions, the audit log.
public protocol StaffStore: Sendable {
    /// The live session whose token hashes to `tokenHash`, or `nil` when unknown or expired at `now`.
    func session(tokenHash: String, now: Date) async throws -> StaffSession?
    /// The session an API token opens: its owner, their roles and the token's scopes (`nil` for an unknown or
    /// revoked token). `csrfToken` is empty: a token is sent by programs, never by a browser's form.
    func apiSession(tokenHash: String, now: Date) async throws -> (token: APIToken, session: StaffSession)?
    /// The API tokens of a staff member, or of everyone with `nil`, newest first.
    func apiTokens(staffID: StaffMember.ID?) async throws -> [APIToken]
    func staff(email: String) async throws -> StaffMember?
    /// Every staff member with their memberships, by name.
    func staffList() async throws -> [(StaffMember, [Membership])]
    /// Articles in any state, newest change first.
    func articleRows(_ filter: ArticleFilter, limit: Int) async throws -> [ArticleRow]
    /// An article in any state.
    func article(id: Article.ID) async throws -> Article?
    /// Newest first.
    func revisions(articleID: Article.ID) async throws -> [Revision]
    /// Newest first; every site when `siteIDs` is `nil`.
    func auditLog(siteIDs: [Site.ID]?, limit: Int) async throws -> [AuditEntry]
    /// A site's tags by name, with how many articles (in any state) carry each.
    func tagsWithCounts(siteID: Site.ID) async throws -> [(tag: Tag, count: Int)]
    /// The media of these sites, newest first.
    func media(siteIDs: [Site.ID], limit: Int) async throws -> [MediaItem]
    /// Comments of these sites in one moderation state, newest first, with their article's title.
    func comments(siteIDs: [Site.ID], status: CommentStatus, limit: Int) async throws
        -> [(comment: Comment, articleTitle: String)]
    /// How many comments of these sites are in each state.
    func commentCounts(siteIDs: [Site.ID]) async throws -> [CommentStatus: Int]
    /// The newest comments on articles of these sites, with the article's title.
    func recentComments(siteIDs: [Site.ID], limit: Int) async throws -> [(comment: Comment, articleTitle: String)]
}

/// Hashes and checks passwords (bcrypt); slow on purpose, so implementations leave the cooperative pool.
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) async throws -> String
    func verify(_ password: String, hash: String) async -> Bool
}

/// A saved state of an article: every save keeps one.
public struct Revision: SavedEntity, Equatable, Sendable {
    public let id: Tagged<Revision, Int64>
    public var fields: NewRevision

    public init(id: ID, _ fields: NewRevision) {
        self.id = id
        self.fields = fields
    }
}
