/// BCP 47 language tags as sites carry them (`fr`, `fr-ML`, `en-GB`).
public enum LanguageTag {
    /// The language without its region, lowercased: `en-GB` → `en`, the key of catalogues and word lists.
    public static func primary(_ tag: String) -> String {
        String(tag.split(separator: "-").first ?? "").lowercased()
    }
}
