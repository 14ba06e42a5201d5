import Foundation
import FuzzSupport
import KibaruCore
import KibaruImport
import KibaruMarkdown
import KibaruServices

private let site = Site(id: 1, NewSite(slug: Slug(rawValue: "fuzz")!, title: "Fuzz"))
private let parser = ScrapedPageParser(fileName: "page.txt")

/// A page copied out of a browser (`ScrapedPageParser.parse`), as `kibaru import pages` reads it.
///
/// Invariants, when the page is accepted:
/// - the body is valid Kibaru Markdown (`ArticleSource.parse` does not throw: ArticleService would refuse the
///   article with an error about a block the author never wrote);
/// - it renders to safe HTML (``HTMLCheck/article``) and holds no raw HTML (the parser escapes every line);
/// - the title is not empty, each comment has an author and a body.
/// Any error other than `PageImportError` is a failure too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScrapedPage(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = Fuzz.string(data, size)
    let imported: ImportedArticle
    do {
        imported = try parser.parse(text, site: site)
    } catch is PageImportError {
        return 0
    } catch {
        Fuzz.fail("scraped-page/unexpected-error", "\(type(of: error)): \(error)")
    }
    let body = imported.draft.bodyMarkdown
    do {
        _ = try ArticleSource.parse(body)
    } catch {
        Fuzz.fail(
            "scraped-page/invalid-body",
            "accepted page gives a body ArticleSource.parse refuses: \(error)\nbody: \(Fuzz.show(body, limit: 400))")
    }
    let rendered = ArticleChecks.renderSafely(body, kind: "scraped-page")
    Fuzz.check(
        !rendered.html.contains(ArticleChecks.rawHTMLOmitted), "scraped-page/raw-html",
        "the body holds raw HTML (not escaped)\nbody: \(Fuzz.show(body, limit: 400))")
    Fuzz.check(
        !imported.draft.title.trimmingCharacters(in: .whitespaces).isEmpty, "scraped-page/empty-title",
        "accepted with an empty title")
    for comment in imported.comments {
        Fuzz.check(
            !comment.authorName.isEmpty && !comment.body.isEmpty, "scraped-page/empty-comment",
            "comment without author or body: \(comment)")
    }
    return 0
}
