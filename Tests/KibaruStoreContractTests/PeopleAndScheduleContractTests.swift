import Foundation
import KibaruCore
import Testing

/// ``PeopleRepository``: a person's slug and a staff member's e-mail are used once (even by requests at the
/// same moment); a role is one per site, changed or removed in place; people are listed by the sites that
/// credit them.
@Suite struct PeopleRepositoryContract {
    private static func staff(_ email: String) -> NewStaffMember {
        NewStaffMember(email: email, name: "Awa", passwordHash: "x", createdAt: Instant.now)
    }

    @Test(arguments: StoreUnderTest.all)
    func aPersonsSlugIsUsedOnceAndPeopleAreListedByTheSitesThatCreditThem(_ subject: StoreUnderTest) async throws {
        let store = try await subject.make()
        let (site, other) = try await store.write { tx in
            (try await tx.insertSite(NewSite(slug: .of("sahel"), title: "Sahel")),
             try await tx.insertSite(NewSite(slug: .of("autre"), title: "Autre")))
        }
        let (awa, credited, elsewhere) = try await store.write { tx in
            let awa = try await tx.insertPerson(NewPerson(slug: .of("awa-diarra"), name: "Awa Diarra"))
            _ = try await tx.insertPerson(NewPerson(slug: .of("moussa-keita"), name: "Moussa Keïta"))
            _ = try await tx.insertArticle(NewArticle(
                siteID: site.id, slug: .of("crue"), title: "Crue", bodyMarkdown: "Texte.", authors: [awa],
                createdAt: Instant.now, updatedAt: Instant.now))
            return (awa, try await tx.people(siteID: site.id).map(\.name), try await tx.people(siteID: other.id))
        }
        #expect(credited == ["Awa Diarra"] && elsewhere.isEmpty)
        #expect(try await store.write { tx in try await tx.person(id: awa.id) } == awa)
        await expectSlugTaken("awa-diarra") {
            try await store.write { tx in _ = try await tx.insertPerson(NewPerson(slug: .of("awa-diarra"), name: "Autre Awa")) }
        }
    }

    @Test(arguments: StoreUnderTest.all)
    func anEmailHasOneAccountEvenForRequestsAtTheSameMoment(_ subject: StoreUnderTest) async throws {
        let store = try await subject.make()
        let created = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    do {
                        _ = try await store.write { tx in try await tx.insertStaff(Self.staff("awa@example.org")) }
                        return true
                    } catch is ValidationErrors {
                        return false
                    }
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(created == 1)
        let found = try await store.write { tx in try await tx.staff(email: "awa@example.org") }
        #expect(found?.name == "Awa")
    }

    @Test(arguments: StoreUnderTest.all)
    func aRoleIsOnePerSiteChangedOrRemovedInPlace(_ subject: StoreUnderTest) async throws {
        let store = try await subject.make()
        let roles = try await store.write { tx -> [[Role]] in
            let first = try await tx.insertSite(NewSite(slug: .of("sahel"), title: "Sahel")).id
            let second = try await tx.insertSite(NewSite(slug: .of("autre"), title: "Autre")).id
            let staffID = try await tx.insertStaff(Self.staff("awa@example.org")).id
            var seen: [[Role]] = []
            try await tx.setRole(.contributor, staffID: staffID, siteID: first)
            try await tx.setRole(.editor, staffID: staffID, siteID: second)
            seen.append(try await tx.memberships(staffID: staffID).map(\.role))
            try await tx.setRole(.author, staffID: staffID, siteID: first)
            seen.append(try await tx.memberships(staffID: staffID).map(\.role))
            try await tx.setRole(nil, staffID: staffID, siteID: second)
            seen.append(try await tx.memberships(staffID: staffID).map(\.role))
            return seen
        }
        #expect(roles == [[.contributor, .editor], [.author, .editor], [.author]])
    }
}

/// ``ArticleRepository`` beyond saving: scheduled articles fall due in order; a revision is found by its
/// version; a media file of a site is found by its path.
@Suite struct ScheduleRevisionAndMediaContract {
    @Test(arguments: StoreUnderTest.all)
    func scheduledArticlesFallDueInTheirOrder(_ subject: StoreUnderTest) async throws {
        let store = try await subject.make()
        let (due, ids) = try await store.write { tx in
            let site = try await tx.insertSite(NewSite(slug: .of("sahel"), title: "Sahel")).id
            var ids: [String: Article.ID] = [:]
            for (slug, minutes, state) in [("tard", 30.0, PublishState.scheduled), ("tot", 10, .scheduled),
                                           ("futur", 90, .scheduled), ("brouillon", 5, .draft)] {
                ids[slug] = try await tx.insertArticle(NewArticle(
                    siteID: site, slug: .of(slug), title: slug, bodyMarkdown: "Texte.", state: state,
                    publishedAt: Instant.minutes(minutes), createdAt: Instant.now, updatedAt: Instant.now)).id
            }
            return (try await tx.articlesDue(at: Instant.minutes(60)), ids)
        }
        #expect(due == [ids["tot"]!, ids["tard"]!])
    }

    @Test(arguments: StoreUnderTest.all)
    func aRevisionIsFoundByItsVersionAndAMediaFileByItsPath(_ subject: StoreUnderTest) async throws {
        let store = try await subject.make()
        let (revision, missing, media, elsewhere) = try await store.write { tx in
            let site = try await tx.insertSite(NewSite(slug: .of("sahel"), title: "Sahel")).id
            let other = try await tx.insertSite(NewSite(slug: .of("autre"), title: "Autre")).id
            let article = try await tx.insertArticle(NewArticle(
                siteID: site, slug: .of("crue"), title: "Crue", bodyMarkdown: "Texte.", createdAt: Instant.now,
                updatedAt: Instant.now)).id
            try await tx.insertRevision(NewRevision(
                articleID: article, version: 1, title: "Crue", standfirst: nil, bodyMarkdown: "Premier jet.",
                savedAt: Instant.now, savedBy: "Awa"))
            _ = try await tx.insertMedia(NewMediaItem(
                siteID: site, path: "sahel/2024/03/fleuve.jpg", mediaType: "image/jpeg", width: 800, height: 600,
                byteCount: 12_345, alt: "Le fleuve", caption: "Le Niger", credit: Credit(author: "Awa Diarra"),
                uploadedBy: "Awa", createdAt: Instant.now))
            return (try await tx.revision(articleID: article, version: 1),
                    try await tx.revision(articleID: article, version: 2),
                    try await tx.mediaItem(siteID: site, path: "sahel/2024/03/fleuve.jpg"),
                    try await tx.mediaItem(siteID: other, path: "sahel/2024/03/fleuve.jpg"))
        }
        #expect(revision?.bodyMarkdown == "Premier jet." && missing == nil)
        #expect(media?.credit.author == "Awa Diarra" && media?.width == 800 && elsewhere == nil)
    }
}
