/// Checks on URLs that content may carry (image sources, credit links).
public enum URLCheck {
    /// Whether `value` is an absolute http(s) URL or a root-relative path: the only forms content may link to,
    /// so that no `javascript:` or `data:` URL is ever stored.
    public static func isSafeLink(_ value: String) -> Bool {
        let lowered = value.lowercased()
        if lowered.hasPrefix("https://") || lowered.hasPrefix("http://") {
            return value.count > lowered.prefix(while: { $0 != ":" }).count + 3 && !value.contains(where: \.isWhitespace)
        }
        return value.hasPrefix("/") && !value.hasPrefix("//") && !value.contains(where: \.isWhitespace)
    }
}
