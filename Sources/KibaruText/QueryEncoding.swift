/// Percent-encoding for URL query values and path parameters.
public enum QueryEncoding {
    /// Percent-encodes everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) and the ASCII
    /// characters of `keeping` (a query may keep `/`, for example).
    public static func encode(_ value: String, keeping: Set<UInt8> = []) -> String {
        precondition(keeping.allSatisfy { $0 < 0x80 }, "only ASCII bytes can be kept as they are")
        var result: [UInt8] = []
        result.reserveCapacity(value.utf8.count + 16)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.append(byte)
            case _ where keeping.contains(byte):
                result.append(byte)
            default:
                result += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)
}
