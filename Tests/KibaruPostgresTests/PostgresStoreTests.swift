import Foundation
import KibaruCore
import KibaruServices
@testable import KibaruPostgres
import KibaruTesting
import PostgresNIO
import Synchronization
import Testing

/// What only PostgreSQL's store does: migrating once when several nodes start at the same moment, refusing to be
/// used after it ended, and readers that never wait for the writer.
@Suite(.enabled(if: ScratchPostgres.url != nil, "\(ScratchPostgres.skipReason)"))
struct PostgresStoreTests {
    @Test func nodesStartingTogetherMigrateOnce() async throws {
        let location = try await ScratchPostgres.shared.emptyDatabase()
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<6 { group.addTask { try await PostgresStore.open(location, maximumConnections: 2) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let versions = try await stores[0].transaction(writing: false) { tx in
            try await tx.column("SELECT version FROM kibaru_schema_version ORDER BY version", as: Int64.self)
        }
        #expect(versions == Array(1...Int64(PostgresSchema.versions.count)))
        for store in stores { await store.close() }
    }

    @Test func aReaderDoesNotWaitForAWriterThatHoldsTheLock() async throws {
        let store = try await ScratchPostgres.shared.newStore()
        try await store.write { tx in try await tx.saveNetwork(Network(title: "Avant", tagline: "")) }
        let (released, release) = AsyncStream.makeStream(of: Void.self)
        let (held, holding) = AsyncStream.makeStream(of: Void.self)
        let writer = Task {
            try await store.write { tx in
                try await tx.saveNetwork(Network(title: "Pendant", tagline: ""))
                holding.yield()
                for await _ in released { break }
            }
        }
        for await _ in held { break }
        // A reader that waited for the writer would wait for ever: the writer is let go after half a minute, and
        // the reader would then see its commit.
        let deadline = Task {
            try? await Task.sleep(for: .seconds(30))
            release.yield()
        }
        #expect(try await store.network().title == "Avant", "the reader saw the last commit without waiting")
        deadline.cancel()
        release.yield()
        try await writer.value
        #expect(try await store.network().title == "Pendant")
    }

    @Test func anErrorOfTheServerNamesItsSQLState() async throws {
        let store = try await ScratchPostgres.shared.newStore()
        do {
            try await store.transaction(writing: true) { tx in try await tx.run("INSERT INTO network (id, title) VALUES (2, 'x')") }
            Issue.record("the check constraint let a second network in")
        } catch let failure as PostgresFailure {
            #expect(failure.sqlState == "23514" && failure.description.contains("network"))
        }
    }
}

/// Another process's commits reach this process's observers at once, through `NOTIFY` (no polling here).
@Suite(.enabled(if: ScratchPostgres.url != nil, "\(ScratchPostgres.skipReason)"))
struct PostgresNotificationTests {
    @Test func anotherProcesssCommitReachesTheObserversAtOnce() async throws {
        let database = try await ScratchPostgres.shared.newDatabase()
        let store = try await PostgresStore.open(database, maximumConnections: 4)
        try await store.write { tx in try await tx.saveNetwork(Network(title: "Réseau", tagline: "")) }
        let received = Mutex<[ContentDependency]>([])
        store.observeCommittedChanges { changes in received.withLock { $0 += changes.map(\.dependency) } }
        let listening = ContinuousClock.now + .seconds(10)
        while !store.isListening.isOn, ContinuousClock.now < listening { try await Task.sleep(for: .milliseconds(10)) }
        let media = try TestPaths.temporaryDirectory("notify-media")
        defer { try? FileManager.default.removeItem(atPath: media) }
        let command = Process()
        command.executableURL = URL(fileURLWithPath: TestPaths.kibaruExecutable)
        command.arguments = ["site", "create", "sahel", "--title", "Sahel", "--database", database.url, "--media-dir", media]
        command.standardOutput = FileHandle.nullDevice
        command.standardError = FileHandle.nullDevice
        try command.run()
        command.waitUntilExit()
        #expect(command.terminationStatus == 0)
        let deadline = ContinuousClock.now + .seconds(10)
        while !received.withLock({ $0.contains(.sites) }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(received.withLock { $0.contains(.sites) }, "the site list changed in another process")
        await store.close()
    }

    @Test func aWriteOfThisProcessReachesTheObserversBeforeItReturns() async throws {
        let store = try await ScratchPostgres.shared.newStore()
        let received = Mutex<[ContentDependency]>([])
        store.observeCommittedChanges { changes in received.withLock { $0 += changes.map(\.dependency) } }
        try await store.write { tx in try await tx.saveNetwork(Network(title: "Réseau", tagline: "")) }
        _ = try await store.write { tx in try await tx.insertSite(NewSite(slug: Slug(rawValue: "fleuve")!, title: "Fleuve")) }
        #expect(received.withLock { $0.contains(.sites) })
        await store.close()
    }
}

/// Several nodes on one database: their schedulers check at the same moment, a due article is published once.
@Suite(.enabled(if: ScratchPostgres.url != nil, "\(ScratchPostgres.skipReason)"))
struct PostgresNodesTests {
    @Test func aScheduledArticleIsPublishedOnceByNodesCheckingTogether() async throws {
        let database = try await ScratchPostgres.shared.newDatabase()
        var nodes: [PostgresStore] = []
        for _ in 0..<3 { nodes.append(try await PostgresStore.open(database, maximumConnections: 4)) }
        let due = Date(timeIntervalSince1970: 1_709_287_200)
        let siteID = try await nodes[0].write { tx in
            try await tx.saveNetwork(Network(title: "Réseau", tagline: ""))
            let site = try await tx.insertSite(NewSite(slug: Slug(rawValue: "sahel")!, title: "Sahel"))
            let author = try await tx.insertPerson(NewPerson(slug: Slug(rawValue: "awa")!, name: "Awa"))
            _ = try await tx.insertArticle(NewArticle(
                siteID: site.id, slug: Slug(rawValue: "a-la-une")!, title: "À la une", bodyMarkdown: "Texte.",
                state: .scheduled, publishedAt: due, authors: [author], createdAt: due, updatedAt: due))
            return site.id
        }
        let published = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<9 {
                let node = nodes[index % nodes.count]
                group.addTask { try await EditorialService(store: node, now: { due.addingTimeInterval(60) }).publishDue() }
            }
            return try await group.reduce(0, +)
        }
        #expect(published == 1)
        let audit = try await nodes[1].auditLog(siteIDs: [siteID], limit: 10).filter { $0.action == "article.publish" }
        #expect(audit.count == 1)
        #expect(try await nodes[2].publishedArticle(siteID: siteID, slug: Slug(rawValue: "a-la-une")!) != nil)
        for node in nodes { await node.close() }
    }
}

/// Writes wait for their turn without holding the connections that readers need, and a dry run's schema has a
/// writer of its own.
@Suite(.enabled(if: ScratchPostgres.url != nil, "\(ScratchPostgres.skipReason)"))
struct PostgresWriterTests {
    /// Holds the writer of `store` until the returned continuation is resumed; returns once it holds it.
    private static func holdWriter(of store: PostgresStore) async -> (Task<Void, any Error>, AsyncStream<Void>.Continuation) {
        let (released, release) = AsyncStream.makeStream(of: Void.self)
        let (held, holding) = AsyncStream.makeStream(of: Void.self)
        let writer = Task {
            try await store.write { tx in
                try await tx.saveNetwork(Network(title: "Occupé", tagline: ""))
                holding.yield()
                for await _ in released { break }
            }
        }
        for await _ in held { break }
        return (writer, release)
    }

    @Test func queuedWritesLeaveConnectionsToReaders() async throws {
        let store = try await PostgresStore.open(try await ScratchPostgres.shared.newDatabase(), maximumConnections: 3)
        try await store.write { tx in try await tx.saveNetwork(Network(title: "Réseau", tagline: "")) }
        let (holder, release) = await Self.holdWriter(of: store)
        let queued = (0..<10).map { index in
            Task { try await store.write { tx in try await tx.saveNetwork(Network(title: "Suivant \(index)", tagline: "")) } }
        }
        try await Task.sleep(for: .milliseconds(200))
        // A reader that waited for a connection would wait for ever: the writer is let go after half a minute.
        let deadline = Task {
            try? await Task.sleep(for: .seconds(30))
            release.yield()
        }
        let started = ContinuousClock.now
        _ = try await store.sites()
        #expect(ContinuousClock.now - started < .seconds(30), "a reader found a connection while ten writes queued")
        deadline.cancel()
        release.yield()
        try await holder.value
        for write in queued { try await write.value }
        await store.close()
    }

    @Test func aDryRunWritesWhileTheRealWriterIsHeld() async throws {
        let store = try await ScratchPostgres.shared.newStore()
        try await store.write { tx in try await tx.saveNetwork(Network(title: "Réseau", tagline: "")) }
        let (holder, release) = await Self.holdWriter(of: store)
        // Were the dry run to wait for the real writer, it would wait for ever: the writer is let go after a minute,
        // and the dry run found to have ended only then.
        let deadline = Task {
            try? await Task.sleep(for: .seconds(60))
            release.yield()
        }
        let started = ContinuousClock.now
        let title = try await store.withScratchCopy { scratch in
            try await scratch.write { tx in try await tx.saveNetwork(Network(title: "Essai", tagline: "")) }
            return try await scratch.network().title
        }
        #expect(title == "Essai")
        #expect(ContinuousClock.now - started < .seconds(60), "the throwaway schema has a writer of its own")
        deadline.cancel()
        release.yield()
        try await holder.value
        #expect(try await store.network().title == "Occupé")
    }
}

/// `search_term` counted in one statement (moving a network in) is what saving article by article keeps.
@Suite(.enabled(if: ScratchPostgres.url != nil, "\(ScratchPostgres.skipReason)"))
struct PostgresSearchTermTests {
    static func counts(_ store: PostgresStore) async throws -> [String: Int64] {
        try await store.transaction(writing: false) { tx in
            var counts: [String: Int64] = [:]
            for row in try await tx.rows("SELECT term, documents FROM search_term WHERE documents > 0") {
                counts[try row.get("term", as: String.self)] = try row.get("documents", as: Int64.self)
            }
            return counts
        }
    }

    @Test func termsCountedAtOnceEqualTermsCountedArticleByArticle() async throws {
        let store = try await ScratchPostgres.shared.newStore()
        let now = Date(timeIntervalSince1970: 1_709_287_200)
        try await store.write { tx in
            try await tx.saveNetwork(Network(title: "Réseau", tagline: ""))
            let site = try await tx.insertSite(NewSite(slug: Slug(rawValue: "sahel")!, title: "Sahel"))
            let author = try await tx.insertPerson(NewPerson(slug: Slug(rawValue: "awa")!, name: "Awa"))
            var saved: [Article] = []
            for (slug, text) in [("crue", "Le fleuve Niger monte à Mopti."), ("pluies", "Les pluies arrivent à Mopti."),
                                 ("marche", "Le marché de Gao rouvre."), ("brouillon", "Un brouillon sur le fleuve.")] {
                saved.append(try await tx.insertArticle(NewArticle(
                    siteID: site.id, slug: Slug(rawValue: slug)!, title: text, bodyMarkdown: text, bodyText: text,
                    state: slug == "brouillon" ? .draft : .published, publishedAt: now, authors: [author],
                    createdAt: now, updatedAt: now)))
            }
            var edited = saved[1]
            edited.bodyText = "Les pluies arrivent enfin à Tombouctou."
            _ = try await tx.updateArticle(edited)
            var unpublished = saved[2]
            unpublished.state = .draft
            _ = try await tx.updateArticle(unpublished)
        }
        let articleByArticle = try await Self.counts(store)
        try await store.transaction(writing: true) { tx in try await tx.countSearchTerms() }
        let atOnce = try await Self.counts(store)
        #expect(articleByArticle[""] == 2 && articleByArticle["tombouctou"] == 1 && articleByArticle["gao"] == nil)
        #expect(atOnce == articleByArticle)
    }
}
