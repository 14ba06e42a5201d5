import FuzzSupport
import KibaruText

private let angleBrackets: Set<Unicode.Scalar> = ["<", ">"]
/// The private-use characters FrenchTypography uses as marks internally (U+E000–U+E007).
private let marks = Set((0xE000...0xE007).compactMap(Unicode.Scalar.init))

/// French typography (`FrenchTypography.html` and `.text`).
///
/// Invariants:
/// - both are idempotent (their documentation says so): typesetting the result again changes nothing;
/// - `html` never adds nor removes a `<` or `>` (tags are kept as written, text is not turned into markup), apart
///   from the `<sup>`/`</sup>` it writes around ordinals;
/// - the internal marks never leak: the output holds as many U+E000–U+E007 as the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTypography(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = Fuzz.string(data, size)

    let html = FrenchTypography.html(input)
    let htmlAgain = FrenchTypography.html(html)
    Fuzz.check(
        htmlAgain == html, "typography/html-not-idempotent",
        "html(html(x)) != html(x)\ninput:  \(Fuzz.show(input, limit: 300))\nonce:   \(Fuzz.show(html, limit: 300))\n"
            + "twice:  \(Fuzz.show(htmlAgain, limit: 300))")
    Fuzz.check(
        Fuzz.count(angleBrackets, in: withoutSuperscripts(html)) == Fuzz.count(angleBrackets, in: withoutSuperscripts(input)),
        "typography/html-brackets",
        "html(x) changed the number of < and >\ninput: \(Fuzz.show(input, limit: 300))\nout:   \(Fuzz.show(html, limit: 300))")
    Fuzz.check(
        Fuzz.count(marks, in: html) == Fuzz.count(marks, in: input), "typography/html-marks",
        "html(x) leaked or lost private-use marks\ninput: \(Fuzz.show(input, limit: 300))\nout:   \(Fuzz.show(html, limit: 300))")

    let text = FrenchTypography.text(input)
    let textAgain = FrenchTypography.text(text)
    Fuzz.check(
        textAgain == text, "typography/text-not-idempotent",
        "text(text(x)) != text(x)\ninput:  \(Fuzz.show(input, limit: 300))\nonce:   \(Fuzz.show(text, limit: 300))\n"
            + "twice:  \(Fuzz.show(textAgain, limit: 300))")
    Fuzz.check(
        Fuzz.count(marks, in: text) == Fuzz.count(marks, in: input), "typography/text-marks",
        "text(x) leaked or lost private-use marks\ninput: \(Fuzz.show(input, limit: 300))\nout:   \(Fuzz.show(text, limit: 300))")
    return 0
}

/// The text without `<sup>` and `</sup>`, which `html` adds around ordinals.
private func withoutSuperscripts(_ text: String) -> String {
    guard text.contains("sup>") else { return text }
    return text.replacing("<sup>", with: "").replacing("</sup>", with: "")
}
