import Foundation
import KibaruCore
import Testing

@Suite struct SlugTests {
    @Test(arguments: ["a", "mali-actu", "2024", "lutte-contre-le-terrorisme"])
    func acceptsValidSlugs(_ value: String) {
        #expect(Slug(rawValue: value) != nil)
    }

    @Test(arguments: ["", "-a", "a-", "a--b", "Mali", "é", "a b", "a/b", String(repeating: "a", count: 201)])
    func refusesInvalidSlugs(_ value: String) throws {
        #expect(Slug(rawValue: value) == nil)
        let error = #expect(throws: ValidationErrors.self) { try Slug(validating: value, field: "site") }
        #expect(error?.fields == ["site"])
    }
}

@Suite struct ModelValidationTests {
    let slug = Slug(rawValue: "x")!

    @Test func siteReportsEachBadField() {
        let site = NewSite(slug: Slug(rawValue: "admin")!, title: " ", language: "français", timeZone: "Mars/Olympus",
                        host: "Not A Host")
        let error = #expect(throws: ValidationErrors.self) { try site.validate() }
        #expect(error?.fields == ["slug", "title", "language", "timeZone", "host"])
    }

    @Test func numericSiteSlugsAreRefusedSoTheyNeverShadowDates() {
        #expect(throws: ValidationErrors.self) { try NewSite(slug: Slug(rawValue: "2024")!, title: "T").validate() }
    }

    @Test func validSitePasses() throws {
        try NewSite(slug: Slug(rawValue: "mali-actu")!, title: "Mali Actu", host: "blog.example.org").validate()
    }

    @Test func articleNeedsTitleBodyAuthorAndDateWhenPublished() {
        let article = NewArticle(siteID: 1, slug: slug, title: "", bodyMarkdown: "  ", state: .published,
                              createdAt: Date(), updatedAt: Date())
        let error = #expect(throws: ValidationErrors.self) { try article.validate() }
        #expect(error?.fields == ["title", "body", "authors", "publishedAt"])
    }

    @Test func articleRefusesTheSameAuthorTwice() {
        let person = Person(id: 1, NewPerson(slug: slug, name: "Awa"))
        let article = NewArticle(siteID: 1, slug: slug, title: "T", bodyMarkdown: "b", authors: [person, person],
                              createdAt: Date(), updatedAt: Date())
        let error = #expect(throws: ValidationErrors.self) { try article.validate() }
        #expect(error?.fields == ["authors"])
    }

    @Test func figureRefusesScriptURLsAndNeedsImageOrCaption() {
        let figure = Figure(image: "javascript:alert(1)", credit: Credit(sourceURL: "data:text/html,x"))
        let error = #expect(throws: ValidationErrors.self) { try figure.validate() }
        #expect(error?.fields == ["image", "credit.sourceURL"])
        #expect(throws: ValidationErrors.self) { try Figure().validate() }
    }

    @Test func figureWithCaptionOnlyIsValid() throws {
        try Figure(caption: "Une légende", credit: Credit(source: "Wikicommons")).validate()
        try Figure(image: "/media/a.jpg", alt: "a", credit: Credit(sourceURL: "https://example.org/a")).validate()
    }

    @Test func articleNestsFigureErrorsUnderItsField() {
        let article = NewArticle(siteID: 1, slug: slug, title: "T", bodyMarkdown: "b",
                              featuredFigure: Figure(image: "javascript:x"),
                              authors: [Person(id: 1, NewPerson(slug: slug, name: "A"))], createdAt: Date(), updatedAt: Date())
        let error = #expect(throws: ValidationErrors.self) { try article.validate() }
        #expect(error?.fields == ["featuredFigure.image"])
    }

    @Test func commentNeedsNameAndText() {
        let comment = KibaruCore.NewComment(articleID: 1, authorName: "", body: "", createdAt: Date(), status: .approved)
        let error = #expect(throws: ValidationErrors.self) { try comment.validate() }
        #expect(error?.fields == ["authorName", "body"])
    }
}

@Suite struct CommentThreadTests {
    func comment(_ id: KibaruCore.Comment.ID, parent: KibaruCore.Comment.ID? = nil, at seconds: Double) -> KibaruCore.Comment {
        KibaruCore.Comment(id: id, KibaruCore.NewComment(articleID: 1, parentID: parent, authorName: "n\(id)", body: "b",
                createdAt: Date(timeIntervalSince1970: seconds), status: .approved))
    }

    @Test func nestsRepliesThreeLevelsDeepOldestFirst() {
        let threads = CommentThread.threads(from: [
            comment(4, parent: 2, at: 40), comment(2, parent: 1, at: 20), comment(1, at: 10), comment(3, at: 30),
            comment(5, parent: 1, at: 50),
        ])
        #expect(threads.map(\.comment.id) == [1, 3])
        #expect(threads[0].replies.map(\.comment.id) == [2, 5])
        #expect(threads[0].replies[0].replies.map(\.comment.id) == [4])
    }

    @Test func replyToAMissingCommentStartsItsOwnThread() {
        let threads = CommentThread.threads(from: [comment(7, parent: 99, at: 1)])
        #expect(threads.map(\.comment.id) == [7])
    }
}

@Suite struct PermalinkTests {
    @Test func articlePathUsesTheSiteTimeZone() {
        // 23:30 UTC on 28 February is already 29 February in Asia/Tokyo.
        let date = Date(timeIntervalSince1970: 1_709_163_000)
        let site = Slug(rawValue: "s")!, slug = Slug(rawValue: "a")!
        #expect(Permalink.article(site: site, slug: slug, publishedAt: date, timeZone: TimeZone(identifier: "UTC")!)
            == "/s/2024/02/28/a/")
        #expect(Permalink.article(site: site, slug: slug, publishedAt: date, timeZone: TimeZone(identifier: "Asia/Tokyo")!)
            == "/s/2024/02/29/a/")
        // Years are written on four digits, as `%04d` wrote them.
        let early = Date(timeIntervalSince1970: -59_011_459_200)  // early in the year 100
        #expect(Permalink.article(site: site, slug: slug, publishedAt: early, timeZone: TimeZone(identifier: "UTC")!)
            .hasPrefix("/s/0100/01/"))
    }

    @Test func pagesAfterTheFirstHaveTheirOwnPath() {
        #expect(Permalink.page(1, of: "/s/") == "/s/")
        #expect(Permalink.page(3, of: "/s/tag/t/") == "/s/tag/t/page/3/")
    }
}
