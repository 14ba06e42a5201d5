import KibaruMedia
import Testing

/// Inputs the fuzzers found (issue 10, `Fuzz/Regressions/images/`), kept as tests of the fixes.
@Suite struct ImageFuzzFindingTests {
    @Test func anEndMarkerInsideTheScanHeaderEndsNothing() {
        // Fuzz/Regressions/images/jpeg-end-marker-inside-scan-header.jpg: the only FF D9 lies in the SOS header;
        // the "cleaned" file was cut inside that header and refused when cleaned again.
        let bytes: [UInt8] = [
            0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x10, 0x00, 0x10, 0x01, 0x01, 0x11, 0x00,
            0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0xFF, 0xD9, 0x3F, 0x00, 0x12, 0x34,
        ]
        #expect(throws: ImageRejection.self) { try ImageCleaner.clean(bytes) }
    }
}
