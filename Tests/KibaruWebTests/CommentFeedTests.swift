import Foundation
import Hummingbird
import HummingbirdTesting
import KibaruCore
import KibaruServices
import KibaruTesting
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Comment feeds, per site and per article, are well-formed RSS 2.0 carrying approved comments only.
@Suite struct CommentFeedTests {
    /// The `<item><title>` texts of an RSS document; throws when it is not well-formed XML.
    final class ItemTitles: NSObject, XMLParserDelegate {
        var titles: [String] = []
        var inItem = false, inTitle = false, text = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if name == "item" { inItem = true }
            if name == "title" && inItem { inTitle = true; text = "" }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { if inTitle { text += string } }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "title" && inTitle { titles.append(text); inTitle = false }
            if name == "item" { inItem = false }
        }

        static func parse(_ xml: String) throws -> [String] {
            let parser = XMLParser(data: Data(xml.utf8))
            let delegate = ItemTitles()
            parser.delegate = delegate
            guard parser.parse() else { throw parser.parserError ?? CocoaError(.propertyListReadCorrupt) }
            return delegate.titles
        }
    }

    @Test func siteAndArticleFeedsListApprovedCommentsNewestFirst() async throws {
        let network = try await TestNetwork.make()
        let first = try await network.publish("Premier", at: TestNetwork.now)
        let second = try await network.publish("Second", at: TestNetwork.now.addingTimeInterval(60))
        let comments = CommentService(store: network.store)
        for (article, name, minutes, status) in [
            (first, "Fatou", 1.0, CommentStatus.approved), (second, "Ali <b>&", 2, .approved),
            (first, "Caché", 3, .pending), (second, "Robot", 4, .spam),
        ] {
            try await comments.add(NewComment(articleID: article.id, authorName: name, body: "Texte <script>",
                                           createdAt: TestNetwork.now.addingTimeInterval(minutes * 60), status: status))
        }
        try await network.application().test(.router) { client in
            let (status, headers, site) = try await client.getPage("/mali-actu/comments/feed/", as: nil)
            #expect(status == .ok && headers[.contentType] == "application/rss+xml; charset=utf-8")
            #expect(try ItemTitles.parse(site) == [
                "Commentaire de Ali <b>& sur « Second »", "Commentaire de Fatou sur « Premier »",
            ])
            #expect(site.contains("<link>https://kibaru.test/mali-actu/2024/03/01/premier/#commentaire-"))
            let (_, _, article) = try await client.getPage("/mali-actu/2024/03/01/premier/feed/", as: nil)
            #expect(try ItemTitles.parse(article) == ["Commentaire de Fatou sur « Premier »"])
            let (_, _, page) = try await client.getPage("/mali-actu/2024/03/01/premier/", as: nil)
            #expect(page.contains(#"<a href="feed/" type="application/rss+xml">Flux RSS des commentaires</a>"#))
        }
    }
}
