/// A person's role on one site. Network administrators hold every right on every site
/// (``NewStaffMember/isNetworkAdmin``), whatever their site roles.
public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    /// Writes drafts and submits them for review.
    case contributor
    /// Publishes their own articles.
    case author
    /// Edits and publishes anyone's articles, moderates comments, manages tags.
    case editor
    /// Everything an editor does, plus the site's settings and staff.
    case owner

    /// The identifier `admin`, accepted by the CLI for network administrators, is not a site role.
    public static let networkAdminIdentifier = "admin"

    private var rank: Int { Role.allCases.firstIndex(of: self)! }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    /// The French label shown in the admin.
    public var label: String {
        switch self {
        case .contributor: "contributeur"
        case .author: "auteur"
        case .editor: "éditeur"
        case .owner: "propriétaire"
        }
    }
}

/// What staff may ask to do. Article actions distinguish one's own articles from others'.
public enum StaffAction: String, Sendable, CaseIterable {
    case writeDraft
    case editOwnArticle
    case editOthersArticle
    case submitForReview
    case publishOwnArticle
    case publishOthersArticle
    case unpublishArticle
    case trashOwnDraft
    case uploadMedia
    case trashArticle
    case manageTags
    case moderateComments
    case viewAuditLog
    case manageSiteSettings
    case manageStaff
    case manageSites
}

/// The one place that says who may do what. Services ask it before every change; the admin only uses it to
/// hide what would be refused anyway.
public enum Permissions {
    /// Whether someone with `role` on a site (or a network administrator) may do `action` there.
    /// - Parameters:
    ///   - role: the person's role on the site, `nil` when they have none.
    ///   - isNetworkAdmin: network administrators may do everything.
    public static func allows(_ action: StaffAction, role: Role?, isNetworkAdmin: Bool) -> Bool {
        if isNetworkAdmin { return true }
        guard let role else { return false }
        switch action {
        case .writeDraft, .editOwnArticle, .submitForReview, .trashOwnDraft, .uploadMedia:
            return true
        case .publishOwnArticle:
            return role >= .author
        case .editOthersArticle, .publishOthersArticle, .unpublishArticle, .trashArticle, .manageTags,
            .moderateComments:
            return role >= .editor
        case .viewAuditLog, .manageSiteSettings, .manageStaff:
            return role == .owner
        case .manageSites:
            return false
        }
    }
}
