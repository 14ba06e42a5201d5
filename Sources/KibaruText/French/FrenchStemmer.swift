// Algorithm: Snowball French stemmer (snowballstem.org, BSD-3-Clause)

/// The Snowball French stemmer (3.x algorithm, with its elision and `-oux`/`-ais` rules), in pure Swift.
///
/// It reproduces the reference vocabulary of the Snowball project word for word and is cheap enough to run on
/// every token of a full-text index: it works on one array of Unicode scalars and no regular expressions.
public enum FrenchStemmer {
    /// The stem of one lowercase French word: `"économiques"` → `"économ"`, `"c'est"` → `"est"`.
    ///
    /// Accents are kept (fold them afterwards if needed); an ASCII apostrophe after a leading `c d j l m n s t qu`
    /// is an elision and is dropped with it, any other apostrophe stays (`"aujourd'hui"` is its own stem).
    public static func stem(_ word: String) -> String {
        var word = FrenchWord(word)
        word.dropElision()
        word.markSemivowels()
        word.markRegions()
        word.removeSuffixes()
        return word.text
    }
}

/// A word being stemmed. Like the Snowball original it marks letters with uppercase stand-ins while it works:
/// `U`, `I`, `Y` for a `u`, `i`, `y` used as a consonant, `H` before the `e`/`i` of a diaeresis (`ë` → `He`).
private struct FrenchWord {
    private var letters: [Unicode.Scalar]
    /// Where the regions RV, R1 and R2 start; every suffix rule checks where its suffix begins against them.
    private var rv = 0
    private var r1 = 0
    private var r2 = 0

    init(_ word: String) {
        letters = []
        letters.reserveCapacity(word.utf8.count)
        letters.append(contentsOf: word.unicodeScalars)
    }

    // MARK: - Forward passes

    /// `l'avion` → `avion`, `qu'il` → `il`; a bare `l'` is left alone.
    mutating func dropElision() {
        let length: Int
        if letters.count > 2, Self.isElisionLetter(letters[0]) {
            length = 1
        } else if letters.count > 3, letters[0] == "q", letters[1] == "u" {
            length = 2
        } else {
            return
        }
        if letters[length] == "'" { letters.removeFirst(length + 1) }
    }

    /// Marks `u`, `i` between vowels, `y` next to a vowel and the `u` after `q` as consonants, and splits
    /// `ë`/`ï` into `He`/`Hi`. After each change the same position is tried again, as Snowball's `repeat goto` does.
    mutating func markSemivowels() {
        var index = 0
        while index < letters.count {
            if !markSemivowel(at: index) { index += 1 }
        }
    }

    private mutating func markSemivowel(at index: Int) -> Bool {
        let letter = letters[index]
        let next = index + 1 < letters.count ? letters[index + 1] : nil
        if Self.isVowel(letter), let next {
            let vowelFollows = index + 2 < letters.count && Self.isVowel(letters[index + 2])
            switch next {
            case "u" where vowelFollows: letters[index + 1] = "U"; return true
            case "i" where vowelFollows: letters[index + 1] = "I"; return true
            case "y": letters[index + 1] = "Y"; return true
            default: break
            }
        }
        switch letter {
        case "ë":
            letters[index] = "e"
            letters.insert("H", at: index)
        case "ï":
            letters[index] = "i"
            letters.insert("H", at: index)
        case "y" where next.map(Self.isVowel) == true:
            letters[index] = "Y"
        case "q" where next == "u":
            letters[index + 1] = "U"
        default:
            return false
        }
        return true
    }

