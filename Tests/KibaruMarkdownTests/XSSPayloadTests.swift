import Foundation
import KibaruCore
import KibaruMarkdown
import KibaruTesting
import Testing

/// Every payload of `../shared/testdata/xss-payloads/` rendered as article Markdown, and as a figure caption,
/// must come out inert.
@Suite struct XSSPayloadTests {
    /// The unique non-empty lines of every intruder list (read as bytes: some lines are not UTF-8 on purpose) and
    /// each SVG file whole.
    static func payloadLines() -> [String] {
        let folder = TestPaths.sharedTestdata.appendingPathComponent("xss-payloads")
        var payloads = Set<[UInt8]>()  // compared as bytes: distinct invalid sequences stay distinct
        for (subfolder, wholeFile) in [("intruders", false), ("svg", true)] {
            let directory = folder.appendingPathComponent(subfolder)
            for file in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] {
                guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(file).path)
                else { continue }
                if wholeFile {
                    payloads.insert(Array(data))
                } else {
                    for line in data.split(separator: 0x0A) {
                        let bytes = Array(line.last == 0x0D ? line.dropLast() : line)
                        if !bytes.isEmpty { payloads.insert(bytes) }
                    }
                }
            }
        }
        return payloads.map { String(decoding: $0, as: UTF8.self) }
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
            let asBody = renderer.render([.markdown(payload)], language: "fr") { _ in nil }.html
            let asCaption = renderer.figureHTML(.init(caption: payload), language: "fr")
            for html in [asBody, asCaption] {
                if let found = Self.dangerousMarkup(in: html) { failures.append("\(payload) → \(found)") }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) payloads not inert, first: \(failures.prefix(5))")
        #expect(payloads.count >= 2_100, "2,100 distinct payload lines and 8 SVG files expected, read \(payloads.count)")
    }
}
