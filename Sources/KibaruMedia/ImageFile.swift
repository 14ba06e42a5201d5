/// The image formats the media library accepts, recognised by their bytes, never by a file name.
public enum ImageFormat: String, Sendable, CaseIterable {
    case jpeg, png, gif, webp

    /// The extension given to stored files.
    public var fileExtension: String { self == .jpeg ? "jpg" : rawValue }
    public var mediaType: String { "image/\(rawValue)" }
}

/// An image that was read, checked and stripped of its metadata.
public struct CleanImage: Sendable, Equatable {
    public var format: ImageFormat
    public var width: Int
    public var height: Int
    /// The file as it will be stored: the same picture, without EXIF, XMP, IPTC, comments or text chunks.
    public var bytes: [UInt8]
}

/// Why bytes are not an accepted image, in French for the uploader.
public struct ImageRejection: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: String
    /// The rule broken, which names the reason in other languages (`image-format`, `image-damaged`,
    /// `image-dimensions`).
    public var code: String
    /// The values the reason names (`format`, `width`, `height`).
    public var values: [String: String]

    public var description: String { reason }

    static let unknownFormat = ImageRejection(
        reason: "ce fichier n’est pas une image JPEG, PNG, WebP ou GIF (son contenu ne correspond à aucun de ces formats)",
        code: "image-format", values: [:])

    static func damaged(_ format: ImageFormat) -> ImageRejection {
        ImageRejection(
            reason: "ce fichier se présente comme une image \(format.rawValue.uppercased()) mais il est endommagé",
            code: "image-damaged", values: ["format": format.rawValue.uppercased()])
    }
}

/// Reads an uploaded image: checks its structure from end to end, finds its size, and removes what could reveal
/// more than the picture (the camera, the place, the author's software): EXIF, XMP, IPTC, comments, text chunks.
public enum ImageCleaner {
    /// The largest side accepted, in pixels.
    public static let maximumDimension = 12_000

    /// Throws ``ImageRejection`` for anything that is not a whole, well-formed JPEG, PNG, GIF or WebP.
    public static func clean(_ bytes: [UInt8]) throws -> CleanImage {
        let image: CleanImage
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            image = try JPEG.clean(bytes)
        } else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            image = try PNG.clean(bytes)
        } else if bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) {
            image = try GIF.clean(bytes)
        } else if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            image = try WebP.clean(bytes)
        } else {
            throw ImageRejection.unknownFormat
        }
        guard image.width > 0, image.height > 0, image.width <= maximumDimension, image.height <= maximumDimension else {
            throw ImageRejection(
                reason: "les dimensions de l’image (\(image.width) × \(image.height)) ne sont pas acceptées",
                code: "image-dimensions", values: ["width": "\(image.width)", "height": "\(image.height)"])
        }
        return image
    }
}

extension Array where Element == UInt8 {
    func bigEndian16(at offset: Int) -> Int { Int(self[offset]) << 8 | Int(self[offset + 1]) }
    func bigEndian32(at offset: Int) -> Int { bigEndian16(at: offset) << 16 | bigEndian16(at: offset + 2) }
    func littleEndian16(at offset: Int) -> Int { Int(self[offset]) | Int(self[offset + 1]) << 8 }
    func littleEndian24(at offset: Int) -> Int { littleEndian16(at: offset) | Int(self[offset + 2]) << 16 }
    func littleEndian32(at offset: Int) -> Int { littleEndian16(at: offset) | littleEndian16(at: offset + 2) << 16 }
}
