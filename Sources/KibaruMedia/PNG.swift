/// PNG: a chain of CRC-checked chunks from IHDR to IEND. Text (tEXt, zTXt, iTXt), EXIF (eXIf) and time (tIME)
/// chunks are dropped.
enum PNG {
    static let droppedChunks: Set<String> = ["tEXt", "zTXt", "iTXt", "eXIf", "tIME"]

    static func clean(_ bytes: [UInt8]) throws -> CleanImage {
        var output = Array(bytes[0..<8])
        var offset = 8
        var size: (width: Int, height: Int)?
        while offset + 12 <= bytes.count {
            let length = bytes.bigEndian32(at: offset)
            guard length <= bytes.count, offset + 12 + length <= bytes.count else { throw ImageRejection.damaged(.png) }
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let chunk = bytes[offset..<(offset + 12 + length)]
            let expected = bytes.bigEndian32(at: offset + 8 + length)
            guard CRC32.checksum(bytes[(offset + 4)..<(offset + 8 + length)]) == UInt32(expected) else {
                throw ImageRejection.damaged(.png)
            }
            if offset == 8 {
                guard type == "IHDR", length == 13 else { throw ImageRejection.damaged(.png) }
                size = (bytes.bigEndian32(at: offset + 8), bytes.bigEndian32(at: offset + 12))
            }
            if !droppedChunks.contains(type) { output += chunk }
            offset += 12 + length
            if type == "IEND", let size {
                return CleanImage(format: .png, width: size.width, height: size.height, bytes: output)
            }
        }
        throw ImageRejection.damaged(.png)
    }
}

/// The CRC-32 of PNG chunks (ISO 3309, polynomial 0xEDB88320).
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { index in
        (0..<8).reduce(UInt32(index)) { crc, _ in crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        ~bytes.reduce(UInt32.max) { crc, byte in table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    }
}
