import Foundation
import Hummingbird
import KibaruCore
import KibaruServices
import KibaruText

struct DiffLineView: Sendable {
    var kind: String
    var sign: String
    var text: String
}

struct RevisionDiffView: Sendable {
    var articleID: Article.ID
    var from: Int
    var to: Int
    var lines: [DiffLineView]
}

/// Revisions: what changed between two versions of an article, and a version restored.
extension EditorRoutes {
    /// `/admin/articles/:id/revisions/?de=1&a=3`: what changed between two versions.
    @Sendable func revisionDiff(_ request: Request, context: StaffContext) async throws -> Response {
        let id = try context.parameters.require("id", as: Article.ID.self)
        _ = try await services.workspace.editableArticle(id, actor: context.session)
        let revisions = try await services.store.revisions(articleID: id)
        let query = request.uri.queryParameters
        guard let fromVersion = query.get("de", as: Int.self), let toVersion = query.get("a", as: Int.self),
            let from = revisions.first(where: { $0.version == fromVersion }),
            let to = revisions.first(where: { $0.version == toVersion })
        else { throw HTTPError(.notFound) }
        func text(_ revision: Revision) -> String {
            "# \(revision.title)\n\(revision.standfirst ?? "")\n\n\(revision.bodyMarkdown)"
        }
        let lines = LineDiff.diff(text(from), text(to)).map { line in
            DiffLineView(
                kind: line.kind.rawValue, sign: line.kind == .added ? "+" : line.kind == .removed ? "−" : " ",
                text: line.text)
        }
        return try pages.render(
            "revisions", titleKey: "revisions_diff_title",
            body: RevisionDiffView(articleID: id, from: fromVersion, to: toVersion, lines: lines), request: request,
            context: context)
    }

    struct RestoreForm: Decodable {
        var revision: Int
        var version: Int
    }

    @Sendable func restoreRevision(_ request: Request, context: StaffContext) async throws -> Response {
        let id = try context.parameters.require("id", as: Article.ID.self)
        var request = request
        let form = try await FormBody.decode(RestoreForm.self, from: &request, context: context)
        do {
            try await services.editorial.restore(
                revision: form.revision, of: id, expectedVersion: form.version, actor: context.session)
            return .redirect(to: "/admin/articles/\(id)/?enregistre=1")
        } catch ContentError.forbidden {
            return try pages.message(
                status: .forbidden, heading: "forbidden_title", message: "forbidden_message", request: request,
                context: context)
        } catch ContentError.editConflict {
            return try pages.message(
                status: .conflict, heading: "editor_edit", message: "conflict", request: request, context: context)
        }
    }
}
