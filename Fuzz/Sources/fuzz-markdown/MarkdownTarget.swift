import FuzzSupport
import KibaruCore
import KibaruMarkdown

/// Kibaru Markdown, as an author types it: `ArticleSource.parse`, then `ArticleRenderer` (cmark-gfm in safe mode
/// and Kibaru's figure and LIRE AUSSI blocks).
///
/// Invariants:
/// - the HTML passes ``HTMLCheck/article``: no `<script`, no tag or attribute outside cmark's and Kibaru's, no event
///   handler, no `javascript:` link or image, no raw `<` or `>` in text, no `"` breaking out of an attribute;
/// - a LIRE AUSSI title taken from the input is escaped too;
/// - what parses is stable: `parse(serialize(parse(x))) == parse(x)` (ArticleService stores `serialize(blocks)`),
///   for sources without line separators other than `\n` (the editor turns CRLF into LF; `serialize` writes other
///   line breaks inside a value as spaces, on purpose).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMarkdown(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let source = Fuzz.string(data, size)
    if let blocks = try? ArticleSource.parse(source), !source.unicodeScalars.contains(where: isOtherLineBreak) {
        let serialized = ArticleSource.serialize(blocks)
        do {
            let again = try ArticleSource.parse(serialized)
            Fuzz.check(
                again == blocks, "markdown/round-trip",
                "parse(serialize(blocks)) != blocks\nsource: \(Fuzz.show(source, limit: 400))\nserialized: "
                    + Fuzz.show(serialized, limit: 400))
        } catch {
            Fuzz.fail(
                "markdown/round-trip-throws",
                "serialize(blocks) does not parse: \(error)\nsource: \(Fuzz.show(source, limit: 400))")
        }
    }
    // The title a LIRE AUSSI block shows comes from another article: take it from the input to test its escaping.
    let title = String(source.prefix(120))
    ArticleChecks.renderSafely(source, kind: "markdown", readAlsoTitle: title.isEmpty ? "titre" : title)
    return 0
}

/// Line breaks other than LF that `Character.isNewline` knows: CR, VT, FF, NEL, LS, PS.
private func isOtherLineBreak(_ scalar: Unicode.Scalar) -> Bool {
    [0x0D, 0x0B, 0x0C, 0x85, 0x2028, 0x2029].contains(scalar.value)
}
