/// The rules of ``FrenchTypography`` about numbers: dimensions, thousands, units and ordinals.
enum TypographyNumbers {
    private static let narrow = TypographyRules.narrowNoBreakSpace
    private static let noBreak = TypographyRules.noBreakSpace

    /// Symbols that, like a word, take a no-break space after a number.
    private static let unitSymbols: Set<Unicode.Scalar> = ["%", "‰", "€", "$", "£", "¥", "°", "×"]

    /// For each number standing alone (not inside a word such as `MP3`):
    /// - `4x4` → `4×4`, `2 x 5` → `2 × 5` with no-break spaces (not `0x1F`);
    /// - thousands grouped with U+202F from 10 000 (`23500` → `23 500`; years such as `2024` stay), and typed
    ///   groups `1 300` tied with U+202F; not after a decimal comma, nor in what looks like a phone number, a
    ///   postal code or a reference (`06 12 34 56 78`, `75011 Paris`, `n° 12345`, `12345.6`, `10000-2`);
    /// - a space typed between the number and the next word or unit becomes U+00A0 (`4 pages`, `50 %`), and `50%`
    ///   gets one.
    static func quantities(_ characters: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(characters.count + characters.count / 32)
        var index = 0
        while index < characters.count {
            guard characters[index].isTypographicDigit, !(result.last?.isTypographicWord ?? false) else {
                result.append(characters[index])
                index += 1
                continue
            }
            var end = index
            while end < characters.count, characters[end].isTypographicDigit { end += 1 }
            if let (product, rightOperand) = dimension(characters, number: index..<end) {
                result += product
                index = rightOperand
                continue
            }
            if let (grouped, groupsEnd) = thousands(characters, number: index..<end, after: result) {
                result += grouped
                end = groupsEnd
            } else {
                result += characters[index..<end]
            }
            index = end
            var next = index
            while next < characters.count, characters[next] == " " { next += 1 }
            if next > index, next < characters.count,
                characters[next].isLetter || unitSymbols.contains(characters[next])
            {
                result.append(noBreak)
                index = next
            } else if next == index, index < characters.count, characters[index] == "%",
                characters.typographicClauseEnds(after: index)
            {
                result.append(noBreak)
            }
        }
        return result
    }

    /// `4x4` or `2 x 5` starting with `number`: the product up to its right operand, and where that starts.
    private static func dimension(_ characters: [Unicode.Scalar], number: Range<Int>) -> ([Unicode.Scalar], Int)? {
        func spaces(from start: Int) -> Int {
            var end = start
            while end < characters.count, characters[end] == " " || characters[end] == noBreak { end += 1 }
            return end
        }
        let times = spaces(from: number.upperBound)
        guard times < characters.count, characters[times] == "x" else { return nil }
        let right = spaces(from: times + 1)
        let spaced = times > number.upperBound
        guard right < characters.count, characters[right].isTypographicDigit, spaced == (right > times + 1),
            spaced || characters[number] != ["0"]
        else { return nil }
        return (Array(characters[number]) + (spaced ? [noBreak, "×", noBreak] : ["×"]), right)
    }

    /// `number` grouped by thousands, with the end of the groups read, or `nil` when it is not a quantity to group.
    private static func thousands(_ characters: [Unicode.Scalar], number: Range<Int>, after result: [Unicode.Scalar])
        -> ([Unicode.Scalar], Int)?
    {
        guard characters[number.lowerBound] != "0", !followsReference(result) else { return nil }
        let digits = characters[number]
        if digits.count >= 5 {
            guard endsQuantity(characters, at: number.upperBound), !isPostalCode(characters, number: number) else {
                return nil
            }
            var grouped = Array(digits.prefix((digits.count - 1) % 3 + 1))
            for start in stride(from: digits.startIndex + grouped.count, to: digits.endIndex, by: 3) {
                grouped.append(narrow)
                grouped += digits[start..<start + 3]
            }
            return (grouped, number.upperBound)
        }
        var end = number.upperBound
        while end + 3 < characters.count, [" ", noBreak, narrow].contains(characters[end]),
            characters[end + 1...end + 3].allSatisfy(\.isTypographicDigit),
            end + 4 == characters.count || !characters[end + 4].isTypographicDigit
        {
            end += 4
        }
        guard characters[number.upperBound..<end].contains(" "), endsQuantity(characters, at: end) else { return nil }
        return (characters[number.lowerBound..<end].map { $0 == " " ? narrow : $0 }, end)
    }

    /// Whether the text before a number makes it part of a reference, a decimal or a phone number: `n° `, `,`, `.`,
    /// `/`, `-`, `#`… or another number followed by a space.
    private static func followsReference(_ result: [Unicode.Scalar]) -> Bool {
        guard let last = result.last else { return false }
        if last.isTypographicSpace {
            let before = result.reversed().drop(while: \.isTypographicSpace).first
            return before.map { $0.isTypographicDigit || $0 == "°" || $0 == "º" } ?? false
        }
        return ".,/:-_#@+&=°º'’".unicodeScalars.contains(last)
    }

