/// French typography applied when a page is rendered: narrow no-break spaces (U+202F) before `; ! ?` and inside
/// « », a no-break space (U+00A0) before `:`, « » for straight double quotes, ’ for `'`, … for `...`, grouped
/// thousands, a no-break space between a number and its unit, normalised ordinals. The conventions, and the cases
/// of the public suites left out, are in `docs/decisions/0006-french-typography.md`.
///
/// Both functions are idempotent, emit UTF-8 characters rather than entities, and leave alone what is not prose:
/// URLs, e-mail addresses, character references such as `&amp;`, times (`10:30`), IPv6 addresses and, in HTML,
/// tags, attribute values and the content of `<code>`, `<pre>`, `<kbd>`, `<samp>`, `<script>`, `<style>` and
/// `<textarea>`.
public enum FrenchTypography {
    /// Typesets an HTML fragment: a rendered article body, a comment, a caption.
    ///
    /// Character references stay as they are, except those of spaces, quotes and apostrophes, which the rules read
    /// and write as characters; `&amp;`, `&lt;`, `&gt;` and an unpaired `&quot;` come out as written. Ordinals are
    /// set in superscript (`1<sup>er</sup>`, `XXI<sup>e</sup>`), and a final period is dropped from headings.
    public static func html(_ html: String) -> String {
        var document = TypographyDocument(html: html)
        document.characters = TypographyRules.apply(to: document.characters, html: true)
        return document.restored()
    }

    /// Typesets plain text, such as a title, that the templates escape afterwards. The rules are those of
    /// ``html(_:)`` except that ordinals keep their letters on the line (`1ère` → `1re`, `2ème` → `2e`) and a
    /// final period stays.
    public static func text(_ text: String) -> String {
        var document = TypographyDocument(text: text)
        document.characters = TypographyRules.apply(to: document.characters, html: false)
        return document.restored()
    }
}
