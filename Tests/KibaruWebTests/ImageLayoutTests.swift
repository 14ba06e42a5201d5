import Foundation
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

    /// Saved through the service, an article finds its images' sizes in the media library.
    @Test func aSavedArticleHasTheSizesOfItsMediaImages() async throws {
        let network = try await TestNetwork.make()
        let siteID = network.site.id
        try await network.store.write { tx in
            _ = try await tx.insertMedia(NewMediaItem(
                siteID: siteID, path: "uploads/2024/03/marche.png", mediaType: "image/png", width: 1600, height: 900,
                byteCount: 1_000, alt: "Le marché", caption: "", credit: Credit(), uploadedBy: "test",
                createdAt: TestNetwork.now))
        }
        let article = try await network.publish("Le marché", body: Self.body)
        #expect(article.bodyHTML.contains(#"width="1600" height="900">"#), "\(article.bodyHTML)")
        #expect(!article.bodyHTML.contains(#"pirogue.jpg" alt="Une pirogue" width"#), "an image from elsewhere has no known size")
    }
}
