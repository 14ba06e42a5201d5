import Foundation

/// The fields of a ``MediaItem``: a new one, before the store gives it an id.
public struct NewMediaItem: Equatable, Sendable {
    /// The site it was uploaded for.
    public var siteID: Site.ID
    /// The path under `media/` (`uploads/2026/11/k3j….jpg`); the public URL is `/media/` + path.
    public var path: String
    /// `image/jpeg`, `image/png`, `image/gif` or `image/webp`.
    public var mediaType: String
    public var width: Int
    public var height: Int
    public var byteCount: Int
    public var alt: String
    public var caption: String
    public var credit: Credit
    public var uploadedBy: String
    public var createdAt: Date

    public init(
        siteID: Site.ID, path: String, mediaType: String, width: Int, height: Int, byteCount: Int,
        alt: String, caption: String, credit: Credit, uploadedBy: String, createdAt: Date
    ) {
        self.siteID = siteID
        self.path = path
        self.mediaType = mediaType
        self.width = width
        self.height = height
        self.byteCount = byteCount
        self.alt = alt
        self.caption = caption
        self.credit = credit
        self.uploadedBy = uploadedBy
        self.createdAt = createdAt
    }

    /// The image's public URL.
    public var url: String { "/media/\(path)" }

    /// The figure that shows this image with its caption and credit.
    public var figure: Figure { Figure(image: url, alt: alt, caption: caption, credit: credit) }
}

/// An image of the media library, stored under the data folder's `media/` and reused across articles.
public struct MediaItem: SavedEntity, Equatable, Sendable {
    public let id: Tagged<MediaItem, Int64>
    public var fields: NewMediaItem

    public init(id: ID, _ fields: NewMediaItem) {
        self.id = id
        self.fields = fields
    }
}
