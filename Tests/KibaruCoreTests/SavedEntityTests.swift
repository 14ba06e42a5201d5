import Foundation
import KibaruCore
import Testing

/// Saved entities: an id that is never missing, fields read and written through the entity, ids that print and
/// encode as the numbers the stores and the URLs use.
@Suite struct SavedEntityTests {
    let fields = NewArticle(
        siteID: 3, slug: Slug(rawValue: "crue")!, title: "La crue", bodyMarkdown: "Texte.",
        createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0))

    @Test func fieldsAreReadAndWrittenThroughTheEntity() {
        var article = Article(id: 12, fields)
        article.title = "La crue du Niger"
        article.tags.append(Tag(id: 4, NewTag(siteID: 3, slug: Slug(rawValue: "fleuve")!, name: "Fleuve")))
        #expect(article.fields.title == "La crue du Niger")
        #expect(article.tags.map(\.name) == ["Fleuve"])
        #expect(article.id == 12 && article.siteID == 3)
    }

    @Test func theSameFieldsUnderAnotherIdAreAnotherEntity() {
        #expect(Article(id: 12, fields) == Article(id: 12, fields))
        #expect(Article(id: 12, fields) != Article(id: 13, fields))
    }

    @Test func idsPrintAndEncodeAsTheirNumbers() throws {
        let id: Article.ID = 42
        #expect("article:\(id)" == "article:42")
        #expect(String(decoding: try JSONEncoder().encode([id]), as: UTF8.self) == "[42]")
        #expect(try JSONDecoder().decode(Comment.ID.self, from: Data("7".utf8)) == 7)
        let fromURL = "42", notANumber = "quarante-deux"
        #expect(Article.ID(fromURL) == id && Article.ID(notANumber) == nil)
    }
}
