import Foundation
import KibaruCore
import KibaruServices
import KibaruText

/// Imports a WordPress export (WXR 1.0–1.2) into one site of the network.
///
/// Two streaming passes over the file, so that memory does not grow with it: the first reads the authors, terms
/// and attachments and stops on a malformed file before anything is written; the second stores the posts, pages,
/// comments and old URLs in **short batches** (``batchSize`` posts a transaction, a pause after each), so that the
/// server's writers (a reader's comment, a login) never wait for more than one batch: without the pause the
/// import would take the writer back before another process's busy handler looked again. The posts are converted,
/// typeset and read for entities on another thread, ahead of the batches. Each batch leaves a consistent site;
/// posts and comments are keyed on their WordPress id and GUID, so an interrupted import is resumed by running it
/// again, which updates instead of duplicating.
///
/// One site holds one blog: the blog's address is recorded on its site, and an export of another blog is refused
/// rather than mixed into it (its posts would take the first blog's ids and addresses).
///
/// A dry run imports into a private copy of the store, thrown away afterwards: it reports exactly what an import
/// would do, and takes no lock on the network's database.
public struct WXRImporter: Sendable {
    let store: any ContentStore
    /// The data folder's `media/`, where `--media` files are copied.
    let media: any MediaStorage
    let now: @Sendable () -> Date

    /// Posts stored per write transaction: small enough that no one waits long for the writer (about 0.2 s: the
    /// posts come converted, rendered, typeset and read for entities; a batch resolves their LIRE AUSSI and
    /// indexes them), large enough that the pauses after them stay a small part of the import (a twentieth).
    public static let batchSize = 40
    /// The writer is left free this long after each batch, for the other processes' writes (which look for it
    /// every 5 ms: ``SQLiteStore``).
    public static let pauseBetweenBatches: TimeInterval = 0.02

    public init(store: any ContentStore, media: any MediaStorage, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.media = media
        self.now = now
    }

    /// Imports `path` into the site `siteSlug`, created from the export's title when it does not exist.
    /// Throws ``WXRError`` (file, line, column) for a file that is not a readable WXR export, and
    /// ``WXRImportConflict`` when the site already holds another blog.
    public func importFile(
        _ path: String, into siteSlug: Slug, options: WXRImportOptions = WXRImportOptions(),
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> WXRImportReport {
        let url = URL(fileURLWithPath: path)
        let survey = try WXRSurvey.read(url)
        progress(L(
            "{path} : {posts}, {media}, {authors}",
            [
                "path": path, "posts": Words.count(survey.postCount, "article ou page", "articles et pages"),
                "media": Words.count(survey.attachments.count, "média", "médias"),
                "authors": Words.count(survey.authors.count, "auteur", "auteurs"),
            ]))
        let job = ImportJob(
            path: path, url: url, siteSlug: siteSlug, survey: survey, options: options, media: media,
            now: now(), progress: progress)
        guard options.dryRun else { return try await job.run(on: store, pause: Self.pauseBetweenBatches) }
        // No one else writes to the scratch copy: no pause there.
        return try await store.withScratchCopy { scratch in try await job.run(on: scratch, pause: 0) }
    }

    /// The slug of the site an export goes to when a whole network is imported: the blog's own host name's first
    /// label (`awa` for `https://awa.mondoblog.org/path`), else, on a shared host, the blog's last path segment
    /// (`awa` for `https://blogs.example.org/awa`), else the host's first label, else the file's name.
    public static func siteSlug(forFile path: String) throws -> Slug {
        let survey = try WXRSurvey.read(URL(fileURLWithPath: path), headerOnly: true)
        let link = survey.channel?.baseBlogURL ?? survey.channel?.link ?? ""
        let components = URLComponents(string: link.trimmed)
        let labels = components?.host?.split(separator: ".").map(String.init) ?? []
        let generic: Set<String> = ["www", "localhost", "blog", "blogs"]
        let ownHost = labels.count >= 3 && !generic.contains(labels[0].lowercased()) ? labels.first : nil
        let candidates: [String?] = [
            ownHost, components?.path.split(separator: "/").last.map(String.init), labels.first,
            URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent,
        ]
        for candidate in candidates.compactMap({ $0 }) {
            let slug = Slugify.slug(candidate)
            if let value = Slug(rawValue: slug), !Site.reservedSlugs.contains(slug), !slug.allSatisfy(\.isNumber),
                !generic.contains(slug)
            {
                return value
            }
        }
        return Slug(rawValue: "blog")!
    }

    /// The blog an export comes from (``WXRSurvey/blogAddress``), to tell two exports of one blog from exports
    /// of two blogs.
    public static func blogAddress(ofFile path: String) throws -> String? {
        try WXRSurvey.read(URL(fileURLWithPath: path), headerOnly: true).blogAddress
    }
}

/// A blog's export going to a site that already holds another blog's.
public struct WXRImportConflict: Error, CustomStringConvertible {
    public var file: String
    public var site: Slug
    public var blog: String
    public var siteBlogs: [String]

