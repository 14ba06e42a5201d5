import Foundation
import KibaruCore
import KibaruMarkdown
import KibaruTesting
import Testing

/// Every payload of `../shared/testdata/xss-payloads/` rendered as article Markdown, and as a figure caption,
/// must come out inert.
@Suite struct XSSPayloadTests {
    static func payloadLines() -> [String] {
        let folder = TestPaths.sharedTestdata.appendingPathComponent("xss-payloads")
        guard let files = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var lines: [String] = []
        for case let file as String in files where file.hasSuffix(".txt") {
            guard let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8) else { continue }
            lines += text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        }
        return lines
    }

    /// Opening tags whose element or attributes could run code.
    static func dangerousMarkup(in html: String) -> String? {
        let patterns = [
            #"<\s*(script|iframe|object|embed|svg|math|base|form|meta|link|style)\b"#,
            #"<[^>]*\s(on[a-z]+)\s*="#,
            #"<[^>]*(href|src|action|formaction|data)\s*=\s*["']?\s*(javascript|vbscript|data):"#,
        ]
        for pattern in patterns {
            if let range = html.range(of: pattern, options: [.regularExpression, .caseInsensitive]) {
                return String(html[range])
            }
        }
        return nil
    }

    @Test(.enabled(if: !payloadLines().isEmpty, "../shared/testdata/xss-payloads/ is absent: skipped"))
    func everyPayloadRendersInert() throws {
        let payloads = Self.payloadLines()
        let renderer = ArticleRenderer()
        var failures: [String] = []
        for payload in payloads {
            let asBody = renderer.render([.markdown(payload)]) { _ in nil }.html
            let asCaption = renderer.figureHTML(.init(caption: payload))
            for html in [asBody, asCaption] {
                if let found = Self.dangerousMarkup(in: html) { failures.append("\(payload) → \(found)") }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) payloads not inert, first: \(failures.prefix(5))")
        #expect(payloads.count > 2_000)
    }
}
