import KibaruCompression
import NIOCore
import Testing

@Suite struct ContentCodingTests {
    @Test(arguments: [
        (nil, ContentCoding.identity),
        ("", .identity),
        ("identity", .identity),
        ("gzip", .gzip),
        ("x-gzip", .gzip),
        ("gzip, deflate, br, zstd", .brotli),  // what Chromium sends
        ("br, gzip;q=0.8", .brotli),
        ("br;q=0.5, gzip", .gzip),
        ("gzip;q=0, br", .brotli),
        ("gzip;q=0, br;q=0", .identity),
        ("*", .brotli),
        ("*;q=0.5, gzip", .gzip),
        ("br;q=0, *", .gzip),
        ("GZIP ; Q=1", .gzip),
        ("deflate", .identity),
        ("br;q=bogus, gzip", .gzip),
    ] as [(String?, ContentCoding)])
    func theCodingFollowsTheRequestsPreferences(acceptEncoding: String?, expected: ContentCoding) {
        #expect(ContentCoding.preferred(by: acceptEncoding) == expected)
    }

    static let page = ByteBuffer(string: String(
        repeating: "<p>Les pluies de juillet ont gonflé le Niger à Bamako ; « c’est une année rare », dit-on.</p>\n",
        count: 300))

    @Test func brotliComesBackWhole() throws {
        let compressed = try #require(Brotli.compress(Self.page))
        #expect(compressed.readableBytes * 20 < Self.page.readableBytes)
        #expect(Brotli.decompress(compressed) == Self.page)
        #expect(Brotli.compress(ByteBuffer()).flatMap { Brotli.decompress($0) } == ByteBuffer())
    }

    @Test func brotliIsSmallerThanGzipForAPage() throws {
        let text = ByteBuffer(string: (0..<400).map { "<li><a href=\"/blog/article-\($0)/\">Article \($0) du réseau</a></li>" }
            .joined(separator: "\n"))
        let brotli = try #require(Brotli.compress(text)), gzip = try #require(Gzip.compress(text))
        #expect(brotli.readableBytes < gzip.readableBytes)
    }

    @Test func brokenOrTruncatedStreamsAreRefused() throws {
        let compressed = try #require(Brotli.compress(Self.page))
        #expect(Brotli.decompress(compressed.getSlice(at: 0, length: compressed.readableBytes / 2)!) == nil)
        #expect(Brotli.decompress(ByteBuffer(string: "pas du brotli du tout")) == nil)
        #expect(Brotli.decompress(compressed, limit: 1_000) == nil, "more than the limit")
    }
}
