import Foundation
import KibaruText
import Testing

/// `../shared/testdata/french-typography` next to the repository: public suites restated as data (PROVENANCE.md).
private let suitesDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/testdata/french-typography")

@Suite(
    .enabled(
        if: FileManager.default.fileExists(atPath: suitesDirectory.path),
        "needs ../shared/testdata/french-typography (not part of a user's clone)"))
struct FrenchTypographySuiteTests {
    let suites = TypographySuites(directory: suitesDirectory)

    /// Fails on any French case not excluded in ``TypographySuites/exclusions``, listing them.
    @Test(arguments: TypographySuite.allCases)
    func everyFrenchCasePasses(_ suite: TypographySuite) throws {
        let report = try suites.run(suite)
        #expect(report.passed > 0)
        #expect(
            report.failures.isEmpty,
            "\(suite.rawValue): \(report.failures.count) failing\n\(report.failures.joined(separator: "\n\n"))")
    }

    @Test func applyingTwiceIsApplyingOnce() throws {
        let failures = try suites.idempotenceFailures()
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n\n"))")
    }

    @Test func everyExclusionNamesACase() throws {
        let unused = try suites.unusedExclusions()
        #expect(unused.isEmpty, "exclusions matching no case: \(unused)")
    }
}

@Suite struct FrenchTypographyTests {
    @Test(arguments: [
        ("<p>AT&amp;T; la fusion</p>", "<p>AT&amp;T\u{202F}; la fusion</p>"),
        ("<p>Tom &amp; Jerry : &lt;b&gt; !</p>", "<p>Tom &amp; Jerry\u{A0}: &lt;b&gt;\u{202F}!</p>"),
        ("<p>&quot;Bonjour&quot;, dit-il.</p>", "<p>«\u{202F}Bonjour\u{202F}», dit-il.</p>"),
        ("<p>Un &quot; seul</p>", "<p>Un &quot; seul</p>"),
        ("<p>C&#39;est l&rsquo;été&nbsp;!</p>", "<p>C’est l’été\u{202F}!</p>"),
        ("<p>Caf&eacute; !</p>", "<p>Caf&eacute;\u{202F}!</p>"),
    ])
    func characterReferencesStay(_ html: String, _ expected: String) {
        #expect(FrenchTypography.html(html) == expected)
    }

    @Test(arguments: [
        ("<p>Voir https://kibaru.ml/a?b=1&amp;c=2 ; puis www.kibaru.ml: fin</p>",
         "<p>Voir https://kibaru.ml/a?b=1&amp;c=2\u{202F}; puis www.kibaru.ml\u{A0}: fin</p>"),
        ("<p>Écrivez à redaction@kibaru.ml!</p>", "<p>Écrivez à redaction@kibaru.ml\u{202F}!</p>"),
        ("<p>Rendez-vous à 10:30, l'adresse fdda:5cc1:23:4::1f ; Yahoo! aussi ?!</p>",
         "<p>Rendez-vous à 10:30, l’adresse fdda:5cc1:23:4::1f\u{202F}; Yahoo! aussi\u{202F}?!</p>"),
    ])
    func urlsAddressesAndTimesStay(_ html: String, _ expected: String) {
        #expect(FrenchTypography.html(html) == expected)
    }

    @Test(arguments: [
        "<p>Tapez <code>a: b; \"c\"!</code> puis <kbd>Ctrl+C</kbd></p>",
        "<pre>\"x\" : 'y'... 23500</pre>",
        "<pre><code class=\"language-swift\">let a = \"b\"; // ok !\n</code></pre>",
        "<script>if (a) { b(\"x\"); }</script>",
        "<style>p:hover { color: red; }</style>",
        "<textarea>L'été : ici !</textarea>",
        "<p><samp>Erreur : 404 !</samp></p>",
        "<p><img src=\"https://x.ml/a.png\" alt=\"Oui ! C'est « ça »\" title='l\"été : 2e'></p>",
    ])
    func codeAndAttributesStay(_ html: String) {
        #expect(FrenchTypography.html(html) == html)
    }

