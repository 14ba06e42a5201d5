import Foundation
import FuzzSupport
import KibaruImport

/// Where each input is written for `WXRReader`, which reads a file: one path per process, in memory when it can.
private let inputURL: URL = {
    let directory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    return URL(fileURLWithPath: directory).appendingPathComponent("kibaru-fuzz-wxr-\(getpid()).xml")
}()

/// A file that an external entity could name (`<!ENTITY x SYSTEM "file:///tmp/kibaru-fuzz-xxe-sentinel.txt">`,
/// as the seed `xxe-file.xml` does): its content must never reach an event.
private let sentinel = "KIBARU-XXE-SENTINEL-5d1e"
private let sentinelWritten: Bool = {
    let path = "/tmp/kibaru-fuzz-xxe-sentinel.txt"
    return FileManager.default.createFile(atPath: path, contents: Data((sentinel + "\n").utf8))
}()

/// A WordPress export (`WXRReader.read`), from bytes written to a file.
///
/// Invariants:
/// - `.channel` comes first and once, with a `wxrVersion` of 1.0, 1.1 or 1.2 (WXREvent's documented contract);
/// - the only errors are `WXRError`s;
/// - no external entity is resolved: the sentinel file's text never appears in an event.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWXR(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = sentinelWritten
    let bytes = Data(Fuzz.bytes(data, size))
    guard FileManager.default.createFile(atPath: inputURL.path, contents: bytes) else {
        Fuzz.fail("wxr/harness", "cannot write \(inputURL.path)")
    }
    let inputHasSentinel = bytes.range(of: Data(sentinel.utf8)) != nil
    var events = 0
    var channels = 0
    do {
        try WXRReader(url: inputURL).read { event in
            events += 1
            if case .channel(let channel) = event {
                channels += 1
                Fuzz.check(
                    ["1.0", "1.1", "1.2"].contains(channel.wxrVersion), "wxr/channel-version",
                    "channel delivered with wxrVersion \(channel.wxrVersion.debugDescription)")
            }
            Fuzz.check(events > 1 || channels == 1, "wxr/channel-first", "first event is not .channel: \(event)")
            Fuzz.check(channels <= 1, "wxr/channel-twice", ".channel delivered \(channels) times")
            if !inputHasSentinel {
                Fuzz.check(
                    !String(describing: event).contains(sentinel), "wxr/external-entity",
                    "an external entity was resolved: \(event)")
            }
        }
    } catch is WXRError {
        // A refused file: fine.
    } catch {
        Fuzz.fail("wxr/unexpected-error", "\(type(of: error)): \(error)")
    }
    return 0
}
