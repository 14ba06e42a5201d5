import Foundation
import Glibc
import Hummingbird
import KibaruCore
import KibaruServices
import KibaruText
import KibaruWeb
import Logging
import NIOCore
import NIOEmbedded
import Synchronization

/// What a static build wrote.
public struct StaticBuildReport: Sendable, Equatable {
    /// Files written because they are new or changed.
    public var written = 0
    /// Files already up to date, left as they were.
    public var unchanged = 0
    /// Files of an earlier build that no page produces any more, removed.
    public var removed = 0
    /// Media files copied.
    public var media = 0
}

/// Writes the public site as files, for mirrors, CDNs and internet shutdowns: every page, feed, sitemap and
/// `robots.txt` reachable by links from the network's (or one site's) home, rendered by the same routes as the
/// server, plus the media. Incremental: an unchanged file is not rewritten, a page that disappeared is removed.
/// A path ending in `/` is written as `…/index.html` (feeds too), so any plain file server serves it.
public struct StaticSiteBuilder: Sendable {
    let config: AppConfig
    let logger: Logger

    /// The list of files a build produced, to remove what the next build no longer produces.
    static let manifestName = ".kibaru-build"
    /// Pages rendered at once.
    static let concurrentPages = 2 * ProcessInfo.processInfo.activeProcessorCount

    /// A page written, and the pages it links to.
    private struct BuiltPage: Sendable {
        let file: String
        let wrote: Bool
        let links: [String]
    }

    /// - Parameter logger: warnings only by default: every page is a request, which the server logs at `info`.
    public init(config: AppConfig, logger: Logger? = nil) {
        self.config = config
        self.logger = logger ?? {
            var quiet = Logger(label: "kibaru-build")
            quiet.logLevel = .warning
            return quiet
        }()
    }

    /// Builds into `output` the network, or only the site `only`.
    public func build(into output: String, only: Slug? = nil, progress: @Sendable (String) -> Void = { _ in })
        async throws -> StaticBuildReport
    {
        let store = try await config.data.open()
        let rerendered = try await ArticleService(store: store, now: config.now).renderStaleArticles()
        if rerendered > 0 {
            progress(L("{articles} à nouveau", ["articles": Words.count(rerendered, "article rendu", "articles rendus")]))
        }
        let responder = try await makeKibaruRouter(config, store: store, logger: logger).buildResponder()
        // One channel for every page's context: a channel left open keeps its pipeline (about 6 KB a page).
        let channel = NIOAsyncTestingChannel()
        defer { _ = channel.close() }
        var queue: [String]
        if let only {
            guard try await store.site(slug: only) != nil else {
                throw ContentError.notFound(what: L("site « {site} »", ["site": "\(only)"]))
            }
            let home = Permalink.site(only)
            queue = [home, home + "sitemap.xml", home + "sitemap-pages.xml", home + "sitemap-news.xml", home + "robots.txt"]
        } else {
            queue = ["/", "/sitemap.xml", "/robots.txt"]
            for site in try await store.sites() {
                let home = Permalink.site(site.slug)
                queue += [home, home + "sitemap.xml", home + "sitemap-pages.xml", home + "sitemap-news.xml", home + "robots.txt"]
            }
        }
        var seen = Set(queue)
        var produced: [String] = []
        var report = StaticBuildReport()
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let root = only.map(Permalink.site) ?? "/"
        let baseURL = config.baseURL.hasSuffix("/") ? String(config.baseURL.dropLast()) : config.baseURL
        let folders = FolderMaker()
        // Pages are rendered and written a few at a time, as many as the machine has cores and some to spare
        // (a page waits on SQLite or the disk part of its time); the links they hold join the queue.
        try await withThrowingTaskGroup(of: BuiltPage?.self) { group in
            var next = 0, running = 0
            while true {
                while running < Self.concurrentPages, next < queue.count {
                    let path = queue[next]
                    next += 1
                    running += 1
                    group.addTask {
                        guard let body = try await render(path, responder: responder, channel: channel) else { return nil }
                        let file = path.hasSuffix("/") ? path + "index.html" : path
                        let wrote = try write(
                            body, to: (output as NSString).appendingPathComponent(file), folders: folders)
                        return BuiltPage(
                            file: file, wrote: wrote,
                            links: Self.links(in: body, from: path, below: root, baseURL: baseURL))
                    }
                }
                guard let page = try await group.next() else { break }
                running -= 1
                guard let page else { continue }
                if page.wrote { report.written += 1 } else { report.unchanged += 1 }
                produced.append(page.file)
                // A crawl: the pages still to write are known only as links are found.
                if produced.count % 1_000 == 0 {
                    progress(L(
                        "… {written} pages écrites, {found} de plus trouvées à écrire",
                        ["written": "\(produced.count)", "found": "\(queue.count - produced.count)"]))
                }
                for link in page.links where seen.insert(link).inserted { queue.append(link) }
            }
        }
        report.removed = try removeStale(output, produced: produced, within: only.map { String(Permalink.site($0).dropFirst()) })
        report.media = try copyMedia(into: (output as NSString).appendingPathComponent("media"))
        sync()  // once for every file written
        return report
    }

