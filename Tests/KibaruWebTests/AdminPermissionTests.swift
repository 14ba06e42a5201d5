import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KibaruCore
import KibaruServices
import KibaruTesting
@testable import KibaruWeb
import Testing

/// Each role against each action, through HTTP: what the permission matrix allows answers 303 (done), what it
/// refuses answers 403 or 404 and changes nothing.
@Suite struct AdminPermissionTests {
    enum Expectation { case allowed, refused }

    /// role identifier → (contributor, author, editor, owner, admin)
    static let roles: [String] = ["contributor", "author", "editor", "owner", "admin"]

    struct Row: Sendable {
        var action: String
        /// Allowed for these roles, refused for the others.
        var allowed: Set<String>
    }

    static let table: [Row] = [
        Row(action: "write a draft", allowed: Set(roles)),
        Row(action: "submit own draft for review", allowed: Set(roles)),
        Row(action: "publish own article", allowed: ["author", "editor", "owner", "admin"]),
        Row(action: "edit another's draft", allowed: ["editor", "owner", "admin"]),
        Row(action: "publish another's draft", allowed: ["editor", "owner", "admin"]),
        Row(action: "unpublish another's article", allowed: ["editor", "owner", "admin"]),
        Row(action: "trash another's draft", allowed: ["editor", "owner", "admin"]),
        Row(action: "manage tags", allowed: ["editor", "owner", "admin"]),
        Row(action: "moderate comments", allowed: ["editor", "owner", "admin"]),
        Row(action: "change the site's settings", allowed: ["owner", "admin"]),
        Row(action: "upload an image", allowed: Set(roles)),
        Row(action: "see the site's staff", allowed: ["owner", "admin"]),
        Row(action: "add a staff member", allowed: ["owner", "admin"]),
        Row(action: "read the audit log", allowed: ["owner", "admin"]),
        Row(action: "create a site", allowed: ["admin"]),
    ]

