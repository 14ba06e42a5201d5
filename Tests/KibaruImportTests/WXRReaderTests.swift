import Foundation
import KibaruImport
import Testing

/// The public WordPress fixtures: `../shared/testdata/wordpress-wxr` next to the package (see its PROVENANCE.md and
/// `wordpress-importer/EXPECTATIONS.json`, which these tests restate).
private enum Fixtures {
    /// `/…/main/Tests/KibaruImportTests/WXRReaderTests.swift`, up three levels is the package; its parent holds
    /// `shared/`.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/testdata/wordpress-wxr")
    static let available = FileManager.default.fileExists(atPath: root.path)

    static func url(_ path: String) -> URL {
        root.appendingPathComponent(path)
    }

    /// The importer’s PHPUnit fixtures.
    static func phpunit(_ name: String) -> String {
        "wordpress-importer/phpunit-data/\(name)"
    }
}

/// Everything a file delivered, sorted by kind, plus whether the channel came first and once.
private struct Export {
    var channels: [WXRChannel] = []
    var authors: [WXRAuthor] = []
    var terms: [WXRTerm] = []
    var items: [WXRItem] = []
    var channelCameFirst = false

    init(_ url: URL) throws {
        var export = Export()
        var count = 0
        try WXRReader(url: url).read { event in
            switch event {
            case .channel(let channel):
                export.channelCameFirst = count == 0
                export.channels.append(channel)
            case .author(let author): export.authors.append(author)
            case .term(let term): export.terms.append(term)
            case .item(let item): export.items.append(item)
            }
            count += 1
        }
        self = export
    }

    init(fixture path: String) throws {
        try self.init(Fixtures.url(path))
    }

    private init() {}

    var channel: WXRChannel? { channels.first }
    var categories: [WXRTerm] { terms.filter { $0.taxonomy == "category" } }
    var tags: [WXRTerm] { terms.filter { $0.taxonomy == "post_tag" } }
    /// Terms of any other taxonomy (`wp:term` blocks of custom taxonomies, menus…).
    var otherTerms: [WXRTerm] { terms.filter { $0.taxonomy != "category" && $0.taxonomy != "post_tag" } }
    var comments: [WXRComment] { items.flatMap(\.comments) }

    /// How many items have each `postType/status`.
    var itemKinds: [String: Int] {
        items.reduce(into: [String: Int]()) { kinds, item in kinds["\(item.postType)/\(item.status)", default: 0] += 1 }
    }
}

/// The UTF-8 bytes of `string`: `==` on `String` compares by canonical equivalence, byte-exact tests must not.
private func bytes(_ string: String?) -> [UInt8]? {
    string.map { Array($0.utf8) }
}

/// The text of the fixture at `path` between the first `start` and the next `end`, straight from the file on disk.
private func raw(_ path: String, between start: String, and end: String) throws -> String {
    let text = try #require(String(data: Data(contentsOf: Fixtures.url(path)), encoding: .utf8))
    let from = try #require(text.range(of: start))
    let to = try #require(text.range(of: end, range: from.upperBound..<text.endIndex))
    return String(text[from.upperBound..<to.lowerBound])
}

/// The `WXRError` `body` throws; `nil` when it throws nothing or something else.
private func wxrError(_ body: () throws -> Void) -> WXRError? {
    do {
        try body()
        return nil
    } catch {
        return error as? WXRError
    }
}

/// Whether every `s:N:"…";` of a PHP-serialized value announces its exact UTF-8 length: any byte gained or lost
/// while reading breaks `unserialize()`.
private func phpLengthsHold(_ value: String) -> Bool {
    let data = Array(value.utf8)
    var index = 0
    var strings = 0
    while index < data.count {
        guard data[index] == UInt8(ascii: "s"), index + 1 < data.count, data[index + 1] == UInt8(ascii: ":") else {
            index += 1
            continue
        }
        var cursor = index + 2
        var length = 0
        while cursor < data.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(data[cursor]) {
            length = length * 10 + Int(data[cursor] - UInt8(ascii: "0"))
            cursor += 1
        }
        guard cursor + 1 < data.count, data[cursor] == UInt8(ascii: ":"), data[cursor + 1] == UInt8(ascii: "\"")
        else {
            index += 1
            continue
        }
        let end = cursor + 2 + length
        guard end + 1 < data.count, data[end] == UInt8(ascii: "\""), data[end + 1] == UInt8(ascii: ";") else {
            return false
        }
        strings += 1
        index = end + 2
    }
    return strings > 0
}

/// Counts expected for one valid file. `items` counts every `<item>` (the upstream tests call them “posts”);
/// `others` counts terms neither category nor tag. Figures come from EXPECTATIONS.json where it gives them, otherwise
/// from counting the file with an independent parser.
struct WXRFileCounts: Sendable, CustomTestStringConvertible {
    let path: String
    let version: String
    let items: Int
    let authors: Int
    let categories: Int
    let tags: Int
    let others: Int

    var testDescription: String { path }
}

