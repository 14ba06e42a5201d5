@testable import KibaruApp
@testable import KibaruTheme
import NIOCore
import Testing

/// The byte scans that replaced Foundation's string search in feeds and static builds.
@Suite struct LinkRewritingTests {
    @Test func rootRelativeLinksBecomeAbsoluteAndNothingElseChanges() {
        let html = #"<p><a href="/mali-actu/">Mali</a> « été » <img src="/media/a.jpg" alt="src=&quot;/x"> "#
            + #"<a href="https://ailleurs.test/">x</a> <a href="relative/">y</a> href="/"</p>"#
        #expect(ViewBuilder.absoluteLinks(html, baseURL: "https://kibaru.test") == #"<p><a href="https://kibaru.test/mali-actu/">Mali</a> « été » <img src="https://kibaru.test/media/a.jpg" alt="src=&quot;/x"> "#
            + #"<a href="https://ailleurs.test/">x</a> <a href="relative/">y</a> href="https://kibaru.test/"</p>"#)
        #expect(ViewBuilder.absoluteLinks("", baseURL: "https://kibaru.test") == "")
        #expect(ViewBuilder.absoluteLinks("src=\"", baseURL: "https://kibaru.test") == "src=\"", "cut short")
    }

    @Test func theStaticBuildFollowsTheLinksAndSitemapEntriesOfAPage() {
        let page = ByteBuffer(string: #"""
            <a href="/mali-actu/">a</a><a href="feed/">b</a><a href="/x/?page=2">query</a><a href="#top">fragment</a>
            <a href="https://ailleurs.test/">c</a><a href="/admin/">admin</a><a href="/media/a.jpg">media</a>
            <a href="/mali-actu/recherche/">search</a><a href="/a/../b/">dots</a><a href="">empty</a><a href="/unclosed
            <loc>https://kibaru.test/mali-actu/a-propos/</loc><loc>https://ailleurs.test/x/</loc><loc>broken</lo>
            <a href="/mali-actu/?x=&amp;y">amp</a><a href="/dakar/">other site</a>
            """#)
        #expect(StaticSiteBuilder.links(in: page, from: "/mali-actu/2024/article/", below: "/", baseURL: "https://kibaru.test")
            == ["/mali-actu/", "/mali-actu/2024/article/feed/", "/dakar/", "/mali-actu/a-propos/"])
        #expect(StaticSiteBuilder.links(in: page, from: "/mali-actu/", below: "/mali-actu/", baseURL: "https://kibaru.test")
            == ["/mali-actu/", "/mali-actu/feed/", "/mali-actu/a-propos/"])
    }
}