    @Test(arguments: roles)
    func roleAgainstEveryAction(_ roleName: String) async throws {
        let network = try await TestNetwork.make()
        let role = Role(rawValue: roleName)
        let me = try await network.staff("Moi \(roleName)", role: role)
        let other = try await network.staff("Autre Éditrice", role: .editor)
        let otherSession = try #require(try await network.store.session(tokenHash: SecureToken.hash(other.token), now: Date()))
        let editorial = EditorialService(store: network.store)
        func othersArticle(_ title: String, _ action: EditorialAction = .save) async throws -> Article {
            try await editorial.perform(
                action, draft: ArticleDraft(siteSlug: network.site.slug, title: title, bodyMarkdown: "Texte.",
                                            authorNames: ["Autre Éditrice"]),
                expectedVersion: nil, actor: otherSession)
        }
        let othersDraft = try await othersArticle("Brouillon d’une autre")
        let othersPublished = try await othersArticle("Publié par une autre", .publish)
        let othersToTrash = try await othersArticle("À jeter")
        let pendingComment = try await CommentService(store: network.store).add(
            NewComment(articleID: othersPublished.id, authorName: "Lectrice", body: "Bonjour", createdAt: Date(),
                    status: .pending))

        try await network.application().test(.router) { client in
            /// Posts the editor's form to its action's address, as the editor's buttons do.
            func save(_ fields: [(String, String)]) async throws -> HTTPResponse.Status {
                let action = fields.first { $0.0 == "action" }.flatMap { EditorialAction(rawValue: $0.1) } ?? .save
                let (status, _, _) = try await client.postForm(
                    "/admin/articles/\(EditorRoutes.path(of: action))/", fields.filter { $0.0 != "action" }, as: me)
                return status
            }
            func edit(_ article: Article, action: String) -> [(String, String)] {
                [("id", "\(article.id)"), ("version", "\(article.version)"), ("site", "mali-actu"),
                 ("title", article.title), ("body", article.bodyMarkdown), ("action", action)]
            }
            let newArticle: [(String, String)] = [("site", "mali-actu"), ("title", "Mon article"), ("body", "Texte.")]
            var outcomes: [String: HTTPResponse.Status] = [:]
            outcomes["write a draft"] = try await save(newArticle + [("action", "save")])
            outcomes["submit own draft for review"] = try await save(
                [("site", "mali-actu"), ("title", "À relire"), ("body", "T."), ("action", "submit")])
            outcomes["publish own article"] = try await save(
                [("site", "mali-actu"), ("title", "À publier"), ("body", "T."), ("action", "publish")])
            outcomes["edit another's draft"] = try await save(edit(othersDraft, action: "save"))
            let reloaded = try #require(try await network.store.article(id: othersDraft.id))
            outcomes["publish another's draft"] = try await save(edit(reloaded, action: "publish"))
            outcomes["unpublish another's article"] = try await save(edit(othersPublished, action: "unpublish"))
            outcomes["trash another's draft"] = try await save(edit(othersToTrash, action: "trash"))
            outcomes["moderate comments"] = try await client.postForm(
                "/admin/commentaires/", [("action", "approved"), ("ids[]", "\(pendingComment.id)")], as: me).0
            outcomes["manage tags"] = try await client.getPage("/admin/sites/mali-actu/etiquettes/", as: me).0
            outcomes["change the site's settings"] = try await client.postForm(
                "/admin/sites/mali-actu/reglages/", [("title", "Mali Actu (\(roleName))")], as: me).0
            outcomes["upload an image"] = try await client.execute(
                uri: "/admin/medias/", method: .post,
                headers: [.contentType: "multipart/form-data; boundary=\(MediaLibraryTests.boundary)",
                          AdminRequest.cookie: me.cookie],
                body: MediaLibraryTests.multipart(
                    [("_csrf", me.csrf), ("site", "mali-actu")], file: SampleImages.png(), fileName: "a.png",
                    type: "image/png")
            ) { $0.status }
            outcomes["see the site's staff"] = try await client.getPage("/admin/sites/mali-actu/equipe/", as: me).0
            outcomes["add a staff member"] = try await client.postForm(
                "/admin/sites/mali-actu/equipe/", [("name", "Nouvelle"), ("email", "nouvelle@kibaru.test"),
                                                   ("role", "contributor")], as: me).0
            outcomes["read the audit log"] = try await client.getPage("/admin/journal/", as: me).0
            outcomes["create a site"] = try await client.postForm(
                "/admin/sites/", [("slug", "nouveau-\(roleName)"), ("title", "Nouveau")], as: me).0

            for row in Self.table {
                let status = try #require(outcomes[row.action], "no outcome for \(row.action)")
                let done = status == .seeOther || status == .ok
                let refused = status == .forbidden || status == .notFound
                if row.allowed.contains(roleName) {
                    #expect(done, "\(roleName) should be allowed to \(row.action), got \(status)")
                } else {
                    #expect(refused, "\(roleName) should be refused to \(row.action), got \(status)")
                }
            }
        }
        // Refusals changed nothing.
        let comment = try #require(try await network.store.write { tx in try await tx.comment(id: pendingComment.id) })
        #expect(comment.approved == ["editor", "owner", "admin"].contains(roleName))
        let site = try #require(try await network.store.site(slug: network.site.slug))
        #expect((site.title == "Mali Actu (\(roleName))") == ["owner", "admin"].contains(roleName))
        let sites = try await network.store.sites().map(\.slug.rawValue)
        #expect(sites.contains("nouveau-\(roleName)") == (roleName == "admin"))
        let published = try #require(try await network.store.article(id: othersPublished.id))
        #expect((published.state == .published) == !["editor", "owner", "admin"].contains(roleName))
        let draft = try #require(try await network.store.article(id: othersDraft.id))
        #expect((draft.state == .draft) == !["editor", "owner", "admin"].contains(roleName))
        let newcomer = try await network.store.staff(email: "nouvelle@kibaru.test")
        #expect((newcomer != nil) == ["owner", "admin"].contains(roleName))
    }

    @Test func theMatrixSaysWhatTheRolesMean() {
        #expect(Permissions.allows(.publishOwnArticle, role: .contributor, isNetworkAdmin: false) == false)
        #expect(Permissions.allows(.publishOwnArticle, role: .author, isNetworkAdmin: false))
        #expect(Permissions.allows(.publishOthersArticle, role: .author, isNetworkAdmin: false) == false)
        #expect(Permissions.allows(.moderateComments, role: .editor, isNetworkAdmin: false))
        #expect(Permissions.allows(.manageStaff, role: .editor, isNetworkAdmin: false) == false)
        #expect(Permissions.allows(.manageStaff, role: .owner, isNetworkAdmin: false))
        #expect(Permissions.allows(.manageSites, role: .owner, isNetworkAdmin: false) == false)
        #expect(Permissions.allows(.manageSites, role: nil, isNetworkAdmin: true))
        #expect(StaffAction.allCases.allSatisfy { !Permissions.allows($0, role: nil, isNetworkAdmin: false) })
    }
}
