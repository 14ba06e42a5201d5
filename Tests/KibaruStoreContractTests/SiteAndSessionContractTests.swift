import Foundation
import KibaruCore
import Testing

/// ``SiteRepository``: sites are unique by slug and by host; the network is one record; a secret, once made,
/// stays.
@Suite struct SiteRepositoryContract {
    @Test(arguments: StoreUnderTest.all)
    func sitesAreFoundBySlugAndIdAndListedBySlug(_ subject: StoreUnderTest) async throws {
        let store = try await subject.make()
        let (saved, listed, bySlug, byID) = try await store.write { tx in
            let saved = try await tx.insertSite(NewSite(slug: .of("zinder"), title: "Zinder", host: "zinder.example"))
            _ = try await tx.insertSite(NewSite(slug: .of("agadez"), title: "Agadez"))
            return (saved, try await tx.sites().map(\.slug.rawValue), try await tx.site(slug: .of("zinder")),
                    try await tx.site(id: saved.id))
        }
        #expect(listed == ["agadez", "zinder"])
        #expect(bySlug == saved && byID == saved)
        #expect(bySlug?.host == "zinder.example")
    }

    @Test(arguments: StoreUnderTest.all)
    func aSlugOrAHostIsUsedOnce(_ subject: StoreUnderTest) async throws {
        let store = try await subject.make()
        let other = try await store.write { tx in
            _ = try await tx.insertSite(NewSite(slug: .of("zinder"), title: "Zinder", host: "zinder.example"))
            return try await tx.insertSite(NewSite(slug: .of("agadez"), title: "Agadez"))
        }
        await expectSlugTaken("zinder") {
            try await store.write { tx in _ = try await tx.insertSite(NewSite(slug: .of("zinder"), title: "Autre")) }
        }
        await expectSlugTaken("tahoua") {
            try await store.write { tx in
                _ = try await tx.insertSite(NewSite(slug: .of("tahoua"), title: "Tahoua", host: "zinder.example"))
            }
        }
        await expectSlugTaken("agadez") {
            try await store.write { tx in
                var moved = other
                moved.host = "zinder.example"
                try await tx.updateSite(moved)
            }
        }
        let sites = try await store.write { tx in try await tx.sites() }
        #expect(sites.map(\.slug.rawValue) == ["agadez", "zinder"], "nothing was added by the refused writes")
        #expect(sites.first?.host == nil)
    }

    @Test(arguments: StoreUnderTest.all)
    func theNetworkIsOneRecordAndASecretOnceMadeStays(_ subject: StoreUnderTest) async throws {
        let store = try await subject.make()
        let (network, first, second) = try await store.write { tx in
            try await tx.saveNetwork(Network(title: "Réseau d’abord", tagline: "Premier"))
            try await tx.saveNetwork(Network(title: "Réseau du Sahel", tagline: "Des blogs"))
            let first = try await tx.secret(named: "comments") { "premier" }
            let second = try await tx.secret(named: "comments") { "second" }
            return (try await tx.network(), first, second)
        }
        #expect(network == Network(title: "Réseau du Sahel", tagline: "Des blogs"))
        #expect(first == "premier" && second == "premier")
        #expect(try await store.read { tx in try await tx.secret(named: "comments") { "troisième" } } == "premier")
    }
}

/// ``SessionRepository``: failures and rate events are counted by key and time; a reset token is used once,
/// even by two requests at the same moment.
@Suite struct SessionRepositoryContract {
    /// A new store with one staff member and a reset token for each of `tokens`, expiring after so many minutes.
    private static func storeWithResetTokens(_ subject: StoreUnderTest, _ tokens: [String: Double]) async throws
        -> (store: any ContentStore & StaffStore, staffID: StaffMember.ID)
    {
        let store = try await subject.make()
        let staffID = try await staffMember(in: store)
        try await store.write { tx in
            for (token, minutes) in tokens {
                try await tx.insertPasswordReset(tokenHash: token, staffID: staffID, expiresAt: Instant.minutes(minutes))
            }
        }
        return (store, staffID)
    }

