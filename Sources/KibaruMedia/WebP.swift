/// WebP: a RIFF container of chunks. EXIF and XMP chunks are dropped, and the VP8X header's flags for them
/// cleared, with the RIFF size written again.
enum WebP {
    static func clean(_ bytes: [UInt8]) throws -> CleanImage {
        guard bytes.count >= 20, bytes.littleEndian32(at: 4) + 8 <= bytes.count else { throw ImageRejection.damaged(.webp) }
        let end = bytes.littleEndian32(at: 4) + 8
        var chunks: [UInt8] = []
        var offset = 12
        var size: (width: Int, height: Int)?
        while offset + 8 <= end {
            let fourCC = String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self)
            let length = bytes.littleEndian32(at: offset + 4)
            let padded = length + (length & 1)
            guard offset + 8 + length <= end else { throw ImageRejection.damaged(.webp) }
            var chunk = Array(bytes[offset..<min(offset + 8 + padded, end)])
            let data = offset + 8
            switch fourCC {
            case "VP8X":
                guard length >= 10 else { throw ImageRejection.damaged(.webp) }
                chunk[8] &= ~UInt8(0x0C)  // no EXIF, no XMP any more
                size = (bytes.littleEndian24(at: data + 4) + 1, bytes.littleEndian24(at: data + 7) + 1)
            case "VP8 " where size == nil:
                guard length >= 10 else { throw ImageRejection.damaged(.webp) }
                size = (bytes.littleEndian16(at: data + 6) & 0x3FFF, bytes.littleEndian16(at: data + 8) & 0x3FFF)
            case "VP8L" where size == nil:
                guard length >= 5, bytes[data] == 0x2F else { throw ImageRejection.damaged(.webp) }
                let bits = bytes.littleEndian32(at: data + 1)
                size = ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
            default:
                break
            }
            if fourCC != "EXIF" && fourCC != "XMP " { chunks += chunk }
            offset += 8 + padded
        }
        guard let size else { throw ImageRejection.damaged(.webp) }
        let riffSize = UInt32(4 + chunks.count)
        let header = Array("RIFF".utf8) + (0..<4).map { UInt8((riffSize >> (8 * $0)) & 0xFF) } + Array("WEBP".utf8)
        return CleanImage(format: .webp, width: size.width, height: size.height, bytes: header + chunks)
    }
}
