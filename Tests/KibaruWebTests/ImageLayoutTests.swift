import Foundation
import Hummingbird
import HummingbirdTesting
import KibaruCore
import KibaruMarkdown
import KibaruServices
import KibaruTesting
import Testing

/// An article's images keep the page still while they load (`width` and `height` of the media library's images),
/// and the page's lead image loads at once: the featured figure, else the body's first image; the others lazily.
@Suite struct ImageLayoutTests {
    static let body = """
        Premier paragraphe.

        ::: figure
        image: /media/uploads/2024/03/marche.png
        alt: Le marché
        caption: Le marché du samedi
        :::

        Deuxième paragraphe.

        ::: figure
        image: https://example.org/pirogue.jpg
        alt: Une pirogue
        :::
        """

    @Test func theRendererSizesImagesAndLoadsTheLeadFirst() throws {
        let blocks = try ArticleSource.parse(Self.body)
        let sizes = ["/media/uploads/2024/03/marche.png": ImageSize(width: 1600, height: 900)]
        let led = ArticleRenderer().render(blocks, language: "fr", imageSizes: sizes, leadImage: true) { _ in nil }.html
        #expect(led.contains(#"<img src="/media/uploads/2024/03/marche.png" alt="Le marché" width="1600" height="900">"#), "\(led)")
        #expect(led.contains(#"<img src="https://example.org/pirogue.jpg" alt="Une pirogue" loading="lazy" decoding="async">"#))
        let behindAFeaturedFigure = ArticleRenderer().render(blocks, language: "fr", imageSizes: sizes) { _ in nil }.html
        #expect(behindAFeaturedFigure.contains(#"width="1600" height="900" loading="lazy""#))
        #expect(behindAFeaturedFigure.components(separatedBy: #"loading="lazy""#).count == 3)
    }

    static func addMediaItem(
        _ network: TestNetwork, path: String = "uploads/2024/03/marche.png", width: Int = 1600, height: Int = 900
    ) async throws {
        let siteID = network.site.id
        try await network.store.write { tx in
            _ = try await tx.insertMedia(NewMediaItem(
                siteID: siteID, path: path, mediaType: "image/png", width: width, height: height,
                byteCount: 1_000, alt: "Le marché", caption: "", credit: Credit(), uploadedBy: "test",
                createdAt: TestNetwork.now))
        }
    }

    /// Saved through the service, an article finds its images' sizes in the media library.
    @Test func aSavedArticleHasTheSizesOfItsMediaImages() async throws {
        let network = try await TestNetwork.make()
        try await Self.addMediaItem(network)
        let article = try await network.publish("Le marché", body: Self.body)
        #expect(article.bodyHTML.contains(#"width="1600" height="900">"#), "\(article.bodyHTML)")
        #expect(!article.bodyHTML.contains(#"pirogue.jpg" alt="Une pirogue" width"#), "an image from elsewhere has no known size")
    }

    /// A featured figure leads the page, with its size: the body's images then all load lazily.
    @Test func theFeaturedFigureLeadsThePageWithItsSize() async throws {
        let network = try await TestNetwork.make()
        try await Self.addMediaItem(network)
        var draft = ArticleDraft(
            siteSlug: network.site.slug, title: "Au marché", bodyMarkdown: Self.body, authorNames: ["Awa Diarra"],
            state: .published, publishedAt: TestNetwork.now)
        draft.featuredFigure = Figure(image: "/media/uploads/2024/03/marche.png", alt: "Les étals", caption: "Les étals")
        let article = try await network.articles.save(draft)
        try await network.application().test(.router) { client in
            let path = Permalink.article(
                site: network.site.slug, slug: article.slug, publishedAt: TestNetwork.now, timeZone: network.site.zone)
            let (status, _, html) = try await client.getPage(path, as: nil)
            #expect(status == .ok)
            #expect(html.contains(#"<img src="/media/uploads/2024/03/marche.png" alt="Les étals" width="1600" height="900">"#), "\(html)")
            #expect(html.contains(#"alt="Le marché" width="1600" height="900" loading="lazy""#))
        }
    }

    /// An image an import copied without reading its size (0 × 0) gets no size, rather than a size that hides it;
    /// a name with accents is found however its address is written.
    @Test func unknownSizesAreLeftOutAndEncodedNamesFound() async throws {
        let network = try await TestNetwork.make()
        try await Self.addMediaItem(network, path: "wp/mali-actu/2019/05/pirogue.jpg", width: 0, height: 0)
        try await Self.addMediaItem(network, path: "uploads/2024/03/marché.png", width: 800, height: 600)
        let article = try await network.publish("Deux images", body: """
            Texte.

            ::: figure
            image: /media/wp/mali-actu/2019/05/pirogue.jpg
            alt: Une pirogue
            :::

            ::: figure
            image: /media/uploads/2024/03/march%C3%A9.png
            alt: Le marché
            :::
            """)
        #expect(!article.bodyHTML.contains(#"width="0""#), "\(article.bodyHTML)")
        #expect(article.bodyHTML.contains(#"<img src="/media/wp/mali-actu/2019/05/pirogue.jpg" alt="Une pirogue">"#))
        #expect(article.bodyHTML.contains(#"alt="Le marché" width="800" height="600" loading="lazy""#), "\(article.bodyHTML)")
    }
}