    @Test func tagsAreLookedThrough() {
        let html = "<p>Il a dit \"<a href=\"/a?x=1&amp;y=2\" title=\"l'été\">l'<em>été</em></a>\" !</p>"
        let expected =
            "<p>Il a dit «\u{202F}<a href=\"/a?x=1&amp;y=2\" title=\"l'été\">l’<em>été</em></a>\u{202F}»\u{202F}!</p>"
        #expect(FrenchTypography.html(html) == expected)
    }

    @Test(arguments: [
        ("23500 habitants", "23\u{202F}500\u{A0}habitants"),
        ("1 300 morts", "1\u{202F}300\u{A0}morts"),
        ("1\u{A0}300 000", "1\u{A0}300\u{202F}000"),
        ("En 2024, 4 500 000 francs", "En 2024, 4\u{202F}500\u{202F}000\u{A0}francs"),
        ("12345,67 €", "12\u{202F}345,67\u{A0}€"),
        ("Un salon de 4x4 m, 2 x 5, 0x1F.", "Un salon de 4×4\u{A0}m, 2\u{A0}×\u{A0}5, 0x1F."),
        ("75011 Paris", "75011\u{A0}Paris"),
    ])
    func thousandsAndUnits(_ text: String, _ expected: String) {
        #expect(FrenchTypography.text(text) == expected)
    }

    @Test(arguments: [
        "π vaut 3,14159.", "Appelez le 0612345678.", "Le +223 76 12 34 56.", "Le n° 12345.", "En 2024.",
        "Le MP3, la version 10.12345.", "Le 1er mai, François Ier, les 1ers, la Ve République.",
        "De Gaulle, Me Diallo, Le Monde, Ce jour, la Vie, la Cie.",
    ])
    func numbersAndWordsThatStay(_ text: String) {
        #expect(FrenchTypography.text(text) == text)
    }

    @Test(arguments: [
        ("50 % des voix", "50\u{A0}% des voix"),
        ("50% des voix", "50\u{A0}% des voix"),
        ("50\u{202F}%", "50\u{202F}%"),
    ])
    func percent(_ text: String, _ expected: String) {
        #expect(FrenchTypography.text(text) == expected)
    }

    @Test func ordinalsInTextKeepTheirLetters() {
        #expect(
            FrenchTypography.text("La 1ère fois, le 2ème jour, le 3è, au XXIème siècle")
                == "La 1re fois, le 2e jour, le 3e, au XXIe siècle")
    }

    @Test func ordinalsInHTMLAreSuperscript() {
        let html = FrenchTypography.html("<p>Le 1er mai, la 2ème place et le XXIe siècle</p>")
        #expect(html == "<p>Le 1<sup>er</sup> mai, la 2<sup>e</sup> place et le XXI<sup>e</sup> siècle</p>")
        #expect(FrenchTypography.html(html) == html)
    }

    /// The rules read Unicode scalars: a letter typed with a combining accent (NFD, as some keyboards and copies
    /// give it) is read as the accented letter, and a mark after a symbol does not make it a word.
    @Test func decomposedLettersAndEmojiAreReadAsTheyLook() {
        #expect(FrenchTypography.html("<p>La 1e\u{300}re fois, la 2e\u{300}me place</p>")
            == "<p>La 1<sup>re</sup> fois, la 2<sup>e</sup> place</p>")
        #expect(FrenchTypography.text("J’adore \u{2764}\u{FE0F}!") == "J’adore \u{2764}\u{FE0F}!")
        #expect(FrenchTypography.text("Il a dit oui!") == "Il a dit oui\u{202F}!")
    }

    @Test(arguments: [
        ("L'armée reprend Kidal: \"victoire\" ?", "L’armée reprend Kidal\u{A0}: «\u{202F}victoire\u{202F}»\u{202F}?"),
        ("Mali : 23500 déplacés...", "Mali\u{A0}: 23\u{202F}500\u{A0}déplacés…"),
        ("Les balises <em> et &amp; restent", "Les balises <em> et &amp; restent"),
        ("Un titre.", "Un titre."),
    ])
    func titles(_ text: String, _ expected: String) {
        #expect(FrenchTypography.text(text) == expected)
    }

    @Test func headingsLoseTheirFinalPeriod() {
        #expect(FrenchTypography.html("<h2>Un titre.</h2><p>Un texte.</p>") == "<h2>Un titre</h2><p>Un texte.</p>")
    }

    @Test(arguments: [
        "<p>« Déjà » : correct ; vraiment ! Et 1 300 ou 23\u{202F}500 ?</p>",
        "<p>Il a dit : \"Je \"veux\" partir\"... 50% des 1ère fois.</p>",
        "<h1>Titre:</h1><p>( a ) , b ... c ?? d !!!!</p>",
    ])
    func applyingTwiceIsApplyingOnce(_ html: String) {
        let once = FrenchTypography.html(html)
        #expect(FrenchTypography.html(once) == once)
        #expect(FrenchTypography.text(FrenchTypography.text(html)) == FrenchTypography.text(html))
    }
}

