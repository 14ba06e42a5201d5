/// The "Partagez" links: plain URLs of each network's share endpoint, no third-party script. WhatsApp first,
/// since it is how most readers of the network share.
public enum ShareLinks {
    /// The share links for an article titled `title` at the absolute URL `url`.
    public static func make(title: String, url: String) -> [ShareLinkView] {
        let text = encode(title)
        let link = encode(url)
        let message = encode("\(title) \(url)")
        return [
            ShareLinkView(network: "whatsapp", label: "WhatsApp", url: "https://wa.me/?text=\(message)"),
            ShareLinkView(network: "facebook", label: "Facebook", url: "https://www.facebook.com/sharer/sharer.php?u=\(link)"),
            ShareLinkView(network: "x", label: "X", url: "https://x.com/intent/post?text=\(text)&url=\(link)"),
            ShareLinkView(network: "linkedin", label: "LinkedIn", url: "https://www.linkedin.com/sharing/share-offsite/?url=\(link)"),
            ShareLinkView(network: "telegram", label: "Telegram", url: "https://t.me/share/url?url=\(link)&text=\(text)"),
            ShareLinkView(network: "email", label: "E-mail", url: "mailto:?subject=\(text)&body=\(message)"),
        ]
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters, as a query value needs.
    public static func encode(_ value: String) -> String {
        var result = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                result += "%\(hex[Int(byte >> 4)])\(hex[Int(byte & 0x0F)])"
            }
        }
        return result
    }
}