    private static func staffMember(in store: any ContentStore) async throws -> StaffMember.ID {
        try await store.write { tx in
            try await tx.insertStaff(NewStaffMember(
                email: "awa@example.org", name: "Awa", passwordHash: "x", createdAt: Instant.now)).id
        }
    }

    @Test(arguments: StoreUnderTest.all)
    func loginFailuresAreCountedByKeySinceATime(_ subject: StoreUnderTest) async throws {
        let store = try await subject.make()
        let counts = try await store.write { tx in
            let early = try await tx.recordLoginFailure(key: "email:awa", at: Instant.minutes(-30))
            let late = try await tx.recordLoginFailure(key: "email:awa", at: Instant.minutes(-1))
            _ = try await tx.recordLoginFailure(key: "ip:10.0.0.1", at: Instant.minutes(-1))
            let recent = try await tx.loginFailures(key: "email:awa", since: Instant.minutes(-10))
            let all = try await tx.loginFailures(key: "email:awa", since: Instant.minutes(-60))
            try await tx.removeLoginFailure(id: late)
            let afterRemoval = try await tx.loginFailures(key: "email:awa", since: Instant.minutes(-60))
            try await tx.clearLoginFailures(key: "email:awa")
            _ = early
            return (recent, all, afterRemoval, try await tx.loginFailures(key: "email:awa", since: Instant.minutes(-60)),
                    try await tx.loginFailures(key: "ip:10.0.0.1", since: Instant.minutes(-60)))
        }
        #expect(counts.0 == 1 && counts.1 == 2 && counts.2 == 1 && counts.3 == 0)
        #expect(counts.4 == 1, "clearing one key leaves the others")
    }

    @Test(arguments: StoreUnderTest.all)
    func rateEventsAreCountedByKeySinceATime(_ subject: StoreUnderTest) async throws {
        let store = try await subject.make()
        let counts = try await store.write { tx in
            for minute in [-90.0, -5, -1] { try await tx.recordRateEvent(key: "comment-ip:10.0.0.1", at: Instant.minutes(minute)) }
            return (try await tx.rateEvents(key: "comment-ip:10.0.0.1", since: Instant.minutes(-60)),
                    try await tx.rateEvents(key: "comment-ip:10.0.0.2", since: Instant.minutes(-60)))
        }
        #expect(counts.0 == 2 && counts.1 == 0)
    }

    @Test(arguments: StoreUnderTest.all)
    func aResetTokenIsUsedOnceBeforeItExpires(_ subject: StoreUnderTest) async throws {
        let (store, staffID) = try await Self.storeWithResetTokens(subject, ["jeton": 60, "ancien": -1])
        let uses = try await store.write { tx in
            (try await tx.consumePasswordReset(tokenHash: "jeton", now: Instant.now),
             try await tx.consumePasswordReset(tokenHash: "jeton", now: Instant.now),
             try await tx.consumePasswordReset(tokenHash: "ancien", now: Instant.now),
             try await tx.consumePasswordReset(tokenHash: "inconnu", now: Instant.now))
        }
        #expect(uses.0 == staffID && uses.1 == nil && uses.2 == nil && uses.3 == nil)
    }

    /// For stores whose write transactions run side by side (PostgreSQL): SQLite's single writer passes it by
    /// construction, a check-then-update on PostgreSQL's READ COMMITTED would not.
    @Test(arguments: StoreUnderTest.all)
    func twoRequestsAtOnceUseAResetTokenOnce(_ subject: StoreUnderTest) async throws {
        let (store, _) = try await Self.storeWithResetTokens(subject, ["jeton": 60])
        let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    try await store.write { tx in
                        try await tx.consumePasswordReset(tokenHash: "jeton", now: Instant.now) != nil
                    }
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(granted == 1)
    }