// MARK: - Public suites
// Foundation only below this line, so that it also compiles without Testing (docs/decisions/0006).

enum TypographySuite: String, CaseIterable, Sendable {
    case jolitypo, typographeur, typograf, typographeurDocument
}

struct TypographySuiteReport {
    var passed = 0
    var excluded = 0
    /// typographeur cases that switch an option off: Kibaru has no options.
    var withOptions = 0
    var failures: [String] = []
}

struct TypographySuites {
    let directory: URL

    /// Cases of rules Kibaru deliberately does not follow (docs/decisions/0006-french-typography.md); `input` nil
    /// excludes every case of the source.
    static let exclusions: [(source: String, input: String?, reason: String)] = [
        ("HyphenTest.php::testSimpleString", nil, "soft hyphens from a hyphenation dictionary: left to CSS"),
        ("HyphenTest.php::testLocaleFallback", nil, "soft hyphens from a hyphenation dictionary: left to CSS"),
        ("SpaceBeforePunctuationTest.php::testCanadianFrenchLocale", nil, "fr_CA puts no space before ; ! ? :"),
        ("FrenchNoBreakSpaceTest.php::testSimpleString", "Superman: the movie",
         "asserts that no missing space is added before ':'; Kibaru adds it (typographeur's test_colon, the issue)"),
        ("SpaceBeforePunctuationTest.php::testFrenchLocale", "Superman: the movie",
         "asserts that no missing space is added before ':'; Kibaru adds it (typographeur's test_colon, the issue)"),
        ("test_ligatures.py::test_oe", nil, "œ from a word list: authors type œ"),
        ("test_ligatures.py::test_ae", nil, "æ from a word list: authors type æ"),
        ("test_points.py::test_dual_points", nil, "typographeur marks a cut as [..]; Kibaru writes […]"),
    ]

    func run(_ suite: TypographySuite) throws -> TypographySuiteReport {
        var report = TypographySuiteReport()
        let (cases, withOptions) = try self.cases(suite)
        report.withOptions = withOptions
        for suiteCase in cases {
            if Self.isExcluded(suiteCase) {
                report.excluded += 1
                continue
            }
            let output = Self.decodingEntities(suiteCase.typeset(suiteCase.input))
            let failure: String? =
                switch suiteCase.expectation {
                case .equals(let expected):
                    output == expected ? nil : "expected: \(Self.visible(expected))"
                case .contains(let parts):
                    parts.allSatisfy(output.contains) ? nil : "expected to contain: \(parts.map(Self.visible))"
                case .excludes(let parts):
                    parts.contains(where: output.contains) ? "expected not to contain: \(parts.map(Self.visible))" : nil
                }
            if let failure {
                report.failures.append(
                    "\(suiteCase.source)\n  input:    \(Self.visible(suiteCase.input))\n  \(failure)\n"
                        + "  got:      \(Self.visible(output))")
            } else {
                report.passed += 1
            }
        }
        return report
    }

    /// Inputs of every case whose second typesetting differs from the first.
    func idempotenceFailures() throws -> [String] {
        try TypographySuite.allCases.flatMap { try cases($0).cases }.compactMap { suiteCase in
            let once = suiteCase.typeset(suiteCase.input)
            let twice = suiteCase.typeset(once)
            guard once != twice else { return nil }
            return "\(suiteCase.source)\n  once:  \(Self.visible(once))\n  twice: \(Self.visible(twice))"
        }
    }

