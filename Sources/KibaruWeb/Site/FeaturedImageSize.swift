import KibaruCore
import KibaruServices

extension ContentStore {
    /// The size of an article's featured image when it is in the media library with a known size, for its `width`
    /// and `height` (the body's images have theirs from when the article was saved).
    func featuredImageSize(of article: Article) async throws -> ImageSize? {
        guard let url = article.featuredFigure?.image, url.hasPrefix("/media/") else { return nil }
        let siteID = article.siteID
        return try await read { tx in try await tx.mediaSize(url: url, siteID: siteID) }
    }
}
