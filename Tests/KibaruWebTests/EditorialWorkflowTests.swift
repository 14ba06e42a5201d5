import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruTesting
import Testing

/// The scenario of a new network: a contributor writes, an editor schedules, the article appears on time.
@Suite struct EditorialWorkflowTests {
    @Test func contributorWritesEditorSchedulesArticleAppearsOnTime() async throws {
        let network = try await TestNetwork.make()
        let linked = try await network.publish("Kidal, trois mois après")
        let contributor = try await network.staff("Fatou Contributrice", role: .contributor)
        let editor = try await network.staff("Éric Éditeur", role: .editor)
        let body = """
            Premier paragraphe avec « guillemets ».

            ::: figure
            image: /media/fleuve.svg
            alt: Le fleuve
            caption: Le Niger au soir
            credit-author: Awa Diarra
            credit-source: Kibaru
            credit-licence: CC BY 4.0
            :::

            ## Un intertitre

            ::: lire-aussi
            article: \(linked.id)
            :::
            """
        let articleID: Article.ID = try await network.application().test(.router) { client in
            var (status, headers, _) = try await client.postForm(
                "/admin/articles/soumettre/",
                [("site", "mali-actu"), ("title", "Le fleuve en crue"), ("body", body), ("tags", "Fleuve, Climat")], as: contributor)
            #expect(status == .seeOther)
            let id = try #require(headers[.location]?.split(separator: "/").dropLast().last.flatMap { Article.ID(String($0)) })

            // The editor finds it awaiting review on the dashboard and schedules it.
            let (_, _, dashboard) = try await client.getPage("/admin/", as: editor)
            #expect(dashboard.contains("Le fleuve en crue"))
            let (_, _, editorPage) = try await client.getPage("/admin/articles/\(id)/", as: editor)
            #expect(editorPage.contains("en relecture"))
            #expect(editorPage.contains(#"formaction="/admin/articles/programmer/""#))
            let article = try #require(try await network.store.article(id: id))
            (status, _, _) = try await client.postForm(
                "/admin/articles/programmer/",
                [("id", "\(id)"), ("version", "\(article.version)"), ("site", "mali-actu"), ("title", article.title),
                 ("body", article.bodyMarkdown), ("authors", "Fatou Contributrice"), ("tags", "Fleuve, Climat"),
                 ("publishedAt", "2024-03-01 10:02")], as: editor)
            #expect(status == .seeOther)
            return id
        }
        // Two minutes ahead of the fixed clock: not yet public, then published by the scheduler on time.
        let scheduled = try #require(try await network.store.article(id: articleID))
        #expect(scheduled.state == .scheduled)
        #expect(scheduled.publishedAt == TestNetwork.now.addingTimeInterval(120))
        #expect(try await EditorialService(store: network.store, now: { TestNetwork.now.addingTimeInterval(60) })
            .publishDue() == 0)
        #expect(try await EditorialService(store: network.store, now: { TestNetwork.now.addingTimeInterval(121) })
            .publishDue() == 1)

        try await network.application().test(.router) { client in
            let (status, _, html) = try await client.getPage("/mali-actu/2024/03/01/le-fleuve-en-crue/", as: nil)
            #expect(status == .ok)
            #expect(html.contains("<h1>Le fleuve en crue</h1>"))
            #expect(html.contains(#"<a rel="author" href="/mali-actu/author/fatou-contributrice/">Fatou Contributrice</a>"#))
            #expect(html.contains("<figcaption>Le Niger au soir <span class=\"credit\">Crédit\u{00A0}: Awa Diarra / Kibaru (CC BY 4.0)</span></figcaption>"))
            #expect(html.contains("<h2>Un intertitre</h2>"))
            #expect(html.contains(#"<a href="/mali-actu/2024/03/01/kidal-trois-mois-apres/">Kidal, trois mois après</a>"#))
            #expect(html.contains(#"<a rel="tag" href="/mali-actu/tag/fleuve/">Fleuve</a>"#))
        }
        let log = try await network.store.auditLog(siteIDs: nil, limit: 10).map(\.action)
        #expect(log.contains("article.schedule") && log.contains("article.publish"))
    }

    @Test func schedulingInThePastIsRefused() async throws {
        let network = try await TestNetwork.make()
        let editor = try await network.staff("Éric Éditeur", role: .editor)
        try await network.application().test(.router) { client in
            let (status, _, html) = try await client.postForm(
                "/admin/articles/programmer/",
                [("site", "mali-actu"), ("title", "Trop tard"), ("body", "x"), ("publishedAt", "2020-01-01 08:00")], as: editor)
            #expect(status == .unprocessableContent)
            #expect(html.contains("une publication programmée doit être dans le futur"))
        }
    }

    @Test func previewRendersWithoutSaving() async throws {
        let network = try await TestNetwork.make()
        let editor = try await network.staff("Éric Éditeur", role: .editor)
        try await network.application().test(.router) { client in
            let (status, _, html) = try await client.postForm(
                "/admin/articles/apercu/",
                [("site", "mali-actu"), ("title", "Aperçu"), ("body", "## Titre\n\n<script>x</script>\n\nDu **gras**.")], as: editor)
            #expect(status == .ok)
            #expect(html.contains("<h2>Titre</h2>") && html.contains("<strong>gras</strong>"))
            #expect(!html.contains("<script>x"))
            #expect(HTMLStructure.problems(in: html).isEmpty, "\(HTMLStructure.problems(in: html))")
        }
        #expect(try await network.store.articleRows(ArticleFilter(siteIDs: [network.site.id]), limit: 5).isEmpty)
    }

    /// The audit log names each action in the reader's language and gives each time in its site's zone with the
    /// offset (issue 14: raw codes and UTC times).
    @Test func theAuditLogSpeaksFrenchAndEnglishWithLocalTimes() async throws {
        let network = try await TestNetwork.make()
        let admin = try await network.staff("Ada Admin", role: nil)
        let session = try #require(try await network.store.session(tokenHash: SecureToken.hash(admin.token), now: Date()))
        var site = network.site
        site.timeZone = "Africa/Lagos"
        try await SiteAdministration(store: network.store).updateSettings(site, actor: session)
        try await network.application().test(.router) { client in
            let (_, _, french) = try await client.getPage("/admin/journal/", as: admin)
            #expect(french.contains("<td>réglages du site</td>") && !french.contains("site.settings"))
            #expect(french.contains(" (UTC+1)</td>"), "Lagos is UTC+1")
            var headers = AdminRequest.headers(admin)
            headers[.acceptLanguage] = "en"
            try await client.execute(uri: "/admin/journal/", method: .get, headers: headers) { response in
                #expect(String(buffer: response.body).contains("<td>site settings</td>"))
            }
        }
    }

    @Test func everyAdminPageIsWellFormedInFrenchAndEnglish() async throws {
        let network = try await TestNetwork.make()
        let admin = try await network.staff("Ada Admin", role: nil)
        let article = try await network.publish("Un article")
        try await network.application().test(.router) { client in
            for uri in ["/admin/", "/admin/articles/", "/admin/articles/nouveau/", "/admin/articles/\(article.id)/",
                        "/admin/journal/", "/admin/sites/", "/admin/sites/mali-actu/equipe/"] {
                let (status, _, html) = try await client.getPage(uri, as: admin)
                #expect(status == .ok, "\(uri)")
                #expect(HTMLStructure.problems(in: html).isEmpty, "\(uri): \(HTMLStructure.problems(in: html))")
                #expect(html.contains("Tableau de bord"))
            }
            var headers = AdminRequest.headers(admin)
            headers[.acceptLanguage] = "en-GB,en;q=0.9"
            try await client.execute(uri: "/admin/", method: .get, headers: headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Dashboard") && html.contains("<html lang=\"en\">"))
            }
            // The labels of states, comment statuses, webhook events and token scopes, dates and lists too.
            let english: [(String, [String], [String])] = [
                ("/admin/articles/", ["published", "in review", "1 March 2024"], ["publié", "brouillon", "mars"]),
                ("/admin/commentaires/", ["pending", "approved", "spam"], ["en attente", "approuvé", "indésirable"]),
                ("/admin/sites/mali-actu/webhooks/", ["article published", "comment posted"], ["article publié", "commentaire envoyé"]),
                ("/admin/jetons/", ["read articles, drafts included"], ["lire les articles"]),
            ]
            for (uri, shown, hidden) in english {
                try await client.execute(uri: uri, method: .get, headers: headers) { response in
                    let html = String(buffer: response.body)
                    #expect(response.status == .ok, "\(uri)")
                    #expect(shown.allSatisfy(html.contains), "\(uri): \(shown.filter { !html.contains($0) }) missing")
                    #expect(!hidden.contains(where: html.contains), "\(uri): \(hidden.filter(html.contains)) in French")
                }
            }
        }
    }

    @Test func anOwnerAddsAContributorWhoSetsTheirPasswordWithTheLink() async throws {
        let network = try await TestNetwork.make()
        let owner = try await network.staff("Olga Owner", role: .owner)
        try await network.application().test(.router) { client in
            let (status, _, html) = try await client.postForm(
                "/admin/sites/mali-actu/equipe/",
                [("name", "Chris Contributeur"), ("email", "chris@kibaru.test"), ("role", "contributor")], as: owner)
            #expect(status == .ok)
            let link = try #require(html.firstMatch(of: /jeton=([A-Za-z0-9_-]+)/)).1
            let (_, headers, page) = try await client.getPage("/admin/mot-de-passe/?jeton=\(link)", as: nil)
            #expect(page.contains("Choisir un mot de passe"))
            let csrf = try #require(headers[values: .setCookie].first { $0.hasPrefix("kibaru_csrf=") })
                .dropFirst("kibaru_csrf=".count).prefix { $0 != ";" }
            var requestHeaders = AdminRequest.headers(nil)
            requestHeaders[AdminRequest.cookie] = "kibaru_csrf=\(csrf)"
            try await client.execute(
                uri: "/admin/mot-de-passe/", method: .post, headers: requestHeaders,
                body: AdminRequest.form([("_csrf", String(csrf)), ("jeton", String(link)),
                                         ("password", "mon-nouveau-secret")])
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Mot de passe enregistré."))
            }
        }
        let opened = try await AuthService(store: network.store, hasher: BcryptHasher(cost: 4))
            .login(email: "chris@kibaru.test", password: "mon-nouveau-secret", clientAddress: "test")
        #expect(opened.session.role(onSite: network.site.id) == .contributor)
        let log = try await network.store.auditLog(siteIDs: [network.site.id], limit: 5)
        #expect(log.contains { $0.action == "staff.role" && $0.subject == "chris@kibaru.test : contributor" })

        // The owner changes the role, then removes the person from the site.
        try await network.application().test(.router) { client in
            var (status, _, html) = try await client.postForm(
                "/admin/sites/mali-actu/equipe/", [("email", "chris@kibaru.test"), ("role", "author")], as: owner)
            #expect(status == .ok && html.contains("Rôle enregistré."))
            (status, _, html) = try await client.postForm(
                "/admin/sites/mali-actu/equipe/", [("email", "chris@kibaru.test"), ("role", "none")], as: owner)
            #expect(status == .ok && html.contains("La personne n’a plus de rôle sur ce site."))
            #expect(!html.contains("chris@kibaru.test</td>"))
        }
        let roles = try await network.store.staffList().first { $0.0.email == "chris@kibaru.test" }?.1
        #expect(roles?.isEmpty == true)
    }
}