    func unusedExclusions() throws -> [String] {
        let all = try TypographySuite.allCases.flatMap { try cases($0).cases }
        return Self.exclusions.filter { exclusion in
            !all.contains { $0.source == exclusion.source && (exclusion.input == nil || exclusion.input == $0.input) }
        }.map(\.source)
    }

    private static func isExcluded(_ suiteCase: TypographySuiteCase) -> Bool {
        exclusions.contains { $0.source == suiteCase.source && ($0.input == nil || $0.input == suiteCase.input) }
    }

    // MARK: Reading the suites, in Kibaru's conventions

    /// The French cases of a suite, with expectations in Kibaru's conventions, and how many were set aside for
    /// options.
    func cases(_ suite: TypographySuite) throws -> (cases: [TypographySuiteCase], withOptions: Int) {
        switch suite {
        case .jolitypo:
            let cases = try load("jolitypo-cases.json", as: JoliTypoCase.self)
            return (cases.filter(\.french).map(\.suiteCase), 0)
        case .typographeur:
            let cases = try load("typographeur-cases.json", as: TypographeurCase.self)
            let supported = cases.filter(\.usesSupportedOptions)
            return (supported.map(\.suiteCase), cases.count - supported.count)
        case .typograf:
            return (try load("typograf-fr-cases.json", as: TypografCase.self).map(\.suiteCase), 0)
        case .typographeurDocument:
            let folder = directory.appendingPathComponent("typographeur-full")
            let input = try String(contentsOf: folder.appendingPathComponent("input.html"), encoding: .utf8)
            let expected = try String(contentsOf: folder.appendingPathComponent("expected.html"), encoding: .utf8)
            // No ligature dictionary: the document gets the ligatures an author types.
            let ligatured = input.replacingOccurrences(of: "oeufs", with: "œufs")
                .replacingOccurrences(of: "angstroem", with: "angstrœm")
                .replacingOccurrences(of: "supernovae", with: "supernovæ")
            // A cut in a quotation is […] in Kibaru, [..] in typographeur.
            let ours = Self.narrowInsideGuillemets(Self.decodingEntities(expected))
                .replacingOccurrences(of: "[..]", with: "[…]")
            let document = TypographySuiteCase(
                source: "typographeur-full/input.html", input: ligatured, html: true, expectation: .equals(ours))
            return ([document], 0)
        }
    }

    private func load<Case: Decodable>(_ file: String, as: Case.Type) throws -> [Case] {
        let data = try Data(contentsOf: directory.appendingPathComponent(file))
        return try JSONDecoder().decode(SuiteFile<Case>.self, from: data).cases
    }

    private struct SuiteFile<Case: Decodable>: Decodable {
        let cases: [Case]
    }

    private struct JoliTypoCase: Decodable {
        let source: String
        let api: String
        let input: String
        let expected: String?
        let expectedContains: [String]?
        let expectedNotContains: [String]?
        let french: Bool

        enum CodingKeys: String, CodingKey {
            case source, api, input, expected, french
            case expectedContains = "expected_contains", expectedNotContains = "expected_not_contains"
        }

        var suiteCase: TypographySuiteCase {
            // Single fixers return text; the full Fixer returns HTML with named entities.
            let single = api.hasPrefix("single fixer")
            let expectation: TypographySuiteCase.Expectation
            if let expected {
                let decoded = TypographySuites.narrowInsideGuillemets(
                    TypographySuites.decodingEntities(expected).replacingOccurrences(of: "\u{AD}", with: ""))
                expectation = .equals(single ? TypographySuites.frenchSpacing(decoded) : decoded)
            } else if let expectedContains {
                expectation = .contains(expectedContains.map(TypographySuites.decodingEntities))
            } else {
                expectation = .excludes((expectedNotContains ?? []).map(TypographySuites.decodingEntities))
            }
            return TypographySuiteCase(source: source, input: input, html: !single, expectation: expectation)
        }
    }

    private struct TypographeurCase: Decodable {
        let source: String
        let input: String
        let expected: String
        let kwargs: [String: Option]

