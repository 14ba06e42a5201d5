import KibaruMedia
import KibaruTesting
import Testing

@Suite struct ImageCleanerTests {
    static let samples: [([UInt8], ImageFormat, Int, Int)] = [
        (SampleImages.jpeg(), .jpeg, 64, 48), (SampleImages.png(), .png, 32, 16), (SampleImages.gif(), .gif, 10, 20),
        (SampleImages.webp(), .webp, 40, 30),
    ]

    @Test func readsSizeAndStripsMetadata() throws {
        for (bytes, format, width, height) in Self.samples {
            try check(bytes, format, width, height)
        }
    }

    func check(_ bytes: [UInt8], _ format: ImageFormat, _ width: Int, _ height: Int) throws {
        #expect(SampleImages.containsSecret(bytes), "the sample carries metadata")
        let clean = try ImageCleaner.clean(bytes)
        #expect(clean.format == format)
        #expect(clean.width == width && clean.height == height)
        #expect(!SampleImages.containsSecret(clean.bytes), "metadata removed")
        #expect(try ImageCleaner.clean(clean.bytes) == clean, "a cleaned image is still a valid image")
    }

    @Test func keepsWhatThePictureNeeds() throws {
        let jpeg = try ImageCleaner.clean(SampleImages.jpeg()).bytes
        #expect(jpeg.starts(with: [0xFF, 0xD8, 0xFF, 0xE0]), "JFIF header kept")
        #expect(Array(jpeg.suffix(2)) == [0xFF, 0xD9])
        let webp = try ImageCleaner.clean(SampleImages.webp()).bytes
        #expect(webp[20] & 0x0C == 0, "VP8X no longer announces EXIF or XMP")
        #expect(Int(webp[4]) | Int(webp[5]) << 8 == webp.count - 8, "RIFF size written again")
    }

    static func corruptPNG() -> [UInt8] {
        var bytes = SampleImages.png()
        bytes[30] ^= 0xFF
        return bytes
    }

    static let broken: [(String, [UInt8])] = [
        ("a text file named photo.jpg", Array("Ceci n’est pas une image.".utf8)),
        ("empty", []),
        ("a JPEG cut before its picture data", Array(SampleImages.jpeg().prefix(40))),
        ("a PNG with a corrupt checksum", corruptPNG()),
        ("a GIF without its trailer", Array(SampleImages.gif().dropLast())),
        ("a WebP without an image chunk", Array("RIFF".utf8) + [4, 0, 0, 0] + Array("WEBP".utf8)),
        ("an HTML page", Array("<html><script>alert(1)</script></html>".utf8)),
    ]

    @Test func refusesWhatIsNotAWholeImage() {
        for (label, bytes) in Self.broken {
            #expect(throws: ImageRejection.self, "\(label)") { try ImageCleaner.clean(bytes) }
        }
    }

    @Test func refusesAbsurdDimensions() {
        #expect(throws: ImageRejection.self) { try ImageCleaner.clean(SampleImages.png(width: 50_000, height: 10)) }
    }
}