@Suite(.enabled(if: Fixtures.available, "needs ../shared/testdata/wordpress-wxr (not part of a user's clone)"))
struct WXRReaderFixtureTests {
    static let validFiles: [WXRFileCounts] = [
        .init(path: Fixtures.phpunit("a11y-unit-test-data.xml"), version: "1.2", items: 154, authors: 1,
              categories: 27, tags: 61, others: 5),
        .init(path: Fixtures.phpunit("authors-multiline.xml"), version: "1.2", items: 1, authors: 3,
              categories: 0, tags: 0, others: 0),
        .init(path: Fixtures.phpunit("backslashes.xml"), version: "1.2", items: 1, authors: 0,
              categories: 0, tags: 0, others: 0),
        .init(path: Fixtures.phpunit("blank-lines.xml"), version: "1.2", items: 1, authors: 0,
              categories: 0, tags: 0, others: 0),
        .init(path: Fixtures.phpunit("cdata-edge.xml"), version: "1.2", items: 1, authors: 0,
              categories: 0, tags: 0, others: 0),
        .init(path: Fixtures.phpunit("chunked-meta.xml"), version: "1.2", items: 1, authors: 0,
              categories: 0, tags: 0, others: 0),
        .init(path: Fixtures.phpunit("crazy-cdata-escaped.xml"), version: "1.1", items: 1, authors: 0,
              categories: 0, tags: 0, others: 0),
        .init(path: Fixtures.phpunit("large-authors.xml"), version: "1.2", items: 0, authors: 300,
              categories: 0, tags: 0, others: 0),
        .init(path: Fixtures.phpunit("missing-tags.xml"), version: "1.2", items: 1, authors: 0,
              categories: 0, tags: 0, others: 0),
        .init(path: Fixtures.phpunit("multiple-cdata.xml"), version: "1.2", items: 1, authors: 0,
              categories: 0, tags: 0, others: 0),
        .init(path: Fixtures.phpunit("namespace-edge-cases.xml"), version: "1.2", items: 6, authors: 2,
              categories: 2, tags: 0, others: 0),
        .init(path: Fixtures.phpunit("post-content-blank-lines.xml"), version: "1.1", items: 1, authors: 1,
              categories: 0, tags: 0, others: 0),
        .init(path: Fixtures.phpunit("slashes.xml"), version: "1.1", items: 1, authors: 1,
              categories: 1, tags: 1, others: 0),
        .init(path: Fixtures.phpunit("small-export.xml"), version: "1.1", items: 11, authors: 3,
              categories: 30, tags: 3, others: 0),
        .init(path: Fixtures.phpunit("term-formats.xml"), version: "1.2", items: 0, authors: 0,
              categories: 2, tags: 3, others: 2),
        .init(path: Fixtures.phpunit("term-meta.xml"), version: "1.2", items: 0, authors: 0,
              categories: 1, tags: 0, others: 0),
        .init(path: Fixtures.phpunit("test-serialized-comment-meta.xml"), version: "1.0", items: 1, authors: 0,
              categories: 0, tags: 0, others: 0),
        .init(path: Fixtures.phpunit("test-serialized-postmeta-no-cdata.xml"), version: "1.0", items: 1,
              authors: 0, categories: 0, tags: 0, others: 0),
        .init(path: Fixtures.phpunit("test-serialized-postmeta-with-cdata.xml"), version: "1.0", items: 1,
              authors: 0, categories: 0, tags: 0, others: 0),
        .init(path: Fixtures.phpunit("test-serialized-term-meta.xml"), version: "1.0", items: 1, authors: 0,
              categories: 1, tags: 1, others: 1),
        .init(path: Fixtures.phpunit("test-utw-post-meta-import.xml"), version: "1.0", items: 1, authors: 0,
              categories: 0, tags: 0, others: 0),
        .init(path: Fixtures.phpunit("theme-unit-test-data.xml"), version: "1.2", items: 186, authors: 2,
              categories: 69, tags: 110, others: 6),
        .init(path: Fixtures.phpunit("valid-wxr-1.0.xml"), version: "1.0", items: 6, authors: 0,
              categories: 5, tags: 4, others: 0),
        .init(path: Fixtures.phpunit("valid-wxr-1.1.xml"), version: "1.1", items: 2, authors: 1,
              categories: 1, tags: 1, others: 1),
        .init(path: Fixtures.phpunit("wxr-flat-attachment-different-site.xml"), version: "1.2", items: 2,
              authors: 1, categories: 0, tags: 0, others: 0),
        .init(path: Fixtures.phpunit("wxr-flat-attachment-same-site.xml"), version: "1.2", items: 2, authors: 1,
              categories: 0, tags: 0, others: 0),
        .init(path: Fixtures.phpunit("wxr-simple.xml"), version: "1.2", items: 1, authors: 1,
              categories: 0, tags: 0, others: 0),
        .init(path: Fixtures.phpunit("wxr-utf-8-challenges.xml"), version: "1.2", items: 1, authors: 1,
              categories: 0, tags: 0, others: 0),
        .init(path: Fixtures.phpunit("wxr-with-sub-data.xml"), version: "1.1", items: 1, authors: 0,
              categories: 0, tags: 0, others: 1),
        .init(path: "wordpress-importer/e2e-fixtures/wxr-base-url-rewriting.xml", version: "1.2", items: 1,
              authors: 1, categories: 0, tags: 0, others: 0),
        .init(path: "wordpress-importer/e2e-fixtures/wxr-comprehensive.xml", version: "1.2", items: 2, authors: 2,
              categories: 2, tags: 2, others: 0),
        .init(path: "wordpress-importer/e2e-fixtures/wxr-css-urls.xml", version: "1.2", items: 1, authors: 1,
              categories: 1, tags: 0, others: 0),
        .init(path: "wordpress-importer/e2e-fixtures/wxr-simple.xml", version: "1.2", items: 1, authors: 1,
              categories: 0, tags: 0, others: 0),
        .init(path: "theme-test-data/themeunittestdata.wordpress.xml", version: "1.2", items: 186, authors: 2,
              categories: 69, tags: 110, others: 6),
        .init(path: "theme-test-data/64-block-test-data.xml", version: "1.2", items: 72, authors: 2,
              categories: 14, tags: 8, others: 2),
        .init(path: "theme-test-data/theme-preview.xml", version: "1.2", items: 7, authors: 0,
              categories: 0, tags: 0, others: 0),
    ]

