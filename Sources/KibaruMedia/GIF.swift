/// GIF: header, colour tables, then blocks up to the trailer. Comment extensions and application extensions other
/// than the animation loop (NETSCAPE2.0) are dropped.
enum GIF {
    static func clean(_ bytes: [UInt8]) throws -> CleanImage {
        guard bytes.count >= 13 else { throw ImageRejection.damaged(.gif) }
        let width = bytes.littleEndian16(at: 6), height = bytes.littleEndian16(at: 8)
        var offset = 13
        if bytes[10] & 0x80 != 0 { offset += 3 << (Int(bytes[10] & 0x07) + 1) }
        guard offset <= bytes.count else { throw ImageRejection.damaged(.gif) }
        var output = Array(bytes[0..<offset])
        var sawImage = false
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x3B:  // trailer
                guard sawImage else { throw ImageRejection.damaged(.gif) }
                output.append(0x3B)
                return CleanImage(format: .gif, width: width, height: height, bytes: output)
            case 0x21:  // extension: label, then sub-blocks
                guard offset + 2 <= bytes.count else { throw ImageRejection.damaged(.gif) }
                let label = bytes[offset + 1]
                let end = try subBlocksEnd(bytes, from: offset + 2)
                let isLoop = label == 0xFF && offset + 14 <= bytes.count
                    && Array(bytes[(offset + 3)..<(offset + 14)]) == Array("NETSCAPE2.0".utf8)
                if label != 0xFE && (label != 0xFF || isLoop) { output += bytes[offset..<end] }
                offset = end
            case 0x2C:  // image descriptor, optional local colour table, LZW size, sub-blocks
                guard offset + 10 <= bytes.count else { throw ImageRejection.damaged(.gif) }
                var start = offset + 10
                if bytes[offset + 9] & 0x80 != 0 { start += 3 << (Int(bytes[offset + 9] & 0x07) + 1) }
                let end = try subBlocksEnd(bytes, from: start + 1)
                output += bytes[offset..<end]
                offset = end
                sawImage = true
            default:
                throw ImageRejection.damaged(.gif)
            }
        }
        throw ImageRejection.damaged(.gif)
    }

    /// The offset after a chain of sub-blocks ending with a zero-length block.
    static func subBlocksEnd(_ bytes: [UInt8], from start: Int) throws -> Int {
        var offset = start
        while offset < bytes.count {
            let length = Int(bytes[offset])
            offset += 1 + length
            if length == 0 { return offset }
        }
        throw ImageRejection.damaged(.gif)
    }
}