/// The scheduler runs with the server: an article that came due while the server was stopped is published as
/// soon as it starts again.
@Suite struct SchedulerTests {
    @Test func anArticleDueWhileTheServerWasDownIsPublishedAtStartup() async throws {
        let network = try await TestNetwork.make()
        let editor = try await network.staff("Éric", role: .editor)
        let session = try #require(try await network.store.session(tokenHash: SecureToken.hash(editor.token), now: Date()))
        let scheduled = try await EditorialService(store: network.store, now: { TestNetwork.now }).perform(
            .schedule,
            draft: ArticleDraft(siteSlug: network.site.slug, title: "Programmé", bodyMarkdown: "Texte.",
                                authorNames: ["Éric"], publishedAt: TestNetwork.now.addingTimeInterval(60)),
            expectedVersion: nil, actor: session)
        #expect(scheduled.state == .scheduled)

        let restarted = network.restarted(at: TestNetwork.now.addingTimeInterval(3_600))
        try await restarted.application().test(.live) { client in
            var state = PublishState.scheduled
            for _ in 0..<50 where state != .published {
                try await Task.sleep(for: .milliseconds(100))
                state = try await network.store.article(id: scheduled.id)?.state ?? .draft
            }
            #expect(state == .published)
            let (status, _, _) = try await client.getPage("/mali-actu/2024/03/01/programme/", as: nil)
            #expect(status == .ok)
        }
    }
}
