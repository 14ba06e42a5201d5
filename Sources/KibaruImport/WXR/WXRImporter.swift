import Foundation
import KibaruCore
import KibaruServices
import KibaruText

/// Imports a WordPress export (WXR 1.0–1.2) into one site of the network.
///
/// Two streaming passes over the file, so that memory does not grow with it: the first reads the authors, terms
/// and attachments and stops on a malformed file before anything is written; the second stores the posts, pages,
/// comments and old URLs in **one transaction** for the site, so that an error or an interruption leaves the site
/// as it was, and a new run picks up from scratch. Posts and comments are keyed on their WordPress id and GUID:
/// importing the same file again updates them instead of duplicating them.
public struct WXRImporter: Sendable {
    let store: any ContentStore
    /// The data folder's `media/`, where `--media` files are copied.
    let mediaLibrary: String
    let now: @Sendable () -> Date

    public init(store: any ContentStore, mediaLibrary: String, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.mediaLibrary = mediaLibrary
        self.now = now
    }

    /// Imports `path` into the site `siteSlug`, created from the export's title when it does not exist.
    /// Throws ``WXRError`` (file, line, column) for a file that is not a readable WXR export.
    public func importFile(
        _ path: String, into siteSlug: Slug, options: WXRImportOptions = WXRImportOptions(),
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> WXRImportReport {
        let url = URL(fileURLWithPath: path)
        let survey = try WXRSurvey.read(url)
        progress("\(path) : \(survey.postCount) articles et pages, \(survey.attachments.count) médias, \(survey.authors.count) auteurs")
        let existing = try await store.site(slug: siteSlug)
        let timestamp = now()
        let mediaLibrary = self.mediaLibrary
        let fileName = url.lastPathComponent
        do {
            return try await store.write { tx in
                var site: Site
                var created = false
                if let existing, let current = try tx.site(id: existing.id ?? -1) {
                    site = current
                } else {
                    site = try tx.insertSite(survey.newSite(slug: siteSlug))
                    created = true
                }
                var run = WXRImportRun(
                    tx: tx, site: site, survey: survey, options: options, mediaLibrary: mediaLibrary, now: timestamp,
                    report: WXRImportReport(file: fileName, site: siteSlug, siteCreated: created, dryRun: options.dryRun),
                    progress: progress)
                try run.storeHeader()
                try WXRReader(url: url).read { event in
                    if case .item(let item) = event { try run.store(item) }
                }
                try run.storeTermRedirects()
                if options.dryRun { throw DryRun(report: run.report) }
                return run.report
            }
        } catch let dryRun as DryRun {
            return dryRun.report
        }
    }

    /// The slug of the site an export goes to when a whole network is imported: the blog's host name's first
    /// label (`monblog` for `https://monblog.mondoblog.org`), its last path segment, or the file's name.
    public static func siteSlug(forFile path: String) throws -> Slug {
        let survey = try WXRSurvey.read(URL(fileURLWithPath: path), headerOnly: true)
        let link = survey.channel?.baseBlogURL ?? survey.channel?.link ?? ""
        let components = URLComponents(string: link)
        let candidates = [
            components?.path.split(separator: "/").last.map(String.init),
            components?.host?.split(separator: ".").first.map(String.init),
            URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent,
        ]
        for candidate in candidates.compactMap({ $0 }) {
            let slug = Slugify.slug(candidate)
            if let value = Slug(rawValue: slug), !Site.reservedSlugs.contains(slug), !slug.allSatisfy(\.isNumber),
                !["www", "localhost", "blog"].contains(slug)
            {
                return value
            }
        }
        return Slug(rawValue: "blog")!
    }

    /// Carries the report of a dry run out of the transaction it rolls back.
    private struct DryRun: Error {
        var report: WXRImportReport
    }
}
