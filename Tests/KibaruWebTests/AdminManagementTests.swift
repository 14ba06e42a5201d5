import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruTesting
import Testing

@Suite struct AdminManagementTests {
    @Test func revisionsAreComparedAndRestored() async throws {
        let network = try await TestNetwork.make()
        let editor = try await network.staff("Éric", role: .editor)
        try await network.application().test(.router) { client in
            var (_, headers, _) = try await client.postForm(
                "/admin/articles/enregistrer/", [("site", "mali-actu"), ("title", "Titre"), ("body", "ligne un\nligne deux")],
                as: editor)
            let id = try #require(headers[.location]?.split(separator: "/").dropLast().last.flatMap { Int64($0) })
            (_, headers, _) = try await client.postForm(
                "/admin/articles/enregistrer/",
                [("id", "\(id)"), ("version", "1"), ("site", "mali-actu"), ("title", "Titre"),
                 ("body", "ligne un\nligne trois")], as: editor)
            let (_, _, page) = try await client.getPage("/admin/articles/\(id)/", as: editor)
            #expect(page.contains("/admin/articles/\(id)/revisions/?de=1&amp;a=2"))
            let (status, _, diff) = try await client.getPage("/admin/articles/\(id)/revisions/?de=1&a=2", as: editor)
            #expect(status == .ok)
            #expect(diff.contains(#"<span class="removed">− ligne deux</span>"#))
            #expect(diff.contains(#"<span class="added">+ ligne trois</span>"#))
            #expect(diff.contains(#"<span class="same">  ligne un</span>"#))
            let (restored, _, _) = try await client.postForm(
                "/admin/articles/\(id)/restaurer/", [("revision", "1"), ("version", "2")], as: editor)
            #expect(restored == .seeOther)
        }
        let rows = try await network.store.articleRows(ArticleFilter(siteIDs: [network.site.id]), limit: 1)
        let article = try #require(try await network.store.article(id: rows[0].id))
        #expect(article.bodyMarkdown == "ligne un\nligne deux" && article.version == 3)
        #expect(try await network.store.revisions(articleID: article.id).map(\.version) == [3, 2, 1])
    }

    @Test func editorsRenameMergeAndDeleteTags() async throws {
        let network = try await TestNetwork.make()
        let editor = try await network.staff("Éric", role: .editor)
        let first = try await network.publish("Un", tags: ["Climat", "Pluie"])
        try await network.publish("Deux", tags: ["Pluies"])
        @Sendable func tagID(_ slug: String) async throws -> KibaruCore.Tag.ID {
            try #require(try await network.store.tag(siteID: network.site.id, slug: Slug(rawValue: slug)!)?.id)
        }
        try await network.application().test(.router) { client in
            let page = "/admin/sites/mali-actu/etiquettes/"
            #expect(try await client.getPage(page, as: editor).0 == .ok)
            var (status, _, html) = try await client.postForm(
                page, [("tag", "\(try await tagID("pluies"))"), ("action", "merge"), ("into", "\(try await tagID("pluie"))")],
                as: editor)
            #expect(status == .ok && html.contains("Étiquettes mises à jour."))
            (status, _, _) = try await client.postForm(
                page, [("tag", "\(try await tagID("pluie"))"), ("action", "rename"), ("name", "Saison des pluies")],
                as: editor)
            #expect(status == .ok)
            (status, _, html) = try await client.postForm(
                page, [("tag", "\(try await tagID("climat"))"), ("action", "rename"), ("name", "Saison des pluies")],
                as: editor)
            #expect(status == .conflict, "renaming onto an existing tag asks for a merge")
            (status, _, _) = try await client.postForm(
                page, [("tag", "\(try await tagID("climat"))"), ("action", "delete")], as: editor)
            #expect(status == .ok)
            let (_, _, tagPage) = try await client.getPage("/mali-actu/tag/saison-des-pluies/", as: nil)
            #expect(tagPage.contains("Un") && tagPage.contains("Deux"))
        }
        let article = try #require(try await network.store.article(id: first.id))
        #expect(article.tags.map(\.name) == ["Saison des pluies"])
        let log = try await network.store.auditLog(siteIDs: nil, limit: 10).map(\.action)
        #expect(log.contains("tag.merge") && log.contains("tag.rename") && log.contains("tag.delete"))
    }

