import Foundation

/// Small images built byte by byte, each carrying metadata that the media library must remove: an EXIF block
/// with a GPS position, an XMP packet or a text comment naming the camera.
public enum SampleImages {
    /// The secret every sample hides in its metadata.
    public static let secret = "GPS 12.6392N 8.0029W Canon EOS"

    public static func jpeg(width: Int = 64, height: Int = 48) -> [UInt8] {
        func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
            let length = payload.count + 2
            return [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
        }
        var bytes: [UInt8] = [0xFF, 0xD8]
        bytes += segment(0xE0, Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0])
        bytes += segment(0xE1, Array("Exif\0\0".utf8) + Array(secret.utf8))
        bytes += segment(0xFE, Array(secret.utf8))
        bytes += segment(0xC0, [8, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF),
                                1, 1, 0x11, 0])
        bytes += segment(0xDA, [1, 1, 0, 0, 0x3F, 0])
        bytes += [0x12, 0x34, 0x56, 0x78, 0xFF, 0xD9]
        return bytes
    }

    public static func png(width: Int = 32, height: Int = 16) -> [UInt8] {
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            return be32(data.count) + body + be32(Int(crc32(body)))
        }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", be32(width) + be32(height) + [8, 2, 0, 0, 0])
            + chunk("tEXt", Array("Comment\0".utf8) + Array(secret.utf8))
            + chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])
            + chunk("IEND", [])
    }

    public static func gif(width: Int = 10, height: Int = 20) -> [UInt8] {
        var bytes = Array("GIF89a".utf8) + le16(width) + le16(height) + [0x80, 0, 0] + [0, 0, 0, 255, 255, 255]
        bytes += [0x21, 0xFE, UInt8(secret.utf8.count)] + Array(secret.utf8) + [0]  // comment extension
        bytes += [0x2C] + le16(0) + le16(0) + le16(width) + le16(height) + [0]  // image descriptor
        bytes += [2, 2, 0x4C, 0x01, 0]  // LZW minimum code size, one sub-block, terminator
        bytes += [0x3B]
        return bytes
    }

    public static func webp(width: Int = 40, height: Int = 30) -> [UInt8] {
        func chunk(_ fourCC: String, _ data: [UInt8]) -> [UInt8] {
            Array(fourCC.utf8) + le32(data.count) + data + (data.count.isMultiple(of: 2) ? [] : [0])
        }
        let vp8x = [UInt8(0x08 | 0x04), 0, 0, 0] + le24(width - 1) + le24(height - 1)  // EXIF and XMP flags set
        let bits = (width - 1) | (height - 1) << 14
        let body = chunk("VP8X", vp8x) + chunk("VP8L", [0x2F] + le32(bits) + [0, 0, 0])
            + chunk("EXIF", Array(secret.utf8)) + chunk("XMP ", Array(secret.utf8))
        return Array("RIFF".utf8) + le32(4 + body.count) + Array("WEBP".utf8) + body
    }

    static func be32(_ value: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }
    static func le16(_ value: Int) -> [UInt8] { [0, 8].map { UInt8((value >> $0) & 0xFF) } }
    static func le24(_ value: Int) -> [UInt8] { [0, 8, 16].map { UInt8((value >> $0) & 0xFF) } }
    static func le32(_ value: Int) -> [UInt8] { [0, 8, 16, 24].map { UInt8((value >> $0) & 0xFF) } }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc = UInt32.max
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return ~crc
    }

    /// Whether `bytes` still contain the secret.
    public static func containsSecret(_ bytes: [UInt8]) -> Bool {
        let needle = Array(secret.utf8)
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains { Array(bytes[$0..<($0 + needle.count)]) == needle }
    }
}