    /// The body of a page, or `nil` when it is not a 200 (redirects, missing pages).
    private func render(
        _ path: String, responder: some HTTPResponder<KibaruContext>, channel: NIOAsyncTestingChannel
    ) async throws -> ByteBuffer? {
        let request = Request(
            head: HTTPRequest(method: .get, scheme: "http", authority: "localhost", path: path),
            body: RequestBody(buffer: ByteBuffer()))
        let context = KibaruContext(source: ApplicationRequestContextSource(channel: channel, logger: logger))
        let response: Response
        do {
            response = try await responder.respond(to: request, context: context)
        } catch {
            logger.warning("static build: page skipped", metadata: ["kibaru.path": "\(path)", "kibaru.error": "\(error)"])
            return nil
        }
        guard response.status == .ok else { return nil }
        let collector = ResponseBodyCollector()
        try await response.body.write(collector)
        return collector.buffer
    }

    /// The site's own pages a page links to: root-relative `href`s and relative ones (`feed/`), and the URLs a
    /// sitemap lists, without query or fragment, not the admin, the search, the readers' forms nor media (copied
    /// apart).
    static func links(in body: ByteBuffer, from page: String, below root: String, baseURL: String) -> [String] {
        let directory = page.hasSuffix("/") ? page : (page as NSString).deletingLastPathComponent + "/"
        let (linked, listed) = body.withUnsafeReadableBytes { bytes in
            (
                Self.values(in: bytes, between: Array(#"href=""#.utf8), and: Array(#"""#.utf8), refusing: Array("#?:".utf8)),
                // Sitemaps name pages (WordPress pages, which no listing links to) by absolute URL.
                Self.values(in: bytes, between: Array("<loc>".utf8), and: Array("</loc>".utf8), refusing: [])
            )
        }
        let located = listed.compactMap { url in url.hasPrefix(baseURL + "/") ? String(url.dropFirst(baseURL.count)) : nil }
        return (linked + located).compactMap { link in
            var link = link.replacingOccurrences(of: "&amp;", with: "&")
            if !link.hasPrefix("/") { link = directory + link }
            guard link.hasPrefix(root), !link.hasPrefix("/admin/"), !link.hasPrefix("/media/"),
                !link.contains("/recherche/"), !link.hasPrefix("/commentaires/"), !link.contains("..")
            else { return nil }
            return link
        }
    }

    /// The texts found between `opening` and the next `closing`, when they are not empty and hold no byte of
    /// `refusing` and no `<` (a byte scan: a regular expression over each page took most of a build's time).
    static func values(in bytes: UnsafeRawBufferPointer, between opening: [UInt8], and closing: [UInt8], refusing: [UInt8])
        -> [String]
    {
        var values: [String] = []
        var index = 0
        let end = bytes.count
        while index + opening.count <= end {
            guard let start = bytes[index..<end].firstIndex(of: opening[0]) else { break }
            guard start + opening.count <= end,
                opening.indices.allSatisfy({ bytes[start + $0] == opening[$0] })
            else {
                index = start + 1
                continue
            }
            let valueStart = start + opening.count
            var cursor = valueStart
            while cursor < end, bytes[cursor] != closing[0], bytes[cursor] != UInt8(ascii: "<"),
                !refusing.contains(bytes[cursor])
            {
                cursor += 1
            }
            if cursor > valueStart, cursor + closing.count <= end,
                closing.indices.allSatisfy({ bytes[cursor + $0] == closing[$0] })
            {
                values.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[valueStart..<cursor]), as: UTF8.self))
            }
            index = valueStart
        }
        return values
    }

    /// Writes `body` unless the file already holds it; returns whether it wrote. The bytes go to a temporary file
    /// renamed over the page, so that a file server never sends half a page; nothing is flushed to disk page by
    /// page (Foundation's atomic write syncs each file, a third of a build's time): ``build(into:only:progress:)``
    /// flushes once at the end.
    private func write(_ body: ByteBuffer, to path: String, folders: FolderMaker) throws -> Bool {
        if let current = FileManager.default.contents(atPath: path), current.elementsEqual(body.readableBytesView) {
            return false
        }
        try folders.make((path as NSString).deletingLastPathComponent)
        let temporary = path + ".kibaru-partial"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw StaticBuildError.unwritable(path: path, errno: errno) }
        let written = body.withUnsafeReadableBytes { bytes -> Bool in
            var offset = 0
            while offset < bytes.count {
                let count = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
        let failure = errno
        close(descriptor)
        guard written, rename(temporary, path) == 0 else {
            let error = written ? errno : failure
            unlink(temporary)
            throw StaticBuildError.unwritable(path: path, errno: error)
        }
        return true
    }

    /// Removes the files the previous build wrote that this one did not, then records this build's files. A
    /// one-site build (`within` is the site's folder, `mali-actu/`) touches that site's files only and keeps the
    /// other entries of the record.
    private func removeStale(_ output: String, produced: [String], within: String?) throws -> Int {
        let manifest = (output as NSString).appendingPathComponent(Self.manifestName)
        let previous = (try? String(contentsOfFile: manifest, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
        let current = Set(produced.map { String($0.drop { $0 == "/" }) })
        let isOurs = { (file: String) in within.map { file.hasPrefix($0) } ?? true }
        var removed = 0
        for file in previous where isOurs(file) && !current.contains(file) && !file.split(separator: "/").contains("..") {
            let path = (output as NSString).appendingPathComponent(file)
            if (try? FileManager.default.removeItem(atPath: path)) != nil { removed += 1 }
        }
        let kept = previous.filter { !isOurs($0) }
        try (kept + current).sorted().joined(separator: "\n").write(toFile: manifest, atomically: true, encoding: .utf8)
        return removed
    }

    /// Copies the data folder's media that are missing or changed.
    private func copyMedia(into destination: String) throws -> Int {
        let source = config.data.mediaPath
        guard let files = FileManager.default.enumerator(atPath: source) else { return 0 }
        var copied = 0
        while let file = files.nextObject() as? String {
            let from = (source as NSString).appendingPathComponent(file)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: from, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            let to = (destination as NSString).appendingPathComponent(file)
            let size = { (path: String) in (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1 }
            if FileManager.default.fileExists(atPath: to), size(to) == size(from) { continue }
            try FileManager.default.createDirectory(
                atPath: (to as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if FileManager.default.fileExists(atPath: to) { try FileManager.default.removeItem(atPath: to) }
            try FileManager.default.copyItem(atPath: from, toPath: to)
            copied += 1
        }
        return copied
    }
}

/// A page that could not be written.
public enum StaticBuildError: Error, CustomStringConvertible {
    case unwritable(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .unwritable(let path, let errno):
            L("{path} : écriture impossible ({error})", ["path": path, "error": String(cString: strerror(errno))])
        }
    }
}

/// Makes folders, each once per build (`mkdir -p` of every page's folder took a tenth of a build).
private final class FolderMaker: Sendable {
    private let made = Mutex(Set<String>())

    func make(_ folder: String) throws {
        guard !made.withLock({ $0.contains(folder) }) else { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        made.withLock { _ = $0.insert(folder) }
    }
}