    @Test(arguments: StoreUnderTest.all)
    func sessionsAreFoundUntilTheyEndOrExpire(_ subject: StoreUnderTest) async throws {
        let store = try await subject.make()
        let staffID = try await Self.staffMember(in: store)
        try await store.write { tx in
            for name in ["a", "b"] {
                try await tx.insertSession(
                    tokenHash: name, staffID: staffID, csrfToken: "csrf-\(name)", createdAt: Instant.now,
                    expiresAt: Instant.minutes(60))
            }
        }
        #expect(try await store.session(tokenHash: "a", now: Instant.now)?.csrfToken == "csrf-a")
        #expect(try await store.session(tokenHash: "a", now: Instant.minutes(61)) == nil, "expired")
        try await store.write { tx in try await tx.deleteSession(tokenHash: "a") }
        #expect(try await store.session(tokenHash: "a", now: Instant.now) == nil)
        #expect(try await store.session(tokenHash: "b", now: Instant.now) != nil)
        try await store.write { tx in try await tx.deleteSessions(staffID: staffID) }
        #expect(try await store.session(tokenHash: "b", now: Instant.now) == nil)
    }

    @Test(arguments: StoreUnderTest.all)
    func apiTokensOpenSessionsWithTheirScopesUntilDeleted(_ subject: StoreUnderTest) async throws {
        let store = try await subject.make()
        let staffID = try await Self.staffMember(in: store)
        let (site, token) = try await store.write { tx in
            let site = try await tx.insertSite(NewSite(slug: .of("sahel"), title: "Sahel"))
            try await tx.setRole(.editor, staffID: staffID, siteID: site.id)
            let token = try await tx.insertAPIToken(NewAPIToken(
                staffID: staffID, name: "Appli", scopes: [.publishArticles, .writeArticles], tokenHash: "hash-a",
                prefix: "kib_abcdef", createdAt: Instant.now))
            return (site, token)
        }
        #expect(token.scopes == [.writeArticles, .publishArticles])
        let opened = try #require(try await store.apiSession(tokenHash: "hash-a", now: Instant.now))
        #expect(opened.token == token)
        #expect(opened.session.staff.id == staffID && opened.session.scopes == [.writeArticles, .publishArticles])
        #expect(opened.session.role(onSite: site.id) == .editor)
        #expect(opened.session.may(.publishOthersArticle, onSite: site.id))
        #expect(!opened.session.may(.moderateComments, onSite: site.id), "an editor's right outside the token's scopes")
        #expect(try await store.apiSession(tokenHash: "hash-b", now: Instant.now) == nil)
        #expect(try await store.session(tokenHash: "hash-a", now: Instant.now) == nil, "a token is not a login")
        try await store.write { tx in try await tx.touchAPIToken(id: token.id, at: Instant.minutes(5)) }
        #expect(try await store.apiTokens(staffID: staffID).map(\.lastUsedAt) == [Instant.minutes(5)])
        #expect(try await store.apiTokens(staffID: nil).count == 1)
        // Two tokens may not share a secret.
        await #expect(throws: (any Error).self) {
            try await store.write { tx in
                _ = try await tx.insertAPIToken(NewAPIToken(
                    staffID: staffID, name: "Copie", scopes: [.readArticles], tokenHash: "hash-a", prefix: "kib_abcdef",
                    createdAt: Instant.now))
            }
        }
        await #expect(throws: ValidationErrors.self) {
            try await store.write { tx in
                _ = try await tx.insertAPIToken(NewAPIToken(
                    staffID: staffID, name: " ", scopes: [], tokenHash: "hash-c", prefix: "kib_", createdAt: Instant.now))
            }
        }
        try await store.write { tx in try await tx.deleteAPIToken(id: token.id) }
        #expect(try await store.apiSession(tokenHash: "hash-a", now: Instant.now) == nil)
        #expect(try await store.apiTokens(staffID: staffID).isEmpty)
    }
}