    @Test(arguments: WXRReaderFixtureTests.validFiles)
    func countsEveryBlockOfAValidFile(_ expected: WXRFileCounts) throws {
        let export = try Export(fixture: expected.path)
        #expect(export.channels.count == 1)
        #expect(export.channelCameFirst)
        #expect(export.channel?.wxrVersion == expected.version)
        #expect(export.items.count == expected.items)
        #expect(export.authors.count == expected.authors)
        #expect(export.categories.count == expected.categories)
        #expect(export.tags.count == expected.tags)
        #expect(export.otherTerms.count == expected.others)
    }

    @Test func everyFixtureIsCovered() throws {
        let errorFiles = Set(Self.errorFiles.map(\.path))
        let validFiles = Set(Self.validFiles.map(\.path))
        var onDisk = Set<String>()
        for folder in ["wordpress-importer/phpunit-data", "wordpress-importer/e2e-fixtures", "theme-test-data"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: Fixtures.url(folder).path)
            where name.hasSuffix(".xml") {
                onDisk.insert("\(folder)/\(name)")
            }
        }
        #expect(errorFiles.isDisjoint(with: validFiles))
        #expect(onDisk == errorFiles.union(validFiles))
    }

    // MARK: Files that must be refused

    struct BrokenFile: Sendable, CustomTestStringConvertible {
        let path: String
        let message: String
        let lines: ClosedRange<Int>

        var testDescription: String { path }
    }

    static let notWXR = "ce fichier n’est pas un export WordPress (WXR) : numéro de version wp:wxr_version absent"
    static let errorFiles: [BrokenFile] = [
        // `<notachanneltag>` closed by `</channel>`, line 90.
        .init(path: Fixtures.phpunit("malformed.xml"), message: "XML mal formé : ", lines: 90...90),
        // Truncated after line 13: libxml2 reports the end of the file.
        .init(path: Fixtures.phpunit("malformed-simple.xml"), message: "XML mal formé : ", lines: 13...14),
        // A raw `]]>` inside the CDATA of content:encoded, line 18.
        .init(path: Fixtures.phpunit("crazy-cdata.xml"), message: "XML mal formé : ", lines: 18...18),
        // No wp:wxr_version: found missing when the first wp:author starts, line 35.
        .init(path: Fixtures.phpunit("missing-version-tag.xml"), message: notWXR, lines: 35...35),
        // wp:wxr_version “abc”: refused when the first wp:author starts, line 36.
        .init(path: Fixtures.phpunit("invalid-version-tag.xml"), message: notWXR, lines: 36...36),
    ]

    @Test(arguments: WXRReaderFixtureTests.errorFiles)
    func refusesABrokenFileWithItsPlace(_ broken: BrokenFile) throws {
        let url = Fixtures.url(broken.path)
        var items = 0
        let failure = try #require(wxrError {
            try WXRReader(url: url).read { event in
                if case .item = event { items += 1 }
            }
        })
        #expect(failure.file == url.path)
        #expect(failure.message.hasPrefix(broken.message))
        #expect(broken.lines.contains(failure.line))
        #expect(failure.column > 0)
        #expect(failure.description.hasPrefix("\(url.path):\(failure.line):\(failure.column): \(broken.message)"))
        #expect(items == 0)
    }

    @Test func namesTheInvalidVersion() throws {
        let error = try #require(wxrError { _ = try Export(fixture: Fixtures.phpunit("invalid-version-tag.xml")) })
        #expect(error.message == Self.notWXR + " ou invalide (« abc »)")
        let missing = try #require(wxrError { _ = try Export(fixture: Fixtures.phpunit("missing-version-tag.xml")) })
        #expect(missing.message == Self.notWXR + " ou invalide")
    }

    // MARK: EXPECTATIONS.json, file by file

    @Test func validWXR10() throws {
        let export = try Export(fixture: Fixtures.phpunit("valid-wxr-1.0.xml"))
        let channel = try #require(export.channel)
        #expect(channel.baseSiteURL == "http://localhost/")
        #expect(channel.title == "Export Dataset")
        #expect(channel.link == "http://localhost/")
        #expect(channel.language == "en")
        #expect(export.categories.first == WXRTerm(
            taxonomy: "category", slug: "alpha", name: "alpha", parentSlug: nil, description: "The alpha category"))
        #expect(export.categories.last?.parentSlug == "parent")
        #expect(export.tags.first == WXRTerm(taxonomy: "post_tag", slug: "chicken", name: "chicken"))
        let items = export.items
        // WXR 1.0 repeats each term without nicename for RSS readers, and says “tag” for post_tag.
        #expect(items[0].terms == [WXRItemTerm(domain: "category", slug: "uncategorized", name: "Uncategorized")])
        #expect(items[2].terms == [
            WXRItemTerm(domain: "category", slug: "alpha", name: "alpha"),
            WXRItemTerm(domain: "tag", slug: "news", name: "news"),
            WXRItemTerm(domain: "tag", slug: "roar", name: "roar"),
        ])
        #expect(items[3].terms == [
            WXRItemTerm(domain: "tag", slug: "chicken", name: "chicken"),
            WXRItemTerm(domain: "category", slug: "child", name: "child"),
            WXRItemTerm(domain: "tag", slug: "face", name: "face"),
        ])
        #expect(items[1].meta == [WXRMeta(key: "_wp_page_template", value: "default")])
        #expect(Set(items.map(\.creator)) == ["admin"])
        #expect(items[4].postParent == 10)
        #expect(items[2].meta.last == WXRMeta(key: "_wp_old_slug", value: ""))
        let comment = try #require(items[0].comments.first)
        #expect(comment.author == "Mr WordPress")
        #expect(comment.authorURL == "http://wordpress.org/")
        #expect(comment.content.contains("view the post&#039;s comments"))
    }

    @Test func validWXR11() throws {
        let export = try Export(fixture: Fixtures.phpunit("valid-wxr-1.1.xml"))
        #expect(export.channel?.baseSiteURL == "http://localhost/")
        #expect(export.authors == [WXRAuthor(
            id: 2, login: "john", email: "johndoe@example.org", displayName: "John Doe", firstName: "John",
            lastName: "Doe")])
        #expect(export.categories == [WXRTerm(
            id: 3, taxonomy: "category", slug: "alpha", name: "alpha", parentSlug: nil,
            description: "The alpha category")])
        #expect(export.tags == [WXRTerm(
            id: 22, taxonomy: "post_tag", slug: "clippable", name: "Clippable", description: "The Clippable post_tag")])
        #expect(export.otherTerms == [WXRTerm(
            id: 40, taxonomy: "post_tax", slug: "bieup", name: "bieup", parentSlug: nil,
            description: "The bieup post_tax")])
        #expect(export.items[0].terms == [
            WXRItemTerm(domain: "category", slug: "alpha", name: "alpha"),
            WXRItemTerm(domain: "post_tag", slug: "clippable", name: "Clippable"),
            WXRItemTerm(domain: "post_tax", slug: "bieup", name: "bieup"),
        ])
        #expect(export.items[1].meta == [WXRMeta(key: "_wp_page_template", value: "default")])
    }

    @Test func wxrSimple() throws {
        let export = try Export(fixture: Fixtures.phpunit("wxr-simple.xml"))
        #expect(export.channel?.baseSiteURL == "https://playground.internal/path")
        #expect(export.channel?.baseBlogURL == "https://playground.internal/path")
        let author = try #require(export.authors.first)
        #expect(author.id == 1)
        #expect(author.login == "admin")
        #expect(author.email == "admin@localhost.com")
        let post = try #require(export.items.first)
        #expect(post.postID == 10)
        #expect(post.title == "\"The Road Not Taken\" by Robert Frost")
        #expect(post.postType == "post")
        #expect(post.postName == "hello-world")
        #expect(post.status == "publish")
    }

    @Test func utf8ChallengesRoundTripByteExact() throws {
        let path = Fixtures.phpunit("wxr-utf-8-challenges.xml")
        let export = try Export(fixture: path)
        let channel = try #require(export.channel)
        #expect(bytes(channel.title) == bytes("My WordPress Website 🚀 \u{202E}\u{202D}مرحبا"))
        #expect(bytes(channel.description) == bytes(
            "Site with \u{A0}\u{200B}\u{2060}\u{FEFF} invisible chars and \u{FFFD} replacement"))

        let author = try #require(export.authors.first)
        #expect(bytes(author.login) == bytes("admin\u{200C}\u{200B}\u{200D}\u{200E}"))
        #expect(bytes(author.email) == bytes("ădmĩn@ℓocalhost.com"))
        #expect(bytes(author.firstName) == bytes("\u{1F170}\u{FE0F}"))
        #expect(bytes(author.lastName) == bytes("&#x1F1FA;&#x1F1F8;𝕌𝕟𝕚𝕔𝕠𝕕𝕖"))

        let post = try #require(export.items.first)
        #expect(bytes(post.title) == bytes(
            "\"The Road \u{202E}Not\u{202C} Taken\" by Rob\u{202D}ert \u{202E}Frost \u{202A}\u{1F332}\u{202C}"))
        #expect(bytes(post.postName) == bytes("hello-w\u{202E}orld\u{202C}-utf8-\u{1F4AB}-test"))
        #expect(bytes(post.creator) == bytes(author.login))
        #expect(bytes(post.guid) == bytes(
            "https://playground.internal/path/🚀/\u{202E}tsop\u{202C}/?p=1&test=💫\u{200C}\u{200B}\u{200D}\u{200E}"))
        #expect(post.content.contains("السلام عليكم وﷲ"))
        #expect(bytes(post.content) == bytes(try raw(path, between: "<content:encoded><![CDATA[", and: "]]>")))
        #expect(bytes(post.excerpt) == bytes(try raw(path, between: "<excerpt:encoded><![CDATA[", and: "]]>")))
        #expect(post.terms.count == 1)
        #expect(bytes(post.terms.first?.slug) == bytes("uncat\u{202E}egorized\u{202C}"))
        #expect(post.meta.count == 5)
        #expect(bytes(post.meta.first?.key) == bytes("_pingme\u{200C}\u{200B}\u{200D}\u{200E}"))
        #expect(bytes(post.meta.first?.value) == bytes("1\u{200B}\u{200D}\u{200C}\u{200E}"))
        // Meta values are never trimmed: this one ends with a space.
        #expect(post.meta.first { $0.key == "_utf8_test" }?.value.hasSuffix("! ") == true)
        // Double-escaped in the file (CDATA around entity text): stays entity text.
        #expect(post.meta.first { $0.key == "_special_chars" }?.value
            == "&#x202E;&#x202D;&#x200B;&#x200C;&#x200D;&#x2060;&#xFEFF;&#xFFFD;")
    }

    @Test func wxrWithSubData() throws {
        let export = try Export(fixture: Fixtures.phpunit("wxr-with-sub-data.xml"))
        #expect(export.authors.isEmpty)
        let post = try #require(export.items.first)
        #expect(post.postID == 101)
        #expect(post.title == "Post with sub data")
        #expect(post.creator == "admin")
        #expect(post.status == "publish")
        #expect(post.postType == "post")
        #expect(post.meta == [WXRMeta(key: "_test_meta_key", value: "test_meta_value")])
        #expect(post.terms == [WXRItemTerm(domain: "category", slug: "test-cat", name: "Test Category")])
        #expect(post.comments == [WXRComment(
            id: 201, author: "Commenter", content: "This is a comment with meta.",
            meta: [WXRMeta(key: "_comment_meta_key", value: "comment_meta_value")])])
        #expect(export.terms == [WXRTerm(
            id: 40, taxonomy: "custom_tax", slug: "custom-term", name: "Custom Term",
            meta: [WXRMeta(key: "term_meta_key", value: "term_meta_value")])])
    }

    @Test func crazyCDATAEscapedIsRejoined() throws {
        let post = try #require(try Export(fixture: Fixtures.phpunit("crazy-cdata-escaped.xml")).items.first)
        #expect(post.content == "Content with nested <![CDATA[ tags ]]> :)")
        #expect(post.meta == [
            WXRMeta(key: "Plain string", value: "Foo"),
            WXRMeta(key: "Closing CDATA", value: "]]>"),
            WXRMeta(
                key: "Alot of CDATA",
                value: "This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>"),
        ])
        #expect(post.isPermaLink == false)
        #expect(post.excerpt == "")
    }

    @Test func contentIsKeptExactly() throws {
        let multiple = try #require(try Export(fixture: Fixtures.phpunit("multiple-cdata.xml")).items.first)
        #expect(multiple.content.trimmingCharacters(in: .whitespacesAndNewlines) == "line oneline twoline three")
        #expect(multiple.content == "\nline oneline twoline three\n")

        let edge = try #require(try Export(fixture: Fixtures.phpunit("cdata-edge.xml")).items.first)
        #expect(edge.content == "ends with sequence ]] >")

        let blankLines = try #require(try Export(fixture: Fixtures.phpunit("post-content-blank-lines.xml")).items.first)
        #expect(blankLines.content.filter { $0 == "\n" }.count == 3)
        #expect(blankLines.content.contains("\n\t\tIt has lines"))

        let blank = try #require(try Export(fixture: Fixtures.phpunit("blank-lines.xml")).items.first)
        #expect(blank.content == "first paragraph\n\nsecond paragraph")

        let backslashes = try #require(try Export(fixture: Fixtures.phpunit("backslashes.xml")).items.first)
        #expect(backslashes.content == #"C:\xampp\htdocs\wp-content"#)
    }

    @Test func slashesAreNotStripped() throws {
        let export = try Export(fixture: Fixtures.phpunit("slashes.xml"))
        let post = try #require(export.items.first)
        #expect(post.content == #"Slashes aren\'t \"cool\""#)
        #expect(post.comments.first?.content == #"\o/ ¯\_(ツ)_/¯"#)
        #expect(post.terms == [WXRItemTerm(domain: "category", slug: "alpha", name: #"a \"great\" category"#)])
        #expect(export.categories.first?.name == #"a \"great\" category"#)
        #expect(export.tags.first?.name == #"foo\'bar"#)
    }

    @Test func serializedMetaKeepsItsByteLengths() throws {
        let chunked = try #require(try Export(fixture: Fixtures.phpunit("chunked-meta.xml")).items.first)
        #expect(chunked.meta == [WXRMeta(key: "_my_meta", value: #"a:1:{s:3:"foo";s:3:"bar";}"#)])

        let postOptions = #"a:2:{s:18:"special_post_title";s:15:"A special title";s:11:"is_calendar";s:0:"";}"#
        let noCDATA = try #require(
            try Export(fixture: Fixtures.phpunit("test-serialized-postmeta-no-cdata.xml")).items.first)
        #expect(noCDATA.meta == [WXRMeta(key: "post-options", value: postOptions)])

        let withCDATA = try #require(
            try Export(fixture: Fixtures.phpunit("test-serialized-postmeta-with-cdata.xml")).items.first)
        #expect(withCDATA.meta == [
            WXRMeta(key: "post-options", value: postOptions),
            WXRMeta(key: "contains-html", value: "<pre>some html</pre>"),
            WXRMeta(key: "evil", value: "<wp:meta_value>evil</wp:meta_value>"),
            WXRMeta(key: "string", value: #"¯\_(ツ)_/¯"#),
            WXRMeta(key: "array", value: #"a:1:{s:3:"key";s:13:"¯\_(ツ)_/¯";}"#),
            WXRMeta(
                key: "array-nested",
                value: #"a:1:{s:3:"key";a:2:{s:3:"foo";s:13:"¯\_(ツ)_/¯";s:3:"bar";s:3:"\o/";}}"#),
            WXRMeta(key: "integer", value: "1"),
        ])

        let utw = try #require(try Export(fixture: Fixtures.phpunit("test-utw-post-meta-import.xml")).items.first)
        #expect(utw.meta.count == 1)
        #expect(utw.meta.first?.value.hasPrefix(#"a:13:{i:0;O:8:"stdClass":1:{s:3:"tag";s:5:"album";}"#) == true)

        let serialized = [chunked, noCDATA, withCDATA, utw].flatMap(\.meta).filter { $0.value.hasPrefix("a:") }
        #expect(serialized.count == 6)
        for meta in serialized {
            #expect(phpLengthsHold(meta.value), "\(meta.key)")
        }
    }

    @Test func authorFieldsAreTrimmed() throws {
        let export = try Export(fixture: Fixtures.phpunit("authors-multiline.xml"))
        #expect(export.authors.map(\.login).sorted() == ["alice", "bob", "carol"])
        #expect(export.authors.map(\.id) == [1, 2, 3])
        // The `<wp:author>` inside the item is not an author block.
        #expect(export.authors.count == 3)
        #expect(export.items.first?.content == "content")
    }

    @Test func missingTagsLeaveDefaults() throws {
        let post = try #require(try Export(fixture: Fixtures.phpunit("missing-tags.xml")).items.first)
        #expect(post == WXRItem(
            title: "No Author Post", content: "text", postID: 1, status: "publish", postType: "post"))
    }

    @Test func termMeta() throws {
        let export = try Export(fixture: Fixtures.phpunit("term-meta.xml"))
        #expect(export.terms == [WXRTerm(
            id: 100, taxonomy: "category", slug: "news", name: "News", parentSlug: nil,
            meta: [WXRMeta(key: "legacy_id", value: "42")])])
    }

    @Test func termFormats() throws {
        let export = try Export(fixture: Fixtures.phpunit("term-formats.xml"))
        #expect(export.channel?.baseSiteURL == "http://localhost/")
        #expect(export.terms.map(\.id) == [1, 2, 3, 4, 5, 6, 7])
        #expect(export.categories.map(\.slug) == ["category-name", "cat-2"])
        #expect(export.categories.map(\.parentSlug) == [nil, nil])
        #expect(export.tags.map(\.slug) == ["a-tag", "a-color", "another-tag"])
        #expect(export.tags.map(\.name) == ["A Tag!", "A Random Color", "Another Tag"])
        #expect(export.otherTerms == [
            WXRTerm(id: 6, taxonomy: "custom-taxonomy", slug: "custom-taxonomy-item", name: "Custom Taxonomy Item"),
            WXRTerm(id: 7, taxonomy: "nav_menu", slug: "menu", name: "Menu"),
        ])
    }

    @Test func serializedTermAndCommentMeta() throws {
        let terms = try Export(fixture: Fixtures.phpunit("test-serialized-term-meta.xml")).terms
        #expect(terms.map(\.taxonomy) == ["category", "post_tag", "custom_taxonomy"])
        #expect(terms.map(\.parentSlug) == [nil, nil, nil])
        #expect(terms[1].description == #"¯\_(ツ)_/¯"#)
        for term in terms {
            #expect(term.meta == [
                WXRMeta(key: "string", value: #"¯\_(ツ)_/¯"#),
                WXRMeta(key: "array", value: #"a:1:{s:3:"key";s:13:"¯\_(ツ)_/¯";}"#),
            ])
            #expect(term.meta.allSatisfy { !$0.value.hasPrefix("a:") || phpLengthsHold($0.value) })
        }

        let export = try Export(fixture: Fixtures.phpunit("test-serialized-comment-meta.xml"))
        #expect(export.items.count == 1)
        let comment = try #require(export.items.first?.comments.first)
        #expect(comment.meta.count == 2)
        #expect(comment.meta.last == WXRMeta(key: "array", value: #"a:1:{s:3:"key";s:13:"¯\_(ツ)_/¯";}"#))
        #expect(comment.authorEmail == "wapuu@wordpress.example")
        #expect(comment.date == "2020-01-05 12:50:15")
        #expect(comment.content.hasSuffix("come from <a href=\"https://gravatar.com\">Gravatar</a>."))
    }

    @Test func largeAuthors() throws {
        let authors = try Export(fixture: Fixtures.phpunit("large-authors.xml")).authors
        #expect(authors.count == 300)
        #expect(Set(authors.map(\.login)).count == 300)
    }

    @Test func onlyTheWordPressNamespaceCounts() throws {
        let export = try Export(fixture: Fixtures.phpunit("namespace-edge-cases.xml"))
        // The author under a rebound prefix and the one in a custom namespace are ignored; 1.1 is still WXR.
        #expect(export.authors.map(\.login) == ["real_user", "version_conflict"])
        let real = try #require(export.authors.first)
        #expect(real.id == 2)
        #expect(real.email == "real@example.com")
        #expect(export.items.map(\.title) == [
            "Mixed Namespaces", "No Prefix", "Empty Namespace", "Unicode Namespace", "Hijacked Namespace",
            "Namespace Bomb",
        ])
        // `alt:post_id` is bound to the WXR URI and comes last; “Hijacked” has no post_id in the WXR namespace.
        #expect(export.items.map(\.postID) == [999, 2, 3, 4, 0, 6])
        #expect(export.items[0].meta == [WXRMeta(key: "normal_key", value: "normal_value")])
        let hijacked = export.items[4]
        #expect(hijacked.meta.isEmpty)
        #expect(hijacked.postType == "")
        #expect(hijacked.status == "")
        #expect(hijacked.content == "This attempts to hijack the wp namespace")
        #expect(export.items[5].content == "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;")
        #expect(export.terms.map(\.id) == [100, 102])
        #expect(export.terms.map(\.name) == ["Old Version", "New Version"])
        #expect(export.terms.map(\.taxonomy) == ["category", "category"])
    }

    @Test func smallExport() throws {
        let export = try Export(fixture: Fixtures.phpunit("small-export.xml"))
        #expect(export.authors.map(\.login) == ["admin", "editor", "author"])
        #expect(export.authors.map(\.email) == ["local@host.null", "editor@example.org", "author@example.org"])
        #expect(export.authors[1].firstName == "FirstName")
        #expect(export.authors[1].lastName == "LastName")
        #expect(export.categories.count == 30)
        #expect(export.tags.count == 3)
        #expect(export.categories.first { $0.slug == "foo" }?.parentSlug == nil)
        #expect(export.categories.first { $0.slug == "foo-bar" }?.parentSlug == "bar")
        #expect(export.categories.first { $0.slug == "eternity" }?.name == "远征手记")
        #expect(export.itemKinds == ["post/publish": 5, "post/private": 1, "page/publish": 4, "page/draft": 1])
        #expect(export.comments.count == 1)
        #expect(export.items.count == 11)
    }

    @Test func themeUnitTestData() throws {
        for path in [Fixtures.phpunit("theme-unit-test-data.xml"), "theme-test-data/themeunittestdata.wordpress.xml"] {
            let export = try Export(fixture: path)
            // WordPress.com writes the WXR namespace with https://.
            #expect(export.channel?.baseBlogURL == "https://wpthemetestdata.wordpress.com")
            #expect(export.items.count == 186)
            #expect(export.authors.map(\.login) == ["themedemos", "themereviewteam"])
            #expect(export.itemKinds == [
                "attachment/inherit": 37, "nav_menu_item/publish": 70, "page/publish": 21, "post/draft": 1,
                "post/future": 1, "post/publish": 56,
            ])
            #expect(export.items.filter(\.isSticky).count == 1)
            #expect(export.items.filter { !$0.postPassword.isEmpty }.count == 1)
            #expect(export.items.filter { $0.attachmentURL != nil }.count == 37)
            #expect(export.items.flatMap(\.meta).count == 737)
            #expect(export.items.flatMap(\.terms).count == 446)
            #expect(export.comments.count == 33)
            #expect(export.comments.filter { $0.parentID != 0 }.count == 10)
            #expect(export.comments.filter { $0.type == "pingback" }.count == 2)
            #expect(export.comments.filter { $0.type == "trackback" }.count == 2)
        }
    }

    @Test func a11yUnitTestData() throws {
        let export = try Export(fixture: Fixtures.phpunit("a11y-unit-test-data.xml"))
        #expect(export.items.count == 154)
        // Written `<wp:wp_author>` by WordPress.com.
        #expect(export.authors.map(\.login) == ["a11yteam"])
        #expect(export.authors.first?.displayName == "Accessibility Tester")
        #expect(export.items.flatMap(\.meta).count == 763)
        #expect(export.items.flatMap(\.terms).count == 298)
        #expect(export.comments.count == 29)
        #expect(export.comments.filter { $0.parentID != 0 }.count == 9)
    }

    @Test func blockTestData() throws {
        let export = try Export(fixture: "theme-test-data/64-block-test-data.xml")
        #expect(export.items.count == 72)
        #expect(export.itemKinds == [
            "attachment/inherit": 9, "page/publish": 1, "post/publish": 61, "wp_navigation/publish": 1,
        ])
        #expect(export.items.filter { $0.content.contains("<!-- wp:") }.count > 50)
        #expect(export.comments.count == 2)
        #expect(export.items.flatMap(\.terms).count == 92)
    }

    @Test func flatAttachments() throws {
        for (name, base) in [
            ("wxr-flat-attachment-same-site.xml", "https://wpthemetestdata.files.wordpress.com"),
            ("wxr-flat-attachment-different-site.xml", "https://wp.org"),
        ] {
            let export = try Export(fixture: Fixtures.phpunit(name))
            #expect(export.channel?.baseSiteURL == base)
            let attachment = try #require(export.items.first)
            #expect(attachment.postType == "attachment")
            #expect(attachment.status == "inherit")
            #expect(attachment.attachmentURL == "https://wpthemetestdata.files.wordpress.com/2008/06/canola2.jpg")
            #expect(export.items.last?.attachmentURL == nil)
        }
    }

    @Test func comprehensiveItemHasEveryField() throws {
        let export = try Export(fixture: "wordpress-importer/e2e-fixtures/wxr-comprehensive.xml")
        #expect(export.channel == WXRChannel(
            title: "Comprehensive WXR Fixture", link: "https://playground.internal/site", description: "",
            language: "en-US", wxrVersion: "1.2", baseSiteURL: "https://playground.internal/site",
            baseBlogURL: "https://playground.internal/site"))
        #expect(export.authors.first == WXRAuthor(
            id: 10, login: "alice", email: "alice@example.com", displayName: "Alice", firstName: "Alice",
            lastName: "Doe"))
        #expect(export.categories.last == WXRTerm(
            id: 101, taxonomy: "category", slug: "updates", name: "Updates", parentSlug: "news",
            description: "Updates category"))
        #expect(export.items.first == WXRItem(
            title: "Comprehensive Post", link: "https://playground.internal/site/?p=1000",
            pubDate: "Wed, 05 Jun 2024 16:04:48 +0000", creator: "alice",
            guid: "https://playground.internal/site/?p=1000", isPermaLink: false, description: "",
            content: """
                <!-- wp:paragraph -->
                <p>This is a comprehensive post body used to validate the importer.</p>
                <!-- /wp:paragraph -->

                <!-- wp:paragraph -->
                <p>Includes categories, tags and a comment.</p>
                <!-- /wp:paragraph -->
                """,
            excerpt: "An excerpt for comprehensive post", postID: 1000, postDate: "2024-06-05 16:04:48",
            postDateGMT: "2024-06-05 16:04:48", commentStatus: "open", pingStatus: "open",
            postName: "comprehensive-post", status: "publish", postParent: 0, menuOrder: 0, postType: "post",
            postPassword: "", isSticky: false,
            terms: [
                WXRItemTerm(domain: "category", slug: "news", name: "News"),
                WXRItemTerm(domain: "category", slug: "updates", name: "Updates"),
                WXRItemTerm(domain: "post_tag", slug: "t1", name: "T1"),
                WXRItemTerm(domain: "post_tag", slug: "t2", name: "T2"),
            ],
            meta: [WXRMeta(key: "custom_key", value: "custom_value")],
            comments: [WXRComment(
                id: 5000, author: "Commenter", authorEmail: "commenter@example.com", authorURL: "",
                authorIP: "127.0.0.1", date: "2024-06-06 10:00:00", dateGMT: "2024-06-06 10:00:00",
                content: "Great post!", approved: "1", type: "", parentID: 0, userID: 0,
                meta: [WXRMeta(key: "rating", value: "5"), WXRMeta(key: "note", value: "vip")])]))
        #expect(export.items.last?.commentStatus == "closed")
        #expect(export.items.last?.creator == "bob")
    }
}