    mutating func markRegions() {
        let count = letters.count
        rv = count
        r1 = count
        r2 = count
        if count >= 3, Self.isVowel(letters[0]), Self.isVowel(letters[1]) {
            rv = 3
        } else if hasPrefix("col") || hasPrefix("par") || hasPrefix("tap") {
            rv = 3
        } else if count >= 3, hasPrefix("ni"), Self.isVowel(letters[2]) {
            rv = 3
        } else if let vowel = firstIndex(from: 1, vowel: true) {
            rv = vowel + 1
        }
        guard let vowel1 = firstIndex(from: 0, vowel: true),
            let consonant1 = firstIndex(from: vowel1 + 1, vowel: false)
        else { return }
        r1 = consonant1 + 1
        guard let vowel2 = firstIndex(from: r1, vowel: true),
            let consonant2 = firstIndex(from: vowel2 + 1, vowel: false)
        else { return }
        r2 = consonant2 + 1
    }

    /// The word with its marks turned back into letters (Snowball's postlude).
    var text: String {
        var scalars = String.UnicodeScalarView()
        var index = 0
        while index < letters.count {
            switch letters[index] {
            case "I": scalars.append("i")
            case "U": scalars.append("u")
            case "Y": scalars.append("y")
            case "H":
                let next = index + 1 < letters.count ? letters[index + 1] : nil
                if next == "e" {
                    scalars.append("ë")
                    index += 1
                } else if next == "i" {
                    scalars.append("ï")
                    index += 1
                }
            case let letter: scalars.append(letter)
            }
            index += 1
        }
        return String(scalars)
    }

    // MARK: - Suffix removal

    mutating func removeSuffixes() {
        if removeStandardSuffix() || removeIVerbSuffix() || removeVerbSuffix() {
            if letters.last == "Y" {
                letters[letters.count - 1] = "i"
            } else if letters.last == "ç" {
                letters[letters.count - 1] = "c"
            }
        } else {
            removeResidualSuffix()
        }
        undouble()
        unaccent()
    }

    /// Step 1. Returns `false` when no rule applied, and also after the `-ment` rules, which strip their ending
    /// and then let the verb steps run on what is left.
    private mutating func removeStandardSuffix() -> Bool {
        guard let ending = longestEnding(in: Self.standardEndings) else { return false }
        let start = letters.count - ending.letters.count
        switch ending.rule {
        case .deleteInR2:
            guard start >= r2 else { return false }
            truncate(at: start)
        case .ation:
            guard start >= r2 else { return false }
            truncate(at: start)
            if hasSuffix("ic") { deleteInR2OrReplace(length: 2, with: "iqU") }
        case .logie:
            guard start >= r2 else { return false }
            replaceSuffix(from: start, with: "log")
        case .usion:
            guard start >= r2 else { return false }
            replaceSuffix(from: start, with: "u")
        case .ence:
            guard start >= r2 else { return false }
            replaceSuffix(from: start, with: "ent")
        case .ement:
            guard start >= rv else { return false }
            truncate(at: start)
            removeEmentPrefix()
        case .ite:
            guard start >= r2 else { return false }
            truncate(at: start)
            if hasSuffix("abil") {
                deleteInR2OrReplace(length: 4, with: "abl")
            } else if hasSuffix("ic") {
                deleteInR2OrReplace(length: 2, with: "iqU")
            } else if hasSuffix("iv") {
                deleteInR2(length: 2)
            }
        case .ive:
            guard start >= r2 else { return false }
            truncate(at: start)
            if hasSuffix("at"), deleteInR2(length: 2), hasSuffix("ic") {
                deleteInR2OrReplace(length: 2, with: "iqU")
            }
        case .eaux:
            replaceSuffix(from: start, with: "eau")
        case .aux:
            guard start >= r1 else { return false }
            replaceSuffix(from: start, with: "al")
        case .oux:
            guard start > 0, Self.isOuxStem(letters[start - 1]) else { return false }
            replaceSuffix(from: start, with: "ou")
        case .euse:
            if start >= r2 {
                truncate(at: start)
            } else if start >= r1 {
                replaceSuffix(from: start, with: "eux")
            } else {
                return false
            }
        case .issement:
            guard start >= r1, start > 0, !Self.isVowel(letters[start - 1]) else { return false }
            truncate(at: start)
        case .amment:
            if start >= rv { replaceSuffix(from: start, with: "ant") }
            return false
        case .emment:
            if start >= rv { replaceSuffix(from: start, with: "ent") }
            return false
        case .ment:
            if start > rv, Self.isVowel(letters[start - 1]) { truncate(at: start) }
            return false
        }
        return true
    }