    public var description: String {
        L(
            "{file} : le blog {blog} irait dans le site « {site} », qui contient déjà {blogs} ; rien n’a été importé : choisissez un autre site pour ce fichier",
            ["file": file, "blog": blog, "site": "\(site)", "blogs": siteBlogs.joined(separator: ", ")])
    }
}

/// One import's second pass, on two threads of its own: the reader's thread reads the posts and prepares them
/// (``WXRPreparedItem``: conversion, typography, entities), a few batches ahead; the writer's thread stores every
/// ``WXRImporter/batchSize`` of them in one write transaction, which blocks that thread (never one of the server's)
/// while it waits for the writer. Preparing outside the transactions keeps each batch short and puts a second core
/// to work.
private struct ImportJob: Sendable {
    let path: String
    let url: URL
    let siteSlug: Slug
    let survey: WXRSurvey
    let options: WXRImportOptions
    let media: any MediaStorage
    let now: Date
    let progress: @Sendable (String) -> Void

    func run(on store: any ContentStore, pause: TimeInterval) async throws -> WXRImportReport {
        // The thread speaks the command line's language (progress, warnings): threads do not inherit a task's.
        let speech = Words.speech, wording = ErrorWording.current
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                Words.carrying(speech) {
                    ErrorWording.$current.withValue(wording) {
                        continuation.resume(with: Result { try self.store(into: store, pause: pause) })
                    }
                }
            }
            thread.name = "kibaru-import"
            thread.start()
        }
    }

    private func store(into store: any ContentStore, pause: TimeInterval) throws -> WXRImportReport {
        let blog = survey.blogAddress
        let (site, created) = try store.writeBlocking { tx -> (Site, Bool) in
            if let current = try await tx.site(slug: siteSlug) {
                let known = try await tx.importSources(siteID: current.id)
                if let blog, !known.isEmpty, !known.contains(blog) {
                    throw WXRImportConflict(file: path, site: siteSlug, blog: blog, siteBlogs: known)
                }
                if let blog { try await tx.addImportSource(siteID: current.id, blog: blog) }
                return (current, false)
            }
            let site = try await tx.insertSite(survey.newSite(slug: siteSlug))
            if let blog { try await tx.addImportSource(siteID: site.id, blog: blog) }
            return (site, true)
        }
        var run = WXRImportRun(
            site: site, survey: survey, options: options, media: media, now: now,
            report: WXRImportReport(file: url.lastPathComponent, site: siteSlug, siteCreated: created, dryRun: options.dryRun),
            progress: progress)
        try Self.batch(&run, in: store) { run, tx in try await run.storeHeader(tx: tx) }
        let prepared = HandOff<WXRPreparedItem>(capacity: 4 * WXRImporter.batchSize)
        let speech = Words.speech
        let reader = Thread { [url, survey, options, media] in
            Words.carrying(speech) { prepared.finish(Result {
                try WXRReader(url: url).read { event in
                    guard case .item(let item) = event else { return }
                    try prepared.put(WXRPreparedItem(
                        item, site: site, attachments: survey.attachments, mediaDirectory: options.mediaDirectory,
                        copyingInto: options.dryRun ? nil : media))
                }
            }) }
        }
        reader.name = "kibaru-import-reader"
        reader.start()
        // Whatever ends this thread's work, the reader's stops and is waited for: no thread outlives the import.
        defer { prepared.cancelAndWait() }
        var pending: [WXRPreparedItem] = []
        while let item = try prepared.take() {
            pending.append(item)
            if pending.count >= WXRImporter.batchSize {
                let items = pending
                try Self.batch(&run, in: store) { run, tx in for item in items { try await run.store(item, tx: tx) } }
                pending.removeAll(keepingCapacity: true)
                if pause > 0 { Thread.sleep(forTimeInterval: pause) }
            }
        }
        let rest = pending
        try Self.batch(&run, in: store) { run, tx in
            for item in rest { try await run.store(item, tx: tx) }
            try await run.storeTermRedirects(tx: tx)
        }
        return run.report
    }

    /// Runs `body` on a copy of `run` in one write transaction, and keeps the copy only once the transaction is
    /// committed: a batch that fails leaves `run` as it was, so that nothing rolled back is remembered.
    private static func batch(
        _ run: inout WXRImportRun, in store: any ContentStore,
        _ body: @escaping @Sendable (inout WXRImportRun, isolated any ContentTransaction) async throws -> Void
    ) throws {
        let before = run
        run = try store.writeBlocking { tx in
            var attempt = before
            try await body(&attempt, tx)
            return attempt
        }
    }
}
