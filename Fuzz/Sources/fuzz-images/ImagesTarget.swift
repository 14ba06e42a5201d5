import FuzzSupport
import KibaruMedia

/// An uploaded image (`ImageCleaner.clean`): JPEG, PNG, GIF and WebP structure checks and metadata stripping.
///
/// Invariants, when the image is accepted:
/// - its size is within 1…`maximumDimension` on both sides;
/// - the cleaned file is no larger than the upload (cleaning only removes);
/// - cleaning is idempotent: the cleaned file is accepted again, with the same format and size, and comes out
///   byte for byte the same, which also means that no EXIF, XMP, IPTC, comment or text block survived the first
///   pass (a second pass would have removed it);
/// - the only error is `ImageRejection`; no out-of-bounds read (ASan) or arithmetic overflow (Swift traps).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImages(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    let image: CleanImage
    do {
        image = try ImageCleaner.clean(bytes)
    } catch is ImageRejection {
        return 0
    } catch {
        Fuzz.fail("images/unexpected-error", "\(type(of: error)): \(error)")
    }
    Fuzz.check(
        (1...ImageCleaner.maximumDimension).contains(image.width)
            && (1...ImageCleaner.maximumDimension).contains(image.height),
        "images/dimensions", "\(image.format) accepted at \(image.width) × \(image.height)")
    Fuzz.check(
        image.bytes.count <= bytes.count, "images/grew",
        "\(image.format): cleaned \(image.bytes.count) bytes from \(bytes.count)")
    let again: CleanImage
    do {
        again = try ImageCleaner.clean(image.bytes)
    } catch {
        Fuzz.fail("images/clean-refused", "\(image.format): the cleaned file is refused: \(error)")
    }
    Fuzz.check(
        again.format == image.format && again.width == image.width && again.height == image.height,
        "images/clean-changed-size",
        "\(image.format) \(image.width)×\(image.height) became \(again.format) \(again.width)×\(again.height)")
    Fuzz.check(
        again.bytes == image.bytes, "images/not-idempotent",
        "\(image.format): a second pass changed the file (\(image.bytes.count) → \(again.bytes.count) bytes)")
    return 0
}
