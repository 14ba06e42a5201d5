import Foundation
import KibaruCore
import KibaruMedia
import KibaruText

/// What an uploader gives with an image.
public struct MediaUpload: Sendable {
    public var bytes: [UInt8]
    public var siteSlug: Slug
    public var alt: String
    public var caption: String
    public var credit: Credit

    public init(bytes: [UInt8], siteSlug: Slug, alt: String, caption: String, credit: Credit) {
        self.bytes = bytes
        self.siteSlug = siteSlug
        self.alt = alt
        self.caption = caption
        self.credit = credit
    }
}

/// The media library: accepts JPEG, PNG, WebP and GIF images checked by their content, strips their metadata,
/// and stores the file and its record together (a file whose record cannot be written is removed).
public struct MediaService: Sendable {
    let store: any ContentStore
    /// Where the files go.
    let media: any MediaStorage
    let now: @Sendable () -> Date

    /// The largest upload accepted.
    public static let maximumBytes = 8 << 20

    public init(store: any ContentStore, media: any MediaStorage, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.media = media
        self.now = now
    }

    /// Stores an uploaded image. Throws ``ValidationErrors`` (field `file`) for what is not an accepted image or
    /// is too large, or for a bad alt text, caption or credit; ``ContentError/forbidden(action:)`` when `actor`
    /// may not upload to the site.
    public func upload(_ upload: MediaUpload, actor: StaffSession) async throws -> MediaItem {
        guard upload.bytes.count <= MediaService.maximumBytes else {
            throw ValidationErrors([FieldError(field: "file", message: "le fichier dépasse 8 Mo", code: "file-too-large", values: ["max": "8"])])
        }
        let image: CleanImage
        do {
            image = try ImageCleaner.clean(upload.bytes)
        } catch let rejection as ImageRejection {
            throw ValidationErrors([FieldError(field: "file", message: rejection.reason, code: rejection.code, values: rejection.values)])
        }
        try Figure(image: "/media/x", alt: upload.alt, caption: upload.caption, credit: upload.credit).validate()
        guard let site = try await store.site(slug: upload.siteSlug) else {
            throw ContentError.notFound(what: L("site « {site} »", ["site": "\(upload.siteSlug)"]))
        }
        let siteID = site.id
        guard actor.may(.uploadMedia, onSite: siteID) else { throw ContentError.forbidden(action: "uploadMedia") }

        let timestamp = now()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let day = calendar.dateComponents([.year, .month], from: timestamp)
        let folder = String(format: "uploads/%04d/%02d", day.year ?? 0, day.month ?? 0)
        let path = "\(folder)/\(SecureToken.make().prefix(16).lowercased()).\(image.format.fileExtension)"
        try media.write(image.bytes, to: path)
        let item = NewMediaItem(
            siteID: siteID, path: path, mediaType: image.format.mediaType, width: image.width, height: image.height,
            byteCount: image.bytes.count, alt: upload.alt, caption: upload.caption, credit: upload.credit,
            uploadedBy: actor.staff.name, createdAt: timestamp)
        do {
            return try await store.write { tx in try await tx.insertMedia(item) }
        } catch {
            try? media.remove(path)
            throw error
        }
    }
}