    /// What may precede a removed `-ement`: `-iv(ement)`, `-eus(ement)`, `-abl(ement)`, `-iqU(ement)`, `-ièr(ement)`.
    private mutating func removeEmentPrefix() {
        let start = letters.count - 3
        if hasSuffix("iv") {
            if deleteInR2(length: 2), hasSuffix("at") { deleteInR2(length: 2) }
        } else if hasSuffix("eus") {
            if start >= r2 {
                truncate(at: start)
            } else if start >= r1 {
                replaceSuffix(from: start, with: "eux")
            }
        } else if hasSuffix("abl") || hasSuffix("iqU") {
            deleteInR2(length: 3)
        } else if hasSuffix("ièr") || hasSuffix("Ièr") {
            if start >= rv { replaceSuffix(from: start, with: "i") }
        }
    }

    /// Step 2a: `-ir` verb endings, kept after a vowel or after a diaeresis mark.
    private mutating func removeIVerbSuffix() -> Bool {
        guard letters.count >= rv, let ending = Self.iVerbEndings.first(where: { endsWith($0, notBefore: rv) }) else {
            return false
        }
        let start = letters.count - ending.count
        guard start > rv, letters[start - 1] != "H", !Self.isVowel(letters[start - 1]) else { return false }
        truncate(at: start)
        return true
    }

    /// Step 2b: other verb endings, all inside RV.
    private mutating func removeVerbSuffix() -> Bool {
        guard letters.count >= rv, let ending = longestEnding(in: Self.verbEndings, notBefore: rv) else {
            return false
        }
        let start = letters.count - ending.letters.count
        switch ending.rule {
        case .ions:
            guard start >= r2 else { return false }
            truncate(at: start)
        case .delete:
            truncate(at: start)
        case .deleteWithE:
            let withE = start > rv && letters[start - 1] == "e"
            truncate(at: withE ? start - 1 : start)
        case .ais:
            // Keeps the -ais of "malais", "épais", "mauvais" and the like.
            if hasSuffix("épl", endingAt: start) || hasSuffix("auv", endingAt: start)
                || (start == 3 && hasSuffix("al", endingAt: start))
            {
                return false
            }
            truncate(at: start)
        }
        return true
    }

    /// Step 4, run when steps 1 and 2 left the word alone: a plural `-s`, then `-ion`, `-ier`, `-e`.
    private mutating func removeResidualSuffix() {
        let count = letters.count
        if count >= 2, letters[count - 1] == "s" {
            let afterHi = count >= 3 && letters[count - 3] == "H" && letters[count - 2] == "i"
            if afterHi || !Self.keepsFinalS(letters[count - 2]) { letters.removeLast() }
        }
        guard letters.count >= rv, let ending = longestEnding(in: Self.residualEndings, notBefore: rv) else {
            return
        }
        let start = letters.count - ending.letters.count
        switch ending.rule {
        case .ion:
            if start >= r2, start > rv, letters[start - 1] == "s" || letters[start - 1] == "t" {
                truncate(at: start)
            }
        case .ier:
            replaceSuffix(from: start, with: "i")
        case .e:
            truncate(at: start)
        }
    }

    /// Step 5: `-enn`, `-onn`, `-ett`, `-ell`, `-eill` lose their last letter.
    private mutating func undouble() {
        if hasSuffix("enn") || hasSuffix("onn") || hasSuffix("ett") || hasSuffix("ell") || hasSuffix("eill") {
            letters.removeLast()
        }
    }

