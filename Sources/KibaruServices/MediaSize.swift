import Foundation
import KibaruCore

extension ArticleRepository {
    /// The size of the image of `siteID`'s media library at `url` (`/media/…`, percent-encoded or not), when it
    /// is known: files copied by an import, whose size is not read, have none (0 × 0).
    public func mediaSize(url: String, siteID: Site.ID) async throws -> ImageSize? {
        guard url.hasPrefix("/media/") else { return nil }
        let encoded = String(url.dropFirst("/media/".count))
        guard let item = try await mediaItem(siteID: siteID, path: encoded.removingPercentEncoding ?? encoded),
            item.width > 0, item.height > 0
        else { return nil }
        return ImageSize(width: item.width, height: item.height)
    }
}
