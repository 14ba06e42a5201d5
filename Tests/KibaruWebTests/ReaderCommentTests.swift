import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruTesting
import Testing

/// Readers comment as they would on a cheap phone: a plain form, no JavaScript, no account.
@Suite struct ReaderCommentTests {
    static let path = "/mali-actu/2024/03/01/un-article/"

    /// The signed token of the comment form on the article page, read by a server whose clock says `now`.
    static func formToken(_ network: TestNetwork, query: String = "") async throws -> String {
        try await network.application().test(.router) { client in
            let (_, _, html) = try await client.getPage(path + query, as: nil)
            return try #require(html.firstMatch(of: /name="jeton" value="([^"]+)"/)).1.description
        }
    }

    /// Posts the comment form as a reader, ten seconds after the form was shown.
    static func post(
        _ network: TestNetwork, _ fields: [(String, String)], token: String? = nil, address: String = "reader",
        after seconds: TimeInterval = 10
    ) async throws -> (HTTPResponse.Status, HTTPFields, String) {
        let shownToken: String
        if let token { shownToken = token } else { shownToken = try await Self.formToken(network) }
        let later = network.restarted(at: TestNetwork.now.addingTimeInterval(seconds))
        let article = try #require(try await network.store.articleRows(
            ArticleFilter(siteIDs: [network.site.id], state: .published), limit: 1).first?.id)
        return try await later.application().test(.router) { client in
            try await client.execute(
                uri: "/commentaires/", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", forwardedAddress: address],
                body: AdminRequest.form(
                    [("article", "\(article)"), ("jeton", shownToken)]
                        + (fields.contains { $0.0 == "adresse_postale" } ? [] : [("adresse_postale", "")]) + fields)
            ) { response in (response.status, response.headers, String(buffer: response.body)) }
        }
    }

    @Test func postHeldApprovedRepliedAndNestedThreeLevels() async throws {
        let network = try await TestNetwork.make()
        try await network.publish("Un article")
        var (status, headers, _) = try await Self.post(
            network, [("nom", "Fatou"), ("courriel", "fatou@example.org"), ("texte", "Très *bon* article.")])
        #expect(status == .seeOther)
        #expect(headers[.location] == "\(Self.path)?commentaire=attente#commentaires")
        try await network.application().test(.router) { client in
            let (_, _, html) = try await client.getPage("\(Self.path)?commentaire=attente", as: nil)
            #expect(html.contains("Merci, votre commentaire est en attente de modération."))
            #expect(!html.contains("Très <em>bon</em>"), "not shown before approval")
        }
        let pending = try await network.store.comments(siteIDs: [network.site.id], status: .pending, limit: 5)
        let first = try #require(pending.first?.comment)
        #expect(first.verdicts.map(\.rule) == ["honeypot", "token-age", "links", "block-list", "classifier"])
        #expect(first.verdicts.allSatisfy { !$0.flagged })

        // An editor approves it in the admin.
        let editor = try await network.staff("Éric", role: .editor)
        try await network.application().test(.router) { client in
            let (queue, _, html) = try await client.getPage("/admin/commentaires/", as: editor)
            #expect(queue == .ok && html.contains("Très *bon* article."))
            // Rules named in French, times in the site's zone with their offset (Bamako: UTC).
            #expect(html.contains("délai du formulaire : ") && html.contains("filtre appris : ") && !html.contains("token-age"))
            #expect(html.contains(" (UTC)") && !html.contains(" UTC<"))
            let (moderated, _, _) = try await client.postForm(
                "/admin/commentaires/", [("action", "approved"), ("statut", "pending"), ("ids[]", "\(first.id)")],
                as: editor)
            #expect(moderated == .seeOther)
        }
        // Fatou is known now: her next comment (a reply to her own, from her phone: the test's clock gives the same
        // form token, which serves one comment per address) is published at once, and a third level nests.
        let replyToken = try await Self.formToken(network, query: "?repondre=\(first.id)")
        (status, headers, _) = try await Self.post(
            network, [("nom", "Fatou"), ("courriel", "fatou@example.org"), ("texte", "Je précise."),
                      ("parent", "\(first.id)")], token: replyToken, address: "reader-phone")
        #expect(headers[.location]?.contains("commentaire=publie#commentaire-") == true)
        let second = try #require(headers[.location]?.split(separator: "-").last.flatMap { KibaruCore.Comment.ID(String($0)) })
        try await CommentModeration(store: network.store).reply(
            to: second, text: "Merci à vous.",
            actor: try #require(try await network.store.session(tokenHash: SecureToken.hash(editor.token), now: Date())))
        try await network.application().test(.router) { client in
            let (_, _, html) = try await client.getPage(Self.path, as: nil)
            #expect(html.contains("<p>Très <em>bon</em> article.</p>"))
            #expect(html.contains(#"href="/mali-actu/2024/03/01/un-article/?repondre=\#(first.id)#commenter""#))
            let nested = html.range(
                of: #"Très <em>bon</em> article\.</p>[\s\S]*?<ol class="replies">[\s\S]*?Je précise\.</p>[\s\S]*?<ol class="replies">[\s\S]*?Merci à vous\.</p>"#,
                options: .regularExpression)
            #expect(nested != nil, "three levels")
            #expect(html.contains("3 commentaires"))
            let (_, _, home) = try await client.getPage("/mali-actu/", as: nil)
            #expect(home.contains("#commentaires\">3 commentaires</a>"), "count on article lists")
        }
    }

    @Test func previewShowsTheCommentWithoutStoringIt() async throws {
        let network = try await TestNetwork.make()
        try await network.publish("Un article")
        let (status, _, html) = try await Self.post(
            network, [("nom", "Ali"), ("texte", "Voir https://example.org/page. <b>gras</b>"), ("action", "apercu")])
        #expect(status == .ok)
        #expect(html.contains("Aperçu de votre commentaire"))
        #expect(html.contains(#"<a href="https://example.org/page" rel="nofollow ugc noopener">https://example.org/page</a>."#))
        #expect(html.contains("&lt;b&gt;gras&lt;/b&gt;"))
        #expect(html.contains(#"value="Ali""#), "the form keeps what was typed")
        #expect(try await network.store.commentCounts(siteIDs: [network.site.id]).isEmpty)
    }

    @Test func missingFieldsAreReturnedWithFrenchMessages() async throws {
        let network = try await TestNetwork.make()
        try await network.publish("Un article")
        let (status, _, html) = try await Self.post(network, [("nom", ""), ("texte", "x"), ("site_web", "javascript:alert(1)")])
        #expect(status == .unprocessableContent)
        #expect(html.contains("le nom est obligatoire") && html.contains("le site doit être une adresse http(s)"))
    }

    @Test func honeypotTokenAgeAndLinksCatchRobotsAndKeepTheirCommentsAsSpam() async throws {
        let network = try await TestNetwork.make()
        try await network.publish("Un article")
        let valid = [("nom", "Robot"), ("texte", "Bonjour")]
        _ = try await Self.post(network, valid + [("adresse_postale", "12 rue du Spam")], address: "a1")
        _ = try await Self.post(network, valid, address: "a2", after: 1)  // filled in one second
        _ = try await Self.post(network, valid, address: "a3", after: 7 * 3600)  // form shown seven hours ago
        _ = try await Self.post(network, valid, token: "1.1709287200.faux", address: "a4")
        _ = try await Self.post(
            network, [("nom", "Pub"), ("texte", "https://a.example https://b.example https://c.example")], address: "a5")
        let spam = try await network.store.comments(siteIDs: [network.site.id], status: .spam, limit: 10)
        let flagged = spam.map { $0.comment.verdicts.filter(\.flagged).map(\.rule) }
        #expect(spam.count == 5, "nothing is dropped")
        #expect(flagged.sorted { $0.description < $1.description }
            == [["honeypot"], ["links"], ["token-age"], ["token-age"], ["token-age"]])
        #expect(try await network.store.approvedComments(articleID: 1).isEmpty)
    }

    @Test func theClassifierLearnsFromModeratorsAndCatchesWhatLooksLikeSpam() async throws {
        let network = try await TestNetwork.make()
        let article = try await network.publish("Un article")
        let spam = [
            "Gagnez au casino en ligne, bonus gratuit https://casino.example", "Bonus casino gratuit, cliquez vite",
            "Crédit rapide sans justificatif, argent gratuit https://pret.example", "Casino bonus argent rapide",
            "Argent facile et rapide, casino gratuit", "Bonus gratuit crédit casino https://casino.example",
        ]
        let ham = [
            "Merci pour ce reportage sur le marché de Bamako.", "Je connais bien ce quartier, l’article est juste.",
            "Les pluies ont aussi touché Ségou cette année.", "Bravo à la rédaction pour ce travail sur le fleuve.",
            "L’école de mon village a fait la même chose.", "Article intéressant, merci pour les photos du marché.",
        ]
        let comments = CommentService(store: network.store)
        var spamIDs: [KibaruCore.Comment.ID] = [], hamIDs: [KibaruCore.Comment.ID] = []
        for (index, text) in (spam + ham).enumerated() {
            let comment = try await comments.add(NewComment(
                articleID: article.id, authorName: "Lecteur \(index)", body: text, createdAt: TestNetwork.now,
                status: .pending))
            if index < spam.count { spamIDs.append(comment.id) } else { hamIDs.append(comment.id) }
        }
        let moderation = CommentModeration(store: network.store)
        try await moderation.setStatus(.spam, of: spamIDs, actor: nil)
        try await moderation.setStatus(.approved, of: hamIDs, actor: nil)
        try await moderation.setStatus(.approved, of: hamIDs, actor: nil)  // twice: learnt once

        _ = try await Self.post(network, [("nom", "Promo"), ("texte", "Bonus casino gratuit, argent rapide")], address: "c1")
        _ = try await Self.post(
            network, [("nom", "Awa"), ("texte", "Merci pour ce reportage sur le fleuve à Ségou.")], address: "c2")
        let stored = try await network.store.comments(siteIDs: [network.site.id], status: .spam, limit: 20)
            .filter { $0.comment.authorName == "Promo" }
        let verdict = try #require(stored.first?.comment.verdicts.first { $0.rule == "classifier" })
        #expect(verdict.flagged && verdict.detail.hasPrefix("probabilité 0,9") || verdict.detail == "probabilité 1,00")
        let held = try await network.store.comments(siteIDs: [network.site.id], status: .pending, limit: 20)
        let legitimate = try #require(held.first { $0.comment.authorName == "Awa" }?.comment)
        #expect(legitimate.verdicts.first { $0.rule == "classifier" }?.flagged == false)
    }

    @Test func theSiteBlockListAndModesDecideTheStatus() async throws {
        let network = try await TestNetwork.make()
        try await network.publish("Un article")
        var site = network.site
        site.commentMode = .open
        site.commentBlockList = ["casino"]
        let updated = site
        try await network.store.write { tx in try await tx.updateSite(updated) }
        _ = try await Self.post(network, [("nom", "Awa"), ("texte", "Publié aussitôt.")], address: "b1")
        _ = try await Self.post(network, [("nom", "Bot"), ("texte", "Meilleur CASINO en ligne")], address: "b2")
        let counts = try await network.store.commentCounts(siteIDs: [network.site.id])
        #expect(counts[.approved] == 1 && counts[.spam] == 1)
    }

    @Test func aBurstOfFiftyPostsFromOneAddressIsThrottledAndTheSiteStaysUp() async throws {
        let network = try await TestNetwork.make()
        try await network.publish("Un article")
        let token = try await Self.formToken(network)
        let later = network.restarted(at: TestNetwork.now.addingTimeInterval(10))
        let article = try #require(try await network.store.articleRows(
            ArticleFilter(siteIDs: [network.site.id]), limit: 1).first?.id)
        let (statuses, lastPage, durations) = try await later.application().test(.router) { client in
            // Each post is timed: a throttle that slowed the refused ones down would show against the accepted
            // ones, measured in the same run (a fixed bound fails on a loaded machine).
            var durations: [Duration] = []
            var statuses: [HTTPResponse.Status] = []
            var lastPage = ""
            for index in 0..<50 {
                let started = ContinuousClock.now
                let (status, page) = try await client.execute(
                    uri: "/commentaires/", method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded", forwardedAddress: "10.0.0.66"],
                    body: AdminRequest.form([("article", "\(article)"), ("jeton", token), ("nom", "Flot"),
                                             ("texte", "Message \(index)")])
                ) { response in (response.status, String(buffer: response.body)) }
                durations.append(ContinuousClock.now - started)
                statuses.append(status)
                lastPage = page
            }
            // Another reader is not slowed down.
            let (other, _, _) = try await client.getPage(Self.path, as: nil)
            #expect(other == .ok)
            return (statuses, lastPage, durations)
        }
        #expect(statuses.prefix(5).allSatisfy { $0 == .seeOther })
        #expect(statuses.dropFirst(5).allSatisfy { $0 == .tooManyRequests })
        #expect(lastPage.contains("Vous avez envoyé trop de commentaires en peu de temps."))
        let accepted = durations.prefix(5).reduce(.zero, +) / 5
        let refused = durations.dropFirst(5).reduce(.zero, +) / 45
        #expect(refused < accepted * 3 + .milliseconds(50), "refusals are not slowed down: \(refused) against \(accepted)")
        let counts = try await network.store.commentCounts(siteIDs: [network.site.id])
        #expect(counts[.pending] == 1 && counts[.spam] == 49, "one form, one comment; refused posts are kept as spam")
    }

    @Test func closedArticlesHaveNoFormAndRefusePosts() async throws {
        let network = try await TestNetwork.make()
        let article = try await network.publish("Un article")
        let token = try await Self.formToken(network)
        var draft = ArticleDraft(article, siteSlug: network.site.slug)
        draft.commentsClosed = true
        try await network.articles.save(draft)
        try await network.application().test(.router) { client in
            let (_, _, html) = try await client.getPage(Self.path, as: nil)
            #expect(html.contains("Les commentaires sont fermés.") && !html.contains(#"name="jeton""#))
        }
        let (status, _, html) = try await Self.post(network, [("nom", "A"), ("texte", "B")], token: token)
        #expect(status == .unprocessableContent && html.contains("les commentaires sont fermés"))
    }
}

/// The address the tests' requests come from (the router test client has no socket).
let forwardedAddress = HTTPField.Name("X-Test-Client-Address")!

