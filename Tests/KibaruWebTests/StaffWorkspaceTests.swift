import Foundation
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruTesting
import Testing

/// Who may do what is decided by the services (issue 13, point 5): each refuses what the admin's pages hide,
/// whoever calls it, and changes nothing when it refuses.
@Suite struct StaffWorkspaceTests {
    /// The stored session of a staff member made by ``TestNetwork/staff(_:role:)``.
    static func session(_ login: TestNetwork.Login, in network: TestNetwork) async throws -> StaffSession {
        try #require(try await network.store.session(tokenHash: SecureToken.hash(login.token), now: Date()))
    }

    @Test func staffAreManagedOnlyByTheSitesOwnersAndTheNetworksAdministrators() async throws {
        let network = try await TestNetwork.make()
        let author = try await Self.session(try await network.staff("Awa Autrice", role: .author), in: network)
        let owner = try await Self.session(try await network.staff("Oumar Propriétaire", role: .owner), in: network)
        let staff = StaffService(store: network.store, hasher: BcryptHasher(cost: 4))
        let site = network.site.slug

        await #expect(throws: ContentError.forbidden(action: "manageStaff")) {
            try await staff.setRole(.owner, email: author.staff.email, siteSlug: site, actor: author)
        }
        await #expect(throws: ContentError.forbidden(action: "manageStaff")) {
            try await staff.add(email: "ami@kibaru.test", name: "Ami", password: TestNetwork.password,
                                role: .editor, siteSlug: site, isNetworkAdmin: false, actor: author)
        }
        await #expect(throws: ContentError.forbidden(action: "manageSites")) {
            try await staff.add(email: "chef@kibaru.test", name: "Chef", password: TestNetwork.password,
                                role: nil, siteSlug: nil, isNetworkAdmin: true, actor: owner)
        }
        #expect(try await network.store.staff(email: "ami@kibaru.test") == nil, "a refusal stores nobody")
        #expect(try await network.store.staff(email: "chef@kibaru.test") == nil)

        try await staff.setRole(.editor, email: author.staff.email, siteSlug: site, actor: owner)
        let again = try #require(try await network.store.staffList().first { $0.0.email == author.staff.email })
        #expect(again.1.first?.role == .editor)
    }

    @Test func sitesAndHostNamesAreTheNetworkAdministratorsAlone() async throws {
        let network = try await TestNetwork.make()
        let owner = try await Self.session(try await network.staff("Oumar Propriétaire", role: .owner), in: network)
        let admin = try await Self.session(try await network.staff("Ada Administratrice", role: nil), in: network)
        let administration = SiteAdministration(store: network.store)
        let newSite = NewSite(slug: try Slug(validating: "sahel-info"), title: "Sahel Info")

        await #expect(throws: ContentError.forbidden(action: "manageSites")) {
            try await administration.createSite(newSite, actor: owner)
        }
        #expect(try await network.store.site(slug: newSite.slug) == nil)
        let created = try await administration.createSite(newSite, actor: admin)
        let entries = try await network.store.auditLog(siteIDs: nil, limit: 10)
        #expect(entries.contains { $0.action == "site.create" && $0.subject == "sahel-info" && $0.siteID == created.id })

        var site = try #require(try await network.store.site(slug: network.site.slug))
        site.host = "actu.example.org"
        await #expect(throws: ContentError.forbidden(action: SiteAdministration.hostChange)) {
            try await administration.updateSettings(site, actor: owner)
        }
        site.host = nil
        site.title = "Mali Actu, le journal"
        try await administration.updateSettings(site, actor: owner)
        site.host = "kibaru.test"
        await #expect(throws: ValidationErrors.self) {
            try await administration.updateSettings(site, actor: admin, networkHost: "kibaru.test")
        }
        site.host = "actu.example.org"
        try await administration.updateSettings(site, actor: admin, networkHost: "kibaru.test")
        let saved = try #require(try await network.store.site(slug: network.site.slug))
        #expect(saved.host == "actu.example.org" && saved.title == "Mali Actu, le journal")
    }

    @Test func theWorkspaceShowsEachPersonWhatTheirRolesAllow() async throws {
        let network = try await TestNetwork.make()
        let author = try await Self.session(try await network.staff("Awa Autrice", role: .author), in: network)
        let editor = try await Self.session(try await network.staff("Éric Éditeur", role: .editor), in: network)
        let owner = try await Self.session(try await network.staff("Oumar Propriétaire", role: .owner), in: network)
        let admin = try await Self.session(try await network.staff("Ada Administratrice", role: nil), in: network)
        let other = try await SiteService(store: network.store).create(
            NewSite(slug: try Slug(validating: "autre"), title: "Autre"))
        let workspace = StaffWorkspace(store: network.store)

        #expect(try await workspace.sites(of: author).map(\.slug) == [network.site.slug])
        #expect(Set(try await workspace.sites(of: admin).map(\.slug)) == [network.site.slug, other.slug])
        #expect(try await workspace.sites(where: .moderateComments, actor: author).isEmpty)
        #expect(try await workspace.sites(where: .moderateComments, actor: editor).map(\.slug) == [network.site.slug])
        await #expect(throws: ContentError.self) {
            try await workspace.site(slug: other.slug, for: .manageStaff, actor: owner)
        }
        #expect(try await workspace.site(slug: network.site.slug, for: .manageStaff, actor: owner).id == network.site.id)

        let draft = try await EditorialService(store: network.store).perform(
            .save, draft: ArticleDraft(siteSlug: network.site.slug, title: "Brouillon d’Éric", bodyMarkdown: "Texte.",
                                       authorNames: ["Éric Éditeur"]),
            expectedVersion: nil, actor: editor)
        await #expect(throws: ContentError.notFound(what: "article \(draft.id)")) {
            try await workspace.editableArticle(draft.id, actor: author)
        }
        #expect(try await workspace.editableArticle(draft.id, actor: owner).article.id == draft.id)

        await #expect(throws: ContentError.forbidden(action: "viewAuditLog")) {
            try await workspace.auditLog(actor: editor, limit: 10)
        }
        try await SiteAdministration(store: network.store).updateSettings(other, actor: admin)
        let ownersLog = try await workspace.auditLog(actor: owner, limit: 50)
        #expect(!ownersLog.isEmpty && ownersLog.allSatisfy { $0.siteID == network.site.id }, "an owner reads their site's")
        #expect(try await workspace.auditLog(actor: admin, limit: 50).contains { $0.siteID == other.id })
        #expect(StaffWorkspace.mayReadAuditLog(owner) && !StaffWorkspace.mayReadAuditLog(editor))
        #expect(StaffWorkspace.mayCreateSites(admin) && !StaffWorkspace.mayCreateSites(owner))
        #expect(StaffWorkspace.abilities(on: network.site, actor: editor)
                == SiteAbilities(manageStaff: false, manageTags: true, manageSettings: false, changeHost: false))
    }
}
