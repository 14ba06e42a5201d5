import Foundation
import Hummingbird
import KibaruCore
import KibaruServices
import KibaruText

struct ModerationTabView: Sendable {
    var value: String
    var label: String
    var count: Int
    var selected: Bool
}

struct ModeratedCommentView: Sendable {
    var id: Int64
    var authorName: String
    var dateLabel: String
    var articleTitle: String
    var email: String?
    var website: String?
    var address: String?
    var text: String
    var verdicts: [VerdictView]
}

/// One rule's verdict on a comment, the rule named in the reader's language.
struct VerdictView: Sendable {
    var rule: String
    var flagged: Bool
    var detail: String
}

struct CommentsPageView: Sendable {
    var status: String
    var tabs: [ModerationTabView]
    var comments: [ModeratedCommentView]
    var hasComments: Bool
}


/// The moderation queue: pending, approved, spam and trash, each comment with every rule's verdict; approve,
/// spam, trash or put back one or many at once; edit a text; reply as the site's staff.
struct ModerationRoutes: AdminArea {
    let services: AdminServices
    let pages: AdminPages

    func register(on staff: RouterGroup<StaffContext>) {
        staff.get("commentaires", use: commentsPage).post("commentaires", use: moderateComments)
        staff.post("commentaires/:id/modifier", use: editComment).post("commentaires/:id/repondre", use: replyToComment)
    }

    struct ModerationForm: Decodable {
        var action: String
        var statut: String?
        var ids: [Comment.ID]?
    }

    struct TextForm: Decodable {
        var texte: String
    }

    @Sendable func commentsPage(_ request: Request, context: StaffContext) async throws -> Response {
        let session = context.session
        let status = request.uri.queryParameters.get("statut").flatMap(CommentStatus.init(rawValue:)) ?? .pending
        return try await renderComments(status: status, session: session, request: request, context: context)
    }

    @Sendable func moderateComments(_ request: Request, context: StaffContext) async throws -> Response {
        let session = context.session
        var request = request
        let form = try await FormBody.decode(ModerationForm.self, from: &request, context: context)
        guard let target = CommentStatus(rawValue: form.action) else {
            throw HTTPError(.badRequest, message: "action inconnue")
        }
        try await moderate(request) { try await services.moderation.setStatus(target, of: form.ids ?? [], actor: session) }
        let shown = form.statut.flatMap(CommentStatus.init(rawValue:)) ?? .pending
        return .redirect(to: "/admin/commentaires/?statut=\(shown.rawValue)&fait=1")
    }

    @Sendable func editComment(_ request: Request, context: StaffContext) async throws -> Response {
        let session = context.session
        let id = try context.parameters.require("id", as: Comment.ID.self)
        var request = request
        let form = try await FormBody.decode(TextForm.self, from: &request, context: context)
        try await moderate(request) { try await services.moderation.edit(id, text: form.texte, actor: session) }
        return .redirect(to: "/admin/commentaires/?statut=approved&fait=1")
    }

    @Sendable func replyToComment(_ request: Request, context: StaffContext) async throws -> Response {
        let session = context.session
        let id = try context.parameters.require("id", as: Comment.ID.self)
        var request = request
        let form = try await FormBody.decode(TextForm.self, from: &request, context: context)
        try await moderate(request) { _ = try await services.moderation.reply(to: id, text: form.texte, actor: session) }
        return .redirect(to: "/admin/commentaires/?statut=approved&fait=1")
    }

    /// Runs a moderation change, turning a refusal into 403 and bad text into 422 (nothing changed either way).
    private func moderate(_ request: Request, _ change: () async throws -> Void) async throws {
        do {
            try await change()
        } catch ContentError.forbidden {
            throw HTTPError(.forbidden, message: pages.strings(request)["moderation_forbidden"] ?? "")
        } catch let errors as ValidationErrors {
            throw HTTPError(.unprocessableContent, message: pages.describe(errors, request))
        }
    }

    private func renderComments(
        status: CommentStatus, session: StaffSession, request: Request, context: StaffContext
    ) async throws -> Response {
        let siteIDs = try await services.workspace.sites(where: .moderateComments, actor: session).map(\.id)
        guard !siteIDs.isEmpty else {
            return try pages.message(
                status: .forbidden, heading: "forbidden_title", message: "forbidden_message", request: request,
                context: context)
        }
        let counts = try await services.store.commentCounts(siteIDs: siteIDs)
        // The sites' time zone when they share one (most networks), UTC otherwise; the offset is shown either way.
        let zones = Set(try await services.workspace.sites(where: .moderateComments, actor: session).map(\.timeZone))
        let zone = zones.count == 1 ? zones.first.flatMap(TimeZone.init(identifier:)) ?? .gmt : .gmt
        let strings = pages.strings(request)
        let comments = try await services.store.comments(siteIDs: siteIDs, status: status, limit: 200).map { item in
            ModeratedCommentView(
                id: item.comment.id.rawValue, authorName: item.comment.authorName,
                dateLabel: LocalDateTime.formatWithOffset(item.comment.createdAt, timeZone: zone),
                articleTitle: item.articleTitle, email: item.comment.email, website: item.comment.website,
                address: item.comment.clientAddress, text: item.comment.body,
                verdicts: item.comment.verdicts.map {
                    VerdictView(rule: strings["verdict_\($0.rule)"] ?? $0.rule, flagged: $0.flagged, detail: $0.detail)
                })
        }
        let view = CommentsPageView(
            status: status.rawValue,
            tabs: CommentStatus.allCases.map {
                ModerationTabView(
                    value: $0.rawValue, label: strings.label("comment", $0.rawValue, otherwise: $0.label), count: counts[$0] ?? 0, selected: $0 == status)
            }, comments: comments, hasComments: !comments.isEmpty)
        let notice = request.uri.queryParameters.get("fait") != nil ? pages.strings(request)["comments_done"] : nil
        return try pages.render(
            "comments", titleKey: "comments_title", body: view, request: request, context: context, notice: notice)
    }
}