    /// Step 6: an `é` or `è` followed by consonants only becomes `e`.
    private mutating func unaccent() {
        var index = letters.count
        while index > 0, !Self.isVowel(letters[index - 1]) { index -= 1 }
        guard index < letters.count, index > 0, letters[index - 1] == "é" || letters[index - 1] == "è" else { return }
        letters[index - 1] = "e"
    }

    // MARK: - Helpers

    private mutating func truncate(at start: Int) {
        letters.removeSubrange(start...)
    }

    private mutating func replaceSuffix(from start: Int, with replacement: String) {
        letters.removeSubrange(start...)
        letters.append(contentsOf: replacement.unicodeScalars)
    }

    /// Deletes the last `length` letters when they lie in R2; tells whether it did.
    @discardableResult
    private mutating func deleteInR2(length: Int) -> Bool {
        let start = letters.count - length
        guard start >= r2 else { return false }
        truncate(at: start)
        return true
    }

    private mutating func deleteInR2OrReplace(length: Int, with replacement: String) {
        if !deleteInR2(length: length) { replaceSuffix(from: letters.count - length, with: replacement) }
    }

    private func hasPrefix(_ prefix: String) -> Bool {
        var index = 0
        for scalar in prefix.unicodeScalars {
            guard index < letters.count, letters[index] == scalar else { return false }
            index += 1
        }
        return true
    }

    private func hasSuffix(_ suffix: String, endingAt end: Int? = nil) -> Bool {
        var index = end ?? letters.count
        for scalar in suffix.unicodeScalars.reversed() {
            guard index > 0, letters[index - 1] == scalar else { return false }
            index -= 1
        }
        return true
    }

    /// The longest ending of `table` that the word ends with and that starts at `lowerBound` or later.
    /// Tables are sorted longest first, so the first match is the longest.
    private func longestEnding<Rule>(in table: [Ending<Rule>], notBefore lowerBound: Int = 0) -> Ending<Rule>? {
        table.first { endsWith($0.letters, notBefore: lowerBound) }
    }

    private func endsWith(_ ending: [Unicode.Scalar], notBefore lowerBound: Int) -> Bool {
        let start = letters.count - ending.count
        guard start >= lowerBound else { return false }
        var index = ending.count
        while index > 0 {
            index -= 1
            if letters[start + index] != ending[index] { return false }
        }
        return true
    }

    private func firstIndex(from start: Int, vowel: Bool) -> Int? {
        var index = start
        while index < letters.count {
            if Self.isVowel(letters[index]) == vowel { return index }
            index += 1
        }
        return nil
    }

    private static func isVowel(_ letter: Unicode.Scalar) -> Bool {
        switch letter {
        case "a", "e", "i", "o", "u", "y", "â", "à", "ë", "é", "ê", "è", "ï", "î", "ô", "û", "ù": true
        default: false
        }
    }

    private static func isElisionLetter(_ letter: Unicode.Scalar) -> Bool {
        switch letter {
        case "c", "d", "j", "l", "m", "n", "s", "t": true
        default: false
        }
    }

    /// `bijoux`, `choux`, `genoux`, `hiboux`, `joujoux`, `poux` → `-ou`; `époux`, `roux` keep their `x`.
    private static func isOuxStem(_ letter: Unicode.Scalar) -> Bool {
        switch letter {
        case "b", "h", "j", "l", "n", "p": true
        default: false
        }
    }

    /// A final `-s` after these letters is part of the word (`pas`, `gris`, `gros`, `tous`, `après`, `stress`).
    private static func keepsFinalS(_ letter: Unicode.Scalar) -> Bool {
        switch letter {
        case "a", "i", "o", "s", "u", "è": true
        default: false
        }
    }
}

// MARK: - Ending tables

/// One ending of a suffix table and the rule that handles it.
private struct Ending<Rule: Sendable>: Sendable {
    let letters: [Unicode.Scalar]
    let rule: Rule

