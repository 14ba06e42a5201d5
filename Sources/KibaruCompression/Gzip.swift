import CZlib
import Foundation
import NIOCore

/// gzip (RFC 1952) through the system's zlib, for pages compressed once and served many times.
public enum Gzip {
    /// `bytes` compressed at `level` (6, zlib's default, is close to 9 in size for HTML at half the cost).
    public static func compress(_ bytes: ByteBuffer, level: Int32 = 6) -> ByteBuffer? {
        var stream = z_stream()
        guard kibaru_deflate_init_gzip(&stream, level) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        var input = Array(bytes.readableBytesView)
        let capacity = Int(deflateBound(&stream, UInt(input.count)))
        var output = [UInt8](repeating: 0, count: capacity)
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        return ByteBuffer(bytes: output[..<Int(stream.total_out)])
    }
}
