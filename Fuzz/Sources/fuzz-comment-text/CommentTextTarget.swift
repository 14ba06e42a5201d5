import FuzzSupport
import KibaruText

/// A reader's comment (`CommentText.html`), the most exposed text of the site: anyone may post one.
///
/// Invariants:
/// - the HTML holds only `<p>`, `</p>`, `<br>`, `<em>`, `</em>`, `</a>` and `<a href="http(s)://…" rel="nofollow ugc
///   noopener">`; every other `<`, `>`, `"` and `'` of the text is escaped (read on Unicode scalars: a combining mark
///   after `<` or `"` must not hide it from the escaper);
/// - the link's address holds no `"`, `<`, `>`, `'` or space, so it cannot leave its attribute;
/// - `linkCount` (used to hold comments with many links for moderation) counts the links `html` writes;
/// - the same holds after French typography, which comment pages apply (there, raw quotes in text and the
///   `<sup>` of ordinals are allowed).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCommentText(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = Fuzz.string(data, size)
    let html = CommentText.html(text)
    let links = check(html, text: text, stage: "comment-text", quotesEscaped: true)
    let counted = CommentText.linkCount(text)
    Fuzz.check(
        counted == links, "comment-text/link-count",
        "linkCount says \(counted), html writes \(links) links\ntext: \(Fuzz.show(text, limit: 300))")
    // Typography reads `&#39;` and `&quot;` as characters and may write them back as raw `'` or `"`: harmless in text.
    _ = check(FrenchTypography.html(html), text: text, stage: "comment-text-typography", quotesEscaped: false)
    return 0
}

private let allowedTags = ["<p>", "</p>", "<br>", "<em>", "</em>", "</a>"].map { Array($0.utf8) }
/// Typography sets ordinals in superscript (`1<sup>er</sup>`).
private let typographyTags = ["<sup>", "</sup>"].map { Array($0.utf8) }
private let linkOpen = Array("<a href=\"".utf8)
private let linkClose = Array("\" rel=\"nofollow ugc noopener\">".utf8)

/// Checks the comment HTML and returns the number of links in it.
private func check(_ html: String, text: String, stage: String, quotesEscaped: Bool) -> Int {
    let bytes = Array(html.utf8)
    var index = 0
    var links = 0
    func starts(_ needle: [UInt8], at offset: Int) -> Bool {
        offset + needle.count <= bytes.count && Array(bytes[offset..<(offset + needle.count)]) == needle
    }
    func fail(_ what: String, _ offset: Int) -> Never {
        Fuzz.fail(
            "\(stage)/\(what)",
            "at byte \(offset): \(Fuzz.show(html, around: offset))\ntext: \(Fuzz.show(text, limit: 300))")
    }
    while index < bytes.count {
        switch bytes[index] {
        case UInt8(ascii: "<"):
            if let tag = (allowedTags + (quotesEscaped ? [] : typographyTags)).first(where: { starts($0, at: index) }) {
                index += tag.count
                continue
            }
            guard starts(linkOpen, at: index) else { fail("raw-lt", index) }
            let start = index + linkOpen.count
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
                if [UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "'"), 0x20, 0x09, 0x0A, 0x0D].contains(bytes[end]) {
                    fail("href-breakout", end)
                }
                end += 1
            }
            guard starts(linkClose, at: end) else { fail("href-breakout", end) }
            let href = String(decoding: bytes[start..<end], as: UTF8.self).lowercased()
            guard href.hasPrefix("http://") || href.hasPrefix("https://") else { fail("href-scheme", start) }
            links += 1
            index = end + linkClose.count
        case UInt8(ascii: ">"):
            fail("raw-gt", index)
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            if quotesEscaped { fail("raw-quote", index) }
            index += 1
        default:
            index += 1
        }
    }
    return links
}
