import Foundation
import Hummingbird
import HummingbirdTesting
import KibaruCore
import KibaruServices
import KibaruTesting
import Testing

/// Every payload of `../shared/testdata/xss-payloads/`, as a comment's name, website and text, renders inert in
/// the article page: the comments section is parsed for any element or attribute that could run code.
@Suite struct CommentXSSTests {
    static func payloads() -> [String] {
        let folder = TestPaths.sharedTestdata.appendingPathComponent("xss-payloads")
        var payloads = Set<[UInt8]>()
        for (subfolder, wholeFile) in [("intruders", false), ("svg", true)] {
            let directory = folder.appendingPathComponent(subfolder)
            for file in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] {
                guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(file).path)
                else { continue }
                if wholeFile {
                    payloads.insert(Array(data))
                } else {
                    for line in data.split(separator: 0x0A) where !line.isEmpty {
                        payloads.insert(Array(line.last == 0x0D ? line.dropLast() : line))
                    }
                }
            }
        }
        return payloads.map { String(decoding: $0, as: UTF8.self) }.sorted()
    }

    /// What could run code in HTML: a dangerous element, an event-handler attribute, a script URL.
    static func dangerousMarkup(in html: String) -> [String] {
        let patterns = [
            #"<\s*(script|iframe|object|embed|svg|math|base|form|meta|link|style|frame|applet)\b"#,
            #"<[a-zA-Z][^>]*\son[a-z]+\s*="#,
            #"<[a-zA-Z][^>]*\s(href|src|action|formaction|data|xlink:href)\s*=\s*["']?\s*(javascript|vbscript|data):"#,
        ]
        return patterns.flatMap { pattern in
            var found: [String] = []
            var searchRange = html.startIndex..<html.endIndex
            while let range = html.range(of: pattern, options: [.regularExpression, .caseInsensitive], range: searchRange) {
                found.append(String(html[range].prefix(120)))
                searchRange = range.upperBound..<html.endIndex
            }
            return found
        }
    }

    @Test(.enabled(if: !payloads().isEmpty, "../shared/testdata/xss-payloads/ is absent: skipped"))
    func everyPayloadAsNameWebsiteAndTextRendersInert() async throws {
        let payloads = Self.payloads()
        #expect(payloads.count >= 2_100)
        let network = try await TestNetwork.make()
        let article = try await network.publish("Un article")
        let articleID = article.id
        // Stored as a moderator would approve them; a payload the form refuses as a website (not http) is sent
        // in a website that passes the check, so that it reaches the page.
        let stored = try await network.store.write { tx in
            var count = 0
            for payload in payloads {
                let name = String(payload.prefix(100)).trimmingCharacters(in: .whitespacesAndNewlines)
                let website = "https://example.org/?" + payload.filter { !$0.isWhitespace }.prefix(250)
                let comment = NewComment(
                    articleID: articleID, authorName: name.isEmpty ? "x" : name, body: payload.isEmpty ? "x" : payload,
                    createdAt: TestNetwork.now, status: .approved, website: website)
                if (try? comment.validate()) != nil {
                    _ = try await tx.insertComment(comment)
                    count += 1
                }
            }
            return count
        }
        #expect(stored >= 2_000, "nearly every payload reaches the page")
        try await network.application().test(.router) { client in
            let (status, _, html) = try await client.getPage("/mali-actu/2024/03/01/un-article/", as: nil)
            #expect(status == .ok)
            let section = try #require(html.range(of: #"<section class="comments""#)).lowerBound
            let form = try #require(html.range(of: #"<section class="comment-form""#)).lowerBound
            let comments = String(html[section..<form])  // the readers' part, without our own form
            #expect(comments.components(separatedBy: "<li class=\"comment\"").count - 1 == stored)
            let dangerous = Self.dangerousMarkup(in: comments)
            #expect(dangerous.isEmpty, "\(dangerous.count) dangerous fragments, first: \(dangerous.prefix(3))")
            #expect(HTMLStructure.problems(in: html).isEmpty, "\(HTMLStructure.problems(in: html).prefix(3))")
        }
    }
}
