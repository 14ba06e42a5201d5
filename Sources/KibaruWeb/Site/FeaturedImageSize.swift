import KibaruCore

extension ContentStore {
    /// The size of an article's featured image when it is in the media library, for its `width` and `height` (the
    /// body's images have theirs from when the article was saved).
    func featuredImageSize(of article: Article) async throws -> ImageSize? {
        guard let url = article.featuredFigure?.image, url.hasPrefix("/media/") else { return nil }
        let siteID = article.siteID
        let path = String(url.dropFirst("/media/".count))
        return try await read { tx in try await tx.mediaItem(siteID: siteID, path: path) }
            .map { ImageSize(width: $0.width, height: $0.height) }
    }
}
