/// JPEG: a chain of segments up to the entropy-coded scan. APP1 (EXIF, XMP), APP13 (IPTC) and COM segments are
/// dropped; APP0 (JFIF), APP2 (ICC colour profile) and APP14 (Adobe colour transform) are kept, since the
/// picture's colours depend on them.
enum JPEG {
    static let keptApplicationMarkers: Set<UInt8> = [0xE0, 0xE2, 0xEE]

    static func clean(_ bytes: [UInt8]) throws -> CleanImage {
        var output: [UInt8] = [0xFF, 0xD8]
        var offset = 2
        var size: (width: Int, height: Int)?
        while offset + 4 <= bytes.count {
            guard bytes[offset] == 0xFF else { throw ImageRejection.damaged(.jpeg) }
            let marker = bytes[offset + 1]
            if marker == 0xFF { offset += 1; continue }  // fill byte
            let length = bytes.bigEndian16(at: offset + 2)
            guard length >= 2, offset + 2 + length <= bytes.count else { throw ImageRejection.damaged(.jpeg) }
            let segment = bytes[offset..<(offset + 2 + length)]
            if (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker) {
                guard length >= 7 else { throw ImageRejection.damaged(.jpeg) }
                size = (bytes.bigEndian16(at: offset + 7), bytes.bigEndian16(at: offset + 5))
            }
            if marker == 0xDA {  // start of scan: picture data up to the last end marker; what trails it is dropped
                // The end marker must follow the scan's header: an FF D9 inside the header ends nothing.
                guard let size, let end = lastEndOfImage(bytes, after: offset + 1 + length) else {
                    throw ImageRejection.damaged(.jpeg)
                }
                output += bytes[offset..<end]
                return CleanImage(format: .jpeg, width: size.width, height: size.height, bytes: output)
            }
            let isApplication = (0xE0...0xEF).contains(marker)
            if !(isApplication && !keptApplicationMarkers.contains(marker)) && marker != 0xFE {
                output += segment
            }
            offset += 2 + length
        }
        throw ImageRejection.damaged(.jpeg)
    }

    /// The offset just after the last `FF D9` (end of image) past `start`.
    static func lastEndOfImage(_ bytes: [UInt8], after start: Int) -> Int? {
        var index = bytes.count - 2
        while index > start {
            if bytes[index] == 0xFF && bytes[index + 1] == 0xD9 { return index + 2 }
            index -= 1
        }
        return nil
    }
}
