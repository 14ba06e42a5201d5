import KibaruText

/// The "Partagez" links: plain URLs of each network's share endpoint, no third-party script. WhatsApp first,
/// since it is how most readers of the network share.
public enum ShareLinks {
    /// The share links for an article titled `title` at the absolute URL `url`; `emailLabel` names the e-mail one
    /// in the page's language.
    public static func make(title: String, url: String, emailLabel: String = "E-mail") -> [ShareLinkView] {
        let text = QueryEncoding.encode(title)
        let link = QueryEncoding.encode(url)
        let message = QueryEncoding.encode(whatsAppMessage(title: title, url: url))
        return [
            ShareLinkView(network: "whatsapp", label: "WhatsApp", url: "https://wa.me/?text=\(message)"),
            ShareLinkView(network: "facebook", label: "Facebook", url: "https://www.facebook.com/sharer/sharer.php?u=\(link)"),
            ShareLinkView(network: "x", label: "X", url: "https://x.com/intent/post?text=\(text)&url=\(link)"),
            ShareLinkView(network: "linkedin", label: "LinkedIn", url: "https://www.linkedin.com/sharing/share-offsite/?url=\(link)"),
            ShareLinkView(network: "telegram", label: "Telegram", url: "https://t.me/share/url?url=\(link)&text=\(text)"),
            ShareLinkView(network: "email", label: emailLabel, url: "mailto:?subject=\(text)&body=\(message)"),
        ]
    }

    /// The message WhatsApp opens with, ready to send: the title in guillemets, then the link on its own line
    /// (WhatsApp shows the link's preview from the page's Open Graph tags).
    public static func whatsAppMessage(title: String, url: String) -> String {
        "«\u{202F}\(title)\u{202F}»\n\(url)"
    }
}
