/// Finding a short run of bytes in a text's UTF-8, to tell cheaply whether a slower search (a regular expression,
/// a search that ignores case) can find anything: `contains` with a string argument is Foundation's, which goes
/// through `NSString`, and the standard library's generic `firstRange(of:)` compares element by element through
/// indices.
extension StringProtocol {
    /// Whether the text's UTF-8 holds `needle`'s bytes, in order and together.
    public func containsBytes(of needle: StaticString) -> Bool {
        let found = utf8.withContiguousStorageIfAvailable { haystack in
            needle.withUTF8Buffer { Self.find($0, in: haystack) }
        }
        return found ?? needle.withUTF8Buffer { needleBytes in Self.find(needleBytes, in: Array(utf8)[...]) }
    }

    private static func find(_ needle: UnsafeBufferPointer<UInt8>, in haystack: some RandomAccessCollection<UInt8>)
        -> Bool
    {
        guard let first = needle.first else { return true }
        guard haystack.count >= needle.count else { return false }
        var index = haystack.startIndex
        let last = haystack.index(haystack.endIndex, offsetBy: -needle.count)
        while index <= last {
            if haystack[index] == first {
                var matched = 1
                var probe = haystack.index(after: index)
                while matched < needle.count, haystack[probe] == needle[matched] {
                    matched += 1
                    probe = haystack.index(after: probe)
                }
                if matched == needle.count { return true }
            }
            index = haystack.index(after: index)
        }
        return false
    }
}
