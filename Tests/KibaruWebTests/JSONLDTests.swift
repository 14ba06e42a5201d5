import Foundation
@testable import KibaruTheme
import Testing

/// JSON-LD is written directly, not through JSONSerialization (issue 11): any text must come out as JSON that
/// reads back the same, and that cannot end its `<script>` element.
@Suite struct JSONLDTests {
    @Test(arguments: [
        "Kidal : « la ville » attend", "</script><script>alert(1)</script>", "Guillemets \" et \\ barre",
        "Ligne\nsuivante\r\tet \u{0}\u{1}\u{1F} contrôles", "Émoji 🇲🇱 et e\u{301} composé", "A & B <!-- c -->",
        "\u{2028}séparateur\u{2029}",
    ])
    func anyTextReadsBackTheSame(_ text: String) throws {
        let json = JSONLD.newsArticle(
            headline: text, description: text, url: "https://kibaru.test/a/", imageURL: "https://kibaru.test/i.jpg",
            published: Date(timeIntervalSince1970: 1_709_287_200), modified: Date(timeIntervalSince1970: 0),
            authors: [(name: text, url: "https://kibaru.test/p/")], publisher: text,
            publisherURL: "https://kibaru.test/", language: "fr")
        #expect(!json.contains("<") && !json.contains(">") && !json.contains("&"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["headline"] as? String == String(text.prefix(110)))
        #expect(object["description"] as? String == text)
        #expect((object["author"] as? [[String: String]])?.first?["name"] == text)
        #expect((object["publisher"] as? [String: String])?["name"] == text)
        #expect(object["datePublished"] as? String == "2024-03-01T10:00:00Z")
        #expect(object["dateModified"] as? String == "2024-03-01T10:00:00Z", "never before publication")
        #expect(object["image"] as? [String] == ["https://kibaru.test/i.jpg"])
        let keys = try #require(json.firstMatch(of: /^\{"@context":"https:\/\/schema.org","@type":"NewsArticle","author":/))
        #expect(!keys.output.isEmpty, "keys sorted, slashes not escaped")
    }
}