    /// A table sorted longest ending first.
    static func table(_ entries: KeyValuePairs<String, Rule>) -> [Ending] {
        entries.map { Ending(letters: Array($0.key.unicodeScalars), rule: $0.value) }
            .sorted { $0.letters.count > $1.letters.count }
    }
}

private enum StandardRule: Sendable {
    case deleteInR2, ation, logie, usion, ence, ement, ite, ive, eaux, aux, oux, euse, issement, amment, emment, ment
}

private enum VerbRule: Sendable {
    case ions, delete, deleteWithE, ais
}

private enum ResidualRule: Sendable {
    case ion, ier, e
}

extension FrenchWord {
    fileprivate static let standardEndings = Ending<StandardRule>.table([
        "ance": .deleteInR2, "iqUe": .deleteInR2, "isme": .deleteInR2, "able": .deleteInR2, "iste": .deleteInR2,
        "eux": .deleteInR2, "ances": .deleteInR2, "iqUes": .deleteInR2, "ismes": .deleteInR2, "ables": .deleteInR2,
        "istes": .deleteInR2,
        "atrice": .ation, "ateur": .ation, "ation": .ation, "atrices": .ation, "ateurs": .ation, "ations": .ation,
        "logie": .logie, "logies": .logie,
        "usion": .usion, "ution": .usion, "usions": .usion, "utions": .usion,
        "ence": .ence, "ences": .ence,
        "ement": .ement, "ements": .ement,
        "ité": .ite, "ités": .ite,
        "if": .ive, "ive": .ive, "ifs": .ive, "ives": .ive,
        "eaux": .eaux, "aux": .aux, "oux": .oux,
        "euse": .euse, "euses": .euse,
        "issement": .issement, "issements": .issement,
        "amment": .amment, "emment": .emment,
        "ment": .ment, "ments": .ment,
    ])

    /// Step 2a's endings, longest first; they all share one rule.
    fileprivate static let iVerbEndings: [[Unicode.Scalar]] = [
        "îmes", "ît", "îtes", "i", "ie", "ies", "ir", "ira", "irai", "iraIent", "irais", "irait", "iras", "irent",
        "irez", "iriez", "irions", "irons", "iront", "is", "issaIent", "issais", "issait", "issant", "issante",
        "issantes", "issants", "isse", "issent", "isses", "issez", "issiez", "issions", "issons", "it",
    ].map { Array($0.unicodeScalars) }.sorted { $0.count > $1.count }

    fileprivate static let verbEndings = Ending<VerbRule>.table([
        "ions": .ions,
        "é": .delete, "ée": .delete, "ées": .delete, "és": .delete, "èrent": .delete, "er": .delete, "era": .delete,
        "erai": .delete, "eraIent": .delete, "erais": .delete, "erait": .delete, "eras": .delete, "erez": .delete,
        "eriez": .delete, "erions": .delete, "erons": .delete, "eront": .delete, "ez": .delete, "iez": .delete,
        "eais": .delete,
        "âmes": .deleteWithE, "ât": .deleteWithE, "âtes": .deleteWithE, "a": .deleteWithE, "ai": .deleteWithE,
        "aIent": .deleteWithE, "ait": .deleteWithE, "ant": .deleteWithE, "ante": .deleteWithE,
        "antes": .deleteWithE, "ants": .deleteWithE, "as": .deleteWithE, "asse": .deleteWithE,
        "assent": .deleteWithE, "asses": .deleteWithE, "assiez": .deleteWithE, "assions": .deleteWithE,
        "ais": .ais, "aise": .ais, "aises": .ais,
    ])

    fileprivate static let residualEndings = Ending<ResidualRule>.table([
        "ion": .ion, "ier": .ier, "ière": .ier, "Ier": .ier, "Ière": .ier, "e": .e,
    ])
}
