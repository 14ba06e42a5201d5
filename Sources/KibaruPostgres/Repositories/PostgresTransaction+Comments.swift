import Foundation
import KibaruCore
import KibaruText
import PostgresNIO

/// ``CommentRepository``: readers' comments and the spam classifier's counts.
extension PostgresTransaction {
    func insertComment(_ comment: NewComment) async throws -> Comment {
        if let parentID = comment.parentID {
            let parentArticle = try await value("SELECT article_id FROM comment WHERE id = \(parentID)", as: Article.ID.self)
            guard parentArticle == comment.articleID else {
                throw ContentError.notFound(what: L("commentaire {parentID} de l’article {articleID}", ["parentID": "\(parentID)", "articleID": "\(comment.articleID)"]))
            }
        }
        return Comment(id: try await insertedID("""
            INSERT INTO comment (article_id, parent_id, author_name, body, created_at, approved, status, email, website,
                client_address, verdicts)
            VALUES (\(comment.articleID), \(comment.parentID), \(comment.authorName), \(comment.body), \(comment.createdAt),
                \(comment.approved), \(comment.status.rawValue), \(comment.email?.lowercased()), \(comment.website),
                \(comment.clientAddress), \(try PostgresRowMapping.verdictsJSON(comment.verdicts)))
            RETURNING id
            """, of: Comment.self), comment)
    }

    func deleteComments(articleID: Article.ID) async throws {
        try await run("DELETE FROM comment WHERE article_id = \(articleID)")
    }

    func comment(id: Comment.ID) async throws -> Comment? {
        try await map("SELECT * FROM comment WHERE id = \(id)", PostgresRowMapping.comment).first
    }

    func updateComment(_ comment: Comment) async throws {
        let id = comment.id
        try await run("""
            UPDATE comment SET body = \(comment.body), status = \(comment.status.rawValue), approved = \(comment.approved),
                verdicts = \(try PostgresRowMapping.verdictsJSON(comment.verdicts))
            WHERE id = \(id)
            """)
    }

    func hasApprovedComment(email: String) async throws -> Bool {
        try await value(
            "SELECT EXISTS (SELECT 1 FROM comment WHERE email = \(email.lowercased()) AND status = 'approved')", as: Bool.self)
            ?? false
    }

    func comments(email: String) async throws -> [Comment] {
        try await map(
            "SELECT * FROM comment WHERE email = \(email.lowercased()) ORDER BY created_at, id", PostgresRowMapping.comment)
    }

    func deleteComments(email: String) async throws -> Int {
        try await column("DELETE FROM comment WHERE email = \(email.lowercased()) RETURNING id", as: Int64.self).count
    }

    func allComments(articleID: Article.ID) async throws -> [Comment] {
        try await map("SELECT * FROM comment WHERE article_id = \(articleID) ORDER BY created_at, id", PostgresRowMapping.comment)
    }

    func trainedLabel(commentID: Comment.ID) async throws -> String? {
        try await rows("SELECT trained_as FROM comment WHERE id = \(commentID)").first?.get("trained_as", as: String?.self)
    }

    func setTrainedLabel(_ label: String?, commentID: Comment.ID) async throws {
        try await run("UPDATE comment SET trained_as = \(label) WHERE id = \(commentID)")
    }

    func tokenCounts(_ tokens: [String]) async throws -> [String: (spam: Int, ham: Int)] {
        guard !tokens.isEmpty else { return [:] }
        var counts: [String: (spam: Int, ham: Int)] = [:]
        for row in try await rows("SELECT token, spam_count, ham_count FROM spam_token WHERE token = ANY(\(tokens))") {
            counts[try row.get("token")] = (Int(try row.get("spam_count", as: Int64.self)), Int(try row.get("ham_count", as: Int64.self)))
        }
        return counts
    }

    func addTokenCounts(_ tokens: [String], spam: Int, ham: Int) async throws {
        guard !tokens.isEmpty else { return }
        try await run("""
            INSERT INTO spam_token AS t (token, spam_count, ham_count)
            SELECT DISTINCT token, greatest(\(Int64(spam)), 0), greatest(\(Int64(ham)), 0) FROM unnest(\(tokens)::TEXT[]) AS token
            ON CONFLICT (token) DO UPDATE SET spam_count = greatest(t.spam_count + \(Int64(spam)), 0),
                ham_count = greatest(t.ham_count + \(Int64(ham)), 0)
            """)
    }
}