    @Test func ownersChangeSettingsAndLinksFollowTheTimeZone() async throws {
        let network = try await TestNetwork.make()
        let owner = try await network.staff("Olga", role: .owner)
        let editor = try await network.staff("Éric", role: .editor)
        // 23:30 UTC on 29 February: 1 March in Tokyo.
        let late = try await network.publish("Tard le soir", at: Date(timeIntervalSince1970: 1_709_249_400))
        let referrer = try await network.publish("Lien", body: "::: lire-aussi\narticle: \(late.id)\n:::\n")
        #expect(referrer.bodyHTML.contains("/mali-actu/2024/02/29/tard-le-soir/"))
        try await network.application().test(.router) { client in
            let page = "/admin/sites/mali-actu/reglages/"
            #expect(try await client.getPage(page, as: editor).0 == .notFound)
            let fields = [("title", "Mali Actu"), ("tagline", "Nouveau"), ("language", "fr"), ("timeZone", "Asia/Tokyo"),
                          ("host", "")]
            #expect(try await client.postForm(page, fields, as: editor).0 == .notFound)
            let (status, _, html) = try await client.postForm(page, fields, as: owner)
            #expect(status == .ok && html.contains("Réglages enregistrés."))
            let (bad, _, _) = try await client.postForm(
                page, [("title", "Mali Actu"), ("timeZone", "Lune/Base")], as: owner)
            #expect(bad == .unprocessableContent)
        }
        let updated = try #require(try await network.store.site(slug: network.site.slug))
        #expect(updated.timeZone == "Asia/Tokyo" && updated.tagline == "Nouveau")
        let rerendered = try #require(try await network.store.article(id: referrer.id))
        #expect(rerendered.bodyHTML.contains("/mali-actu/2024/03/01/tard-le-soir/"))
    }
}

@Suite struct CommentSettingsTests {
    @Test func ownersSetModerationInTheAdminAndEditorsCloseAnArticle() async throws {
        let network = try await TestNetwork.make()
        let owner = try await network.staff("Olga", role: .owner)
        let article = try await network.publish("Un article")
        try await network.application().test(.router) { client in
            let (status, _, html) = try await client.postForm(
                "/admin/sites/mali-actu/reglages/",
                [("title", "Mali Actu"), ("commentMode", "hold"), ("closeAfter", "30"), ("blockList", "casino\nviagra\n")],
                as: owner)
            #expect(status == .ok && html.contains(#"<option value="hold" selected>"#))
            let (saved, _, _) = try await client.postForm(
                "/admin/articles/enregistrer/",
                [("id", "\(article.id)"), ("version", "1"), ("site", "mali-actu"), ("title", "Un article"),
                 ("body", "Un paragraphe."), ("authors", "Awa Diarra"), ("commentsClosed", "1")], as: owner)
            #expect(saved == .seeOther)
        }
        let site = try #require(try await network.store.site(slug: network.site.slug))
        #expect(site.commentMode == .hold && site.commentsCloseAfterDays == 30)
        #expect(site.commentBlockList == ["casino", "viagra"])
        #expect(try await network.store.article(id: article.id)?.commentsClosed == true)
    }
}