    /// Five digits and a capitalised word: `75011 Paris`.
    private static func isPostalCode(_ characters: [Unicode.Scalar], number: Range<Int>) -> Bool {
        let city = number.upperBound + 1
        return number.count == 5 && city < characters.count && characters[number.upperBound].isTypographicSpace
            && characters[city].isUppercase
    }

    /// Whether a number may end at `index`: not inside a word (even across a tag, as in `12345<sup>e</sup>`), a
    /// reference (`12345-2`, `12345.6`, `12345:6`), a phone number (another group of digits after a space) or a
    /// dimension (`12345 x 2`, left as typed).
    private static func endsQuantity(_ characters: [Unicode.Scalar], at index: Int) -> Bool {
        func character(_ position: Int) -> Unicode.Scalar? { position < characters.count ? characters[position] : nil }
        guard let next = character(index) else { return true }
        if characters.typographicNeighbour(after: index - 1)?.isTypographicWord == true
            || "/_@-".unicodeScalars.contains(next)
        {
            return false
        }
        if ".:".unicodeScalars.contains(next) || next.isTypographicSpace,
            character(index + 1)?.isTypographicDigit == true
        {
            return false
        }
        var sign = index
        while character(sign)?.isTypographicSpace == true { sign += 1 }
        guard character(sign) == "x" || character(sign) == "×" else { return true }
        var operand = sign + 1
        while character(operand)?.isTypographicSpace == true { operand += 1 }
        return character(operand)?.isTypographicDigit != true
    }

    // MARK: Ordinals

    private static let firstSuffixes: [String: String] = [
        "er": "er", "re": "re", "ère": "re", "ers": "ers", "res": "res", "ères": "res",
    ]
    private static let otherSuffixes: [String: String] = [
        "e": "e", "è": "e", "ème": "e", "ième": "e", "eme": "e",
        "es": "es", "èmes": "es", "ièmes": "es", "emes": "es",
    ]

    /// Ordinals in figures or Roman numerals get the abbreviations of the Imprimerie nationale (`1ère` → `1re`,
    /// `2ème` → `2e`, `XXIème` → `XXIe`), set in superscript in HTML (`1<sup>er</sup>`). A single `L`, `C`, `D` or
    /// `M` is not read as a numeral (`Le`, `Ce`, `De`, `Me`).
    static func ordinals(_ characters: [Unicode.Scalar], superscript: Bool) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(characters.count)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isTypographicDigit || romanLetters.contains(character),
                !(result.last.map { $0.isTypographicWord || $0 == "," || $0 == "." } ?? false),
                let (number, suffix, end) = ordinal(in: characters, at: index)
            {
                result += number
                result += superscript ? Array("<sup>\(suffix)</sup>".unicodeScalars) : Array(suffix.unicodeScalars)
                index = end
                continue
            }
            result.append(characters[index])
            index += 1
        }
        return result
    }

    /// The ordinal starting at `index`: its number, its normalised suffix and where it ends.
    private static func ordinal(in characters: [Unicode.Scalar], at index: Int) -> (ArraySlice<Unicode.Scalar>, String, Int)? {
        var numberEnd = index
        while numberEnd < characters.count, characters[numberEnd].isTypographicDigit { numberEnd += 1 }
        let arabic = numberEnd > index
        if !arabic {
            while numberEnd < characters.count, romanLetters.contains(characters[numberEnd]) { numberEnd += 1 }
        }
        guard numberEnd > index else { return nil }
        var end = numberEnd
        while end < characters.count, end - numberEnd <= 5, characters[end].isLetter, characters[end].isLowercase {
            end += 1
        }
        guard end > numberEnd, end == characters.count || !characters[end].isTypographicWord else { return nil }
        let number = String(scalars: characters[index..<numberEnd])
        let first: Bool
        if arabic {
            guard !number.hasPrefix("0") else { return nil }
            first = number == "1"
        } else {
            guard number.count > 1 || "IVX".contains(number), let value = romanValue(number) else { return nil }
            first = value == 1
        }
        guard let suffix = (first ? firstSuffixes : otherSuffixes)[String(scalars: characters[numberEnd..<end])] else {
            return nil
        }
        return (characters[index..<numberEnd], suffix, end)
    }

    private static let romanLetters: Set<Unicode.Scalar> = ["I", "V", "X", "L", "C", "D", "M"]

    private static let romanDigits: [(value: Int, numeral: String)] = [
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"),
        (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ]

    /// The value of a Roman numeral written the standard way (`XXI`, not `XXXXI` nor `IIX`), up to 3999.
    private static func romanValue(_ numeral: String) -> Int? {
        var rest = numeral[...]
        var value = 0
        for (digitValue, digit) in romanDigits {
            var repeats = 0
            while rest.hasPrefix(digit), repeats < 3 {
                rest = rest.dropFirst(digit.count)
                value += digitValue
                repeats += 1
            }
        }
        return rest.isEmpty && value > 0 && numeral == roman(value) ? value : nil
    }

    private static func roman(_ value: Int) -> String {
        var rest = value
        var numeral = ""
        for (digitValue, digit) in romanDigits {
            while rest >= digitValue {
                numeral += digit
                rest -= digitValue
            }
        }
        return numeral
    }
}