/// Behaviour that needs no fixture: small WXR files written to a temporary directory.
@Suite struct WXRReaderTests {
    static let header = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
          xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
        """

    /// Writes `xml` to a temporary file, runs `body` on it and deletes it.
    func withFile<T>(_ xml: String, _ body: (URL) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wxr-\(UUID().uuidString).xml")
        try Data(xml.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url)
    }

    func item(_ id: Int) -> String {
        "<item><title>Post \(id)</title><wp:post_id>\(id)</wp:post_id><wp:post_type>post</wp:post_type></item>"
    }

    struct Stop: Error, Equatable {
        let at: Int
    }

    @Test func errorsFromTheHandlerStopParsingAndComeBackUnchanged() throws {
        let xml = Self.header + "<channel><wp:wxr_version>1.2</wp:wxr_version>"
            + (1...5).map(item).joined() + "</channel></rss>"
        var seen: [Int] = []
        #expect(throws: Stop(at: 2)) {
            try withFile(xml) { url in
                try WXRReader(url: url).read { event in
                    guard case .item(let item) = event else { return }
                    seen.append(item.postID)
                    if item.postID == 2 { throw Stop(at: 2) }
                }
            }
        }
        #expect(seen == [1, 2])
    }

    @Test func theChannelComesFirstAndOnce() throws {
        let xml = Self.header + """
            <channel>
              <title> Mon blog </title><link> https://example.org/ </link><language>fr-FR</language>
              <wp:wxr_version> 1.1 </wp:wxr_version>
              \(item(1))
              <wp:author><wp:author_login>awa</wp:author_login></wp:author>
              <title>ignored: after the header</title>
              \(item(2))
            </channel></rss>
            """
        var events: [WXREvent] = []
        try withFile(xml) { try WXRReader(url: $0).read { events.append($0) } }
        #expect(events == [
            .channel(WXRChannel(
                title: " Mon blog ", link: "https://example.org/", language: "fr-FR", wxrVersion: "1.1")),
            .item(WXRItem(title: "Post 1", postID: 1, postType: "post")),
            .author(WXRAuthor(login: "awa")),
            .item(WXRItem(title: "Post 2", postID: 2, postType: "post")),
        ])
    }

    @Test func anEmptyChannelIsCheckedWhenItEnds() throws {
        let valid = Self.header + "<channel><title>Vide</title><wp:wxr_version>1.0</wp:wxr_version></channel></rss>"
        var events: [WXREvent] = []
        try withFile(valid) { try WXRReader(url: $0).read { events.append($0) } }
        #expect(events == [.channel(WXRChannel(title: "Vide", wxrVersion: "1.0"))])

        let invalid = Self.header + "\n\n<channel>\n<wp:wxr_version>1.3</wp:wxr_version></channel></rss>"
        let error = try #require(try withFile(invalid) { url in wxrError { try WXRReader(url: url).read { _ in } } })
        // Named at the `<channel>` start tag, line 5.
        #expect(error.line == 5)
        #expect(error.message.hasSuffix("absent ou invalide (« 1.3 »)"))
    }

    @Test func refusesWhatIsNotAnRSSChannel() throws {
        let atom = #"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>"#
        let error = try #require(try withFile(atom) { url in
            wxrError { try WXRReader(url: url).read { _ in Issue.record("no event expected") } }
        })
        #expect(error.line == 1)
        #expect(error.message == "ce fichier n’est pas un export WordPress (WXR) : élément <rss><channel> absent")
    }

    @Test func refusesWhatCannotBeRead() throws {
        for url in [URL(fileURLWithPath: "/nonexistent/export.xml"), FileManager.default.temporaryDirectory] {
            #expect(throws: WXRError(file: url.path, line: 0, column: 0, message: "fichier introuvable ou illisible")) {
                try WXRReader(url: url).read { _ in }
            }
        }
        for content in ["", "\u{1F}\u{8B}\u{8}\u{0}binary"] {
            let error = try #require(
                try withFile(content) { url in wxrError { try WXRReader(url: url).read { _ in } } })
            #expect(error.line == 1)
            #expect(error.message == "XML mal formé : aucun élément XML (fichier vide, binaire ou compressé ?)")
        }
    }

    @Test func refusesAnUndeclaredEntity() throws {
        let xml = Self.header + "<channel><wp:wxr_version>1.2</wp:wxr_version>\n<item><title>a&nbsp;b</title></item>"
            + "</channel></rss>"
        let error = try #require(try withFile(xml) { url in wxrError { try WXRReader(url: url).read { _ in } } })
        #expect(error.line == 4)
        #expect(error.message.hasPrefix("XML mal formé : entité non déclarée"))
    }

    @Test func decodesEntitiesOnceAndTrimsOnlyIdentifiers() throws {
        let xml = Self.header + """
            <channel><wp:wxr_version>1.2</wp:wxr_version>
            <item>
              <title>  R&amp;D &lt;b&gt;  </title>
              <description> d </description>
              <wp:post_id>
                42
              </wp:post_id>
              <wp:post_name> r-d </wp:post_name>
              <wp:post_password> secret </wp:post_password>
              <wp:is_sticky> 1 </wp:is_sticky>
              <wp:menu_order>-3</wp:menu_order>
              <category domain=" post_tag " nicename=" r-d "> R&amp;D </category>
              <content:encoded>  &amp;lt;p&amp;gt; <![CDATA[ <p>x</p> ]]> &#xE9;
            </content:encoded>
              <wp:postmeta><wp:meta_key> k </wp:meta_key><wp:meta_value> a&amp;b </wp:meta_value></wp:postmeta>
            </item></channel></rss>
            """
        var items: [WXRItem] = []
        try withFile(xml) { url in
            try WXRReader(url: url).read { if case .item(let item) = $0 { items.append(item) } }
        }
        let item = try #require(items.first)
        #expect(item.title == "  R&D <b>  ")
        #expect(item.description == " d ")
        #expect(item.postID == 42)
        #expect(item.postName == "r-d")
        #expect(item.postPassword == " secret ")
        #expect(item.isSticky)
        #expect(item.menuOrder == -3)
        #expect(item.terms == [WXRItemTerm(domain: "post_tag", slug: "r-d", name: "R&D")])
        #expect(item.content == "  &lt;p&gt;  <p>x</p>  é\n")
        #expect(item.meta == [WXRMeta(key: " k ", value: " a&b ")])
    }
}