@Suite struct ArticleListTests {
    @Test func theListFiltersByStateSiteAuthorTagAndTitle() async throws {
        let network = try await TestNetwork.make()
        let editor = try await network.staff("Éric", role: .editor)
        try await network.publish("Pluies à Ségou", authors: ["Awa Diarra"], tags: ["Climat"])
        try await network.publish("Match au stade", authors: ["Moussa Keïta"], tags: ["Sport"])
        try await network.articles.save(.init(siteSlug: network.site.slug, title: "Brouillon climat",
                                              bodyMarkdown: "x", authorNames: ["Awa Diarra"], tagNames: ["Climat"]))
        try await network.application().test(.router) { client in
            func titles(_ query: String) async throws -> [String] {
                let (_, _, html) = try await client.getPage("/admin/articles/?\(query)", as: editor)
                return html.matches(of: /<a href="\/admin\/articles\/\d+\/">([^<]+)<\/a>/).map { String($0.1) }.sorted()
            }
            let all = try await titles(""), drafts = try await titles("etat=draft")
            let awa = try await titles("auteur=Awa%20Diarra"), climate = try await titles("etiquette=climat&etat=published")
            let stadium = try await titles("q=stade&site=mali-actu")
            #expect(all == ["Brouillon climat", "Match au stade", "Pluies à Ségou"])
            #expect(drafts == ["Brouillon climat"])
            #expect(awa == ["Brouillon climat", "Pluies à Ségou"])
            #expect(climate == ["Pluies à Ségou"])
            #expect(stadium == ["Match au stade"])
        }
    }
}

@Suite struct EditorEnhancementTests {
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    @Test func livePreviewResolvesLinksAndNeedsTheToken() async throws {
        let network = try await TestNetwork.make()
        let editor = try await network.staff("Éric", role: .editor)
        let target = try await network.publish("Cible")
        try await network.application().test(.router) { client in
            var headers = AdminRequest.headers(editor)
            headers[Self.csrfHeader] = editor.csrf
            let body = AdminRequest.form([("body", "## Titre\n\n::: lire-aussi\narticle: \(target.id)\n:::\n")])
            try await client.execute(uri: "/admin/apercu/", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<h2>Titre</h2>"))
                #expect(html.contains(#"<a href="/mali-actu/2024/03/01/cible/">Cible</a>"#))
            }
            headers[Self.csrfHeader] = "faux"
            try await client.execute(uri: "/admin/apercu/", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test func articleSearchAndTagSuggestionsAnswerJSON() async throws {
        let network = try await TestNetwork.make()
        let contributor = try await network.staff("Chris", role: .contributor)
        try await network.publish("Kidal reconquis", tags: ["Élections", "Économie"])
        try await network.publish("Autre sujet")
        try await network.application().test(.router) { client in
            let (status, headers, json) = try await client.getPage(
                "/admin/articles/recherche.json?site=mali-actu&q=kidal", as: contributor)
            #expect(status == .ok && headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(json.contains(#""title":"Kidal reconquis""#) && !json.contains("Autre sujet"))
            let (_, _, tags) = try await client.getPage("/admin/etiquettes.json?site=mali-actu&q=ele", as: contributor)
            #expect(tags == #"["Élections"]"#)
            let (anonymous, _, _) = try await client.getPage("/admin/etiquettes.json?site=mali-actu&q=e", as: nil)
            #expect(anonymous == .seeOther, "suggestions need a session")
        }
    }

    @Test func adminPagesMayRunOnlyTheirOwnScript() async throws {
        let network = try await TestNetwork.make()
        let editor = try await network.staff("Éric", role: .editor)
        try await network.application().test(.router) { client in
            let (_, headers, html) = try await client.getPage("/admin/articles/nouveau/", as: editor)
            #expect(headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(html.contains(#"<script src="/admin/static/editeur.js" defer></script>"#))
            let (status, scriptHeaders, script) = try await client.getPage("/admin/static/editeur.js", as: nil)
            #expect(status == .ok && scriptHeaders[.contentType]?.hasPrefix("text/javascript") == true)
            #expect(script.contains("apercu"))
            let (_, publicHeaders, _) = try await client.getPage("/", as: nil)
            #expect(publicHeaders[.contentSecurityPolicy]?.contains("script-src") == false)
        }
    }
}
