#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What every fuzz target shares: reading libFuzzer's bytes, and turning a broken invariant into a crash, so that
/// libFuzzer keeps the input (`crash-…`) and `scripts/fuzz` copies it to `Fuzz/Regressions/TARGET/`.
public enum Fuzz {
    /// The input as bytes.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// The input as text: invalid UTF-8 becomes U+FFFD, as it does when a form or a file is decoded.
    public static func string(_ data: UnsafePointer<UInt8>?, _ size: Int) -> String {
        guard let data, size > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    }

    /// Reports a broken invariant and crashes. `kind` is a short stable tag (`comment-text/raw-lt`) that
    /// `scripts/fuzz` uses to tell findings apart; `detail` shows the offending output.
    public static func fail(_ kind: String, _ detail: String) -> Never {
        let message = "KIBARU-FUZZ INVARIANT [\(kind)]: \(detail)\n"
        var bytes = Array(message.utf8)
        _ = write(2, &bytes, bytes.count)
        fatalError("invariant [\(kind)] broken")
    }

    /// `fail(kind, detail())` unless `condition` holds.
    public static func check(_ condition: Bool, _ kind: String, _ detail: @autoclosure () -> String) {
        if !condition { fail(kind, detail()) }
    }

    /// A string shown in a report: Swift-escaped (so that invisible and combining characters are visible) and cut
    /// to `limit` characters around `offset` (a UTF-8 offset), or from the start.
    public static func show(_ text: String, around offset: Int? = nil, limit: Int = 160) -> String {
        let utf8 = Array(text.utf8)
        let start = max(0, min(utf8.count, (offset ?? 0) - (offset == nil ? 0 : limit / 2)))
        let end = min(utf8.count, start + limit)
        let slice = String(decoding: utf8[start..<end], as: UTF8.self)
        return (start > 0 ? "…" : "") + slice.debugDescription + (end < utf8.count ? "…" : "")
    }

    /// Each Unicode scalar of `text` that is one of `scalars`, counted.
    public static func count(_ scalars: Set<Unicode.Scalar>, in text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (scalars.contains($1) ? 1 : 0) }
    }
}
