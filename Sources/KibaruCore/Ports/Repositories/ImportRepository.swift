import Foundation

/// Where imported articles and comments came from, and the old addresses that redirect to them.
///
/// Part of every ``ContentTransaction``: its requirements run isolated to the transaction (decision 0010).
public protocol ImportRepository: Actor {
    /// The blogs (``addImportSource(siteID:blog:)``) whose exports were imported into a site.
    func importSources(siteID: Site.ID) async throws -> [String]
    /// Records that a blog's export was imported into a site (`awa.mondoblog.org`).
    func addImportSource(siteID: Site.ID, blog: String) async throws
    /// The article imported from post `wpID` of `source` (`wordpress`, `kibaru`) or with `guid` into a site.
    func importedArticleID(siteID: Site.ID, source: String, wpID: Int64, guid: String) async throws -> Article.ID?
    /// Records (or updates) where an imported article came from.
    func setImportOrigin(_ origin: ImportOrigin) async throws
    /// Where each imported article of a site came from.
    func importOrigins(siteID: Site.ID) async throws -> [ImportOrigin]
    /// What became of comment `wpID` of `source` imported into a site; `nil` when it never was.
    func importedComment(siteID: Site.ID, source: String, wpID: Int64) async throws -> CommentOriginState?
    func setCommentOrigin(siteID: Site.ID, source: String, wpID: Int64, commentID: Comment.ID) async throws
    /// Makes an old URL of a site (relative to it) redirect to `target`; replaces an earlier target.
    func setLegacyRedirect(siteID: Site.ID, path: String, target: String) async throws
    /// Every old URL of a site and its new home, by path.
    func legacyRedirects(siteID: Site.ID) async throws -> [(path: String, target: String)]
}