        /// A kwarg's value: only `false` flags matter here.
        enum Option: Decodable, Equatable {
            case flag(Bool)
            case other

            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                self = (try? container.decode(Bool.self)).map(Option.flag) ?? .other
            }
        }

        /// Defaults, or `fix_nbsp=False`, which asks for raw U+00A0 as Kibaru always writes.
        var usesSupportedOptions: Bool { kwargs.isEmpty || kwargs == ["fix_nbsp": .flag(false)] }

        var suiteCase: TypographySuiteCase {
            let ours = TypographySuites.narrowInsideGuillemets(TypographySuites.decodingEntities(expected))
            return TypographySuiteCase(source: source, input: input, html: true, expectation: .equals(ours))
        }
    }

    private struct TypografCase: Decodable {
        let input: String
        let expected: String

        var suiteCase: TypographySuiteCase {
            TypographySuiteCase(
                source: "quote.fr.test.ts", input: input, html: false,
                expectation: .equals(TypographySuites.frenchSpacing(expected)))
        }
    }

    // MARK: Conventions

    /// JoliTypo and typographeur put U+00A0 inside guillemets; Kibaru, like typograf, U+202F.
    static func narrowInsideGuillemets(_ text: String) -> String {
        text.replacingOccurrences(of: "«\u{A0}", with: "«\u{202F}")
            .replacingOccurrences(of: "\u{A0}»", with: "\u{202F}»")
            .replacingOccurrences(of: "‹\u{A0}", with: "‹\u{202F}")
            .replacingOccurrences(of: "\u{A0}›", with: "\u{202F}›")
    }

    /// A single rule (a JoliTypo fixer, typograf's quotes) leaves the other spaces as typed and never adds a missing
    /// one; Kibaru applies every rule at once: a typed space before `; ! ?` becomes U+202F, before `:` U+00A0, and a
    /// word's `:` followed by a space gets its U+00A0.
    static func frenchSpacing(_ text: String) -> String {
        text.replacing(#/ +([;!?])/#) { "\u{202F}" + $0.1 }
            .replacing(#/ +:/#, with: "\u{A0}:")
            .replacing(#/(\w):(?=\s|$)/#) { $0.1 + "\u{A0}:" }
    }

    private static let namedEntities: [String: String] = [
        "nbsp": "\u{A0}", "shy": "\u{AD}", "laquo": "«", "raquo": "»", "rsquo": "’", "hellip": "…", "times": "×",
        "quot": "\"", "oelig": "œ", "agrave": "à", "acirc": "â", "eacute": "é", "egrave": "è", "ecirc": "ê",
        "ocirc": "ô", "Ccedil": "Ç",
    ]

    /// Character references read as text, so that Kibaru's UTF-8 compares with entity-encoded expectations;
    /// `&amp;`, `&lt;` and `&gt;` stay, as both sides must keep them.
    static func decodingEntities(_ html: String) -> String {
        html.replacing(#/&(#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z]+);/#) { match in
            let name = String(match.1)
            if let named = namedEntities[name] { return named }
            guard name.hasPrefix("#") else { return String(match.0) }
            let hex = name.dropFirst().first?.lowercased() == "x"
            guard let value = UInt32(name.dropFirst(hex ? 2 : 1), radix: hex ? 16 : 10),
                let scalar = Unicode.Scalar(value), !"&<>".unicodeScalars.contains(scalar)
            else { return String(match.0) }
            return String(Character(scalar))
        }
    }

    /// Invisible characters made visible in failure messages.
    static func visible(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{A0}", with: "⟨A0⟩").replacingOccurrences(of: "\u{202F}", with: "⟨202F⟩")
            .replacingOccurrences(of: "\u{AD}", with: "⟨AD⟩").replacingOccurrences(of: "\n", with: "⏎")
    }
}

struct TypographySuiteCase {
    enum Expectation {
        case equals(String)
        case contains([String])
        case excludes([String])
    }

    let source: String
    let input: String
    /// HTML in, through ``FrenchTypography/html(_:)``; otherwise plain text through ``FrenchTypography/text(_:)``.
    let html: Bool
    let expectation: Expectation

    func typeset(_ text: String) -> String {
        html ? FrenchTypography.html(text) : FrenchTypography.text(text)
    }
}
