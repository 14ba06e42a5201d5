import Foundation
import KibaruCore
import KibaruText

/// An `<option>`.
struct OptionView: Sendable {
    var value: String
    var label: String
    var selected: Bool
}

/// A row of an article table.
struct ArticleRowView: Sendable {
    var id: Int64
    var title: String
    var siteTitle: String
    var stateLabel: String
    var authors: String
    var updatedLabel: String

    /// - Parameters:
    ///   - t: the admin's strings in the page's language, `language` its code.
    init(_ row: ArticleRow, sites: [Site.ID: Site], t: [String: String], language: String) {
        let site = sites[row.siteID]
        id = row.id.rawValue
        title = row.title
        siteTitle = site?.title ?? ""
        stateLabel = t.label("state", row.state.rawValue, otherwise: row.state.label)
        authors = FrenchGrammar.list(row.authorNames, and: t["list_and"] ?? "et")
        updatedLabel = DateLabel.format(row.updatedAt, timeZone: site?.zone ?? TimeZone(secondsFromGMT: 0)!, language: language)
    }
}

/// A table of articles under a heading.
struct ArticleTableView: Sendable {
    var heading: String
    var rows: [ArticleRowView]
    /// Stored, not computed: templates see stored properties only.
    var hasRows: Bool

    init(heading: String, rows: [ArticleRowView]) {
        self.heading = heading
        self.rows = rows
        self.hasRows = !rows.isEmpty
    }
}

struct LoginView: Sendable {
    var email: String
    var next: String
}

struct RecentCommentView: Sendable {
    var authorName: String
    var dateLabel: String
    var excerpt: String
    var articleTitle: String
    var articleURL: String
}

struct DashboardView: Sendable {
    var sections: [ArticleTableView]
    var comments: [RecentCommentView]
    var hasComments: Bool
    /// How many comments wait for moderation on sites the person moderates; `nil` when none.
    var pendingComments: Int?
}

struct ArticlesView: Sendable {
    var states: [OptionView]
    var sites: [OptionView]
    var query: String
    var author: String
    var tag: String
    var rows: [ArticleRowView]
    var hasRows: Bool
}

struct ActionButtonView: Sendable {
    /// The action's address under `/admin/articles/` (``EditorRoutes/path(of:)``).
    var path: String
    var label: String
    var primary: Bool
}

struct RevisionView: Sendable {
    var articleID: Article.ID
    var version: Int
    var savedLabel: String
    var savedBy: String
    var title: String
    /// The version before this one, to compare with; `nil` for the first.
    var previous: Int?
    /// Whether this is the article's current version (nothing to restore).
    var current: Bool
    var articleVersion: Int
}

/// The editor's fields, as typed (so a refused save shows what was typed), and its buttons.
struct EditorView: Sendable {
    var heading: String
    var id: String
    var version: String
    var sites: [OptionView]
    var title: String
    var standfirst: String
    var body: String
    var authors: String
    var tags: String
    var slug: String
    var publishedAt: String
    var featuredImage: String
    var featuredAlt: String
    var featuredCaption: String
    var featuredCreditAuthor: String
    var featuredCreditSource: String
    var featuredCreditLicence: String
    var featuredCreditURL: String
    var commentsClosed: Bool
    var stateLabel: String?
    var publicURL: String?
    var actions: [ActionButtonView]
    var errors: [FieldError]
    var hasErrors: Bool
    var previewHTML: String?
    var revisions: [RevisionView]
    var hasRevisions: Bool
    /// The media library, to copy figure blocks from.
    var items: [MediaItemView]
    var hasItems: Bool
    /// People, places and organisations found in the text, not yet tags.
    var entityProposals: [EntityProposalView]
    var hasEntityProposals: Bool
    var readAlsoSuggestions: [ReadAlsoSuggestionView]
    var hasReadAlsoSuggestions: Bool
    var hasSuggestions: Bool
    /// LIRE AUSSI suggestions refused before the article was first saved (comma-separated ids).
    var refused: String
}

/// A person, place or organisation the editor proposes as a typed tag.
struct EntityProposalView: Sendable {
    var name: String
    var kindLabel: String
    /// The `suggestion` button's value.
    var value: String
}

/// A LIRE AUSSI block the editor proposes, with where it would go.
struct ReadAlsoSuggestionView: Sendable {
    var title: String
    /// 1-based, as shown.
    var paragraphNumber: Int
    var paragraphStart: String
    var acceptValue: String
    var refuseValue: String
}

struct AuditRowView: Sendable {
    var when: String
    var who: String
    var action: String
    var subject: String
}

struct AuditView: Sendable {
    var entries: [AuditRowView]
}

struct SiteRowView: Sendable {
    var slug: String
    var title: String
    var canManageStaff: Bool
    var canManageTags: Bool
    var canManageSettings: Bool
}

struct SitesView: Sendable {
    var sites: [SiteRowView]
    var canCreate: Bool
}

struct MemberView: Sendable {
    var name: String
    var email: String
    var roleLabel: String
}

struct StaffView: Sendable {
    var siteSlug: String
    var siteTitle: String
    var members: [MemberView]
    var roles: [OptionView]
    var resetLink: String?
}

struct ResetView: Sendable {
    var token: String
    var showForm: Bool
}
