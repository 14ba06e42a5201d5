/// Who made an image and under which terms: each part is optional, but a source URL needs a source.
public struct Credit: Equatable, Codable, Sendable {
    /// The photographer or illustrator.
    public var author: String?
    /// Where the image comes from ("Wikicommons", "AFP").
    public var source: String?
    /// The licence ("CC BY-SA 4.0", "Tous droits réservés").
    public var licence: String?
    /// The page the image was taken from.
    public var sourceURL: String?

    public init(author: String? = nil, source: String? = nil, licence: String? = nil, sourceURL: String? = nil) {
        self.author = author
        self.source = source
        self.licence = licence
        self.sourceURL = sourceURL
    }

    /// Whether no part of the credit is given.
    public var isEmpty: Bool { author == nil && source == nil && licence == nil && sourceURL == nil }

    /// Checks every field; throws ``ValidationErrors`` naming each field at fault.
    public func validate() throws {
        var check = FieldErrorCollector()
        for (field, value) in [("author", author), ("source", source), ("licence", licence)] {
            check.require((value ?? "").count <= 200, field: field, code: "too-long", values: ["max": "200"], "dépasse 200 caractères")
        }
        if let sourceURL {
            check.require(
                URLCheck.isSafeLink(sourceURL), field: "sourceURL", code: "safe-link", "doit être une adresse http(s) ou un chemin « / »")
        }
        try check.throwIfAny()
    }
}

/// An image in an article, with its alternative text, caption and credit.
///
/// A figure scraped from an old page may have lost its image but kept its caption: it must have one or the other.
public struct Figure: Equatable, Codable, Sendable {
    /// The image's URL: `https://…` or a path on this server (`/media/…`).
    public var image: String?
    /// What the image shows, for readers who cannot see it.
    public var alt: String
    public var caption: String
    public var credit: Credit
    /// The image's size when it is in the media library, found when the article is saved (never typed in).
    public var size: ImageSize?

    /// The longest caption, in characters.
    public static let maximumCaptionLength = 1_000

    public init(
        image: String? = nil, alt: String = "", caption: String = "", credit: Credit = Credit(), size: ImageSize? = nil
    ) {
        self.image = image
        self.alt = alt
        self.caption = caption
        self.credit = credit
        self.size = size
    }

    /// Checks every field; throws ``ValidationErrors`` naming each field at fault.
    public func validate() throws {
        var check = FieldErrorCollector()
        check.require(image != nil || !caption.trimmed.isEmpty, field: "image", code: "image-or-caption", "une image ou une légende est obligatoire")
        if let image {
            check.require(URLCheck.isSafeLink(image), field: "image", code: "safe-link", "doit être une adresse http(s) ou un chemin « / »")
        }
        check.require(alt.count <= 500, field: "alt", code: "too-long", values: ["max": "500"], "le texte alternatif dépasse 500 caractères")
        check.require(caption.count <= Self.maximumCaptionLength, field: "caption", code: "too-long", values: ["max": "\(Self.maximumCaptionLength)"],
            "la légende dépasse 1 000 caractères")
        do { try credit.validate() } catch let errors as ValidationErrors { check.merge(errors, prefix: "credit") }
        try check.throwIfAny()
    }
}
