import Foundation
import Hummingbird
import KibaruCore
import KibaruServices
import KibaruText

/// The dashboard (one's drafts, what waits for review, what is scheduled, the newest comments) and the list of
/// articles with its filters.
extension EditorRoutes {
    @Sendable func dashboard(_ request: Request, context: StaffContext) async throws -> Response {
        let session = context.session
        let sites = try await services.workspace.sites(of: session)
        let byID = Dictionary(uniqueKeysWithValues: sites.map { ($0.id, $0) })
        let siteIDs = Array(byID.keys)
        let reviewSites = try await services.workspace.sites(where: .publishOthersArticle, actor: session).map(\.id)
        let t = pages.strings(request)
        let mine = try await services.store.articleRows(
            ArticleFilter(siteIDs: siteIDs, state: .draft, ownerID: session.staff.id), limit: 20)
        let review = try await services.store.articleRows(
            ArticleFilter(siteIDs: reviewSites.isEmpty ? siteIDs : reviewSites, state: .review,
                          ownerID: reviewSites.isEmpty ? session.staff.id : nil), limit: 20)
        let scheduled = try await services.store.articleRows(ArticleFilter(siteIDs: siteIDs, state: .scheduled), limit: 20)
        let comments = try await services.store.recentComments(siteIDs: siteIDs, limit: 10).map { item in
            let zone = sites.first?.zone ?? TimeZone(secondsFromGMT: 0)!
            return RecentCommentView(
                authorName: item.comment.authorName, dateLabel: DateLabel.format(item.comment.createdAt, timeZone: zone, language: pages.language(request)),
                excerpt: Excerpt.make(item.comment.body, maximumLength: 120), articleTitle: item.articleTitle,
                articleURL: "/admin/articles/\(item.comment.articleID)/")
        }
        let view = DashboardView(
            sections: [
                ArticleTableView(heading: t["dashboard_drafts"] ?? "", rows: mine.map { ArticleRowView($0, sites: byID, t: t, language: pages.language(request)) }),
                ArticleTableView(heading: t["dashboard_review"] ?? "", rows: review.map { ArticleRowView($0, sites: byID, t: t, language: pages.language(request)) }),
                ArticleTableView(
                    heading: t["dashboard_scheduled"] ?? "", rows: scheduled.map { ArticleRowView($0, sites: byID, t: t, language: pages.language(request)) }),
            ], comments: comments, hasComments: !comments.isEmpty,
            pendingComments: try await services.workspace.pendingCommentCount(actor: session))
        return try pages.render("dashboard", titleKey: "dashboard_title", body: view, request: request, context: context)
    }

    @Sendable func articles(_ request: Request, context: StaffContext) async throws -> Response {
        let session = context.session
        let sites = try await services.workspace.sites(of: session)
        let byID = Dictionary(uniqueKeysWithValues: sites.map { ($0.id, $0) })
        let query = request.uri.queryParameters
        let state = query.get("etat").flatMap(PublishState.init(rawValue:))
        let siteSlug = query.get("site") ?? ""
        let chosen = sites.filter { siteSlug.isEmpty || $0.slug.rawValue == siteSlug }.map(\.id)
        let search = query.get("q") ?? ""
        let author = query.get("auteur").flatMap { Slug(rawValue: Slugify.slug($0)) }
        let tag = query.get("etiquette").flatMap { Slug(rawValue: Slugify.slug($0)) }
        let rows = try await services.store.articleRows(
            ArticleFilter(siteIDs: chosen, state: state, search: search, authorSlug: author, tagSlug: tag), limit: 200)
        let t = pages.strings(request)
        let view = ArticlesView(
            states: PublishState.allCases.map {
                OptionView(value: $0.rawValue, label: t.label("state", $0.rawValue, otherwise: $0.label), selected: $0 == state)
            },
            sites: sites.map { OptionView(value: $0.slug.rawValue, label: $0.title, selected: $0.slug.rawValue == siteSlug) },
            query: search, author: query.get("auteur") ?? "", tag: query.get("etiquette") ?? "",
            rows: rows.map { ArticleRowView($0, sites: byID, t: t, language: pages.language(request)) }, hasRows: !rows.isEmpty)
        return try pages.render("articles", titleKey: "articles_title", body: view, request: request, context: context)
    }

}
