/// The rules of ``FrenchTypography``, each a pass over the characters of a ``TypographyDocument``.
enum TypographyRules {
    static let narrowNoBreakSpace: Unicode.Scalar = "\u{202F}"
    static let noBreakSpace: Unicode.Scalar = "\u{A0}"

    /// The passes in order: characters are replaced first, so that the spacing pass sees « » and …; ordinals come
    /// last, as their superscript adds tags.
    static func apply(to characters: [Unicode.Scalar], html: Bool) -> [Unicode.Scalar] {
        var result = ellipses(characters)
        result = apostrophes(result)
        result = quotes(result)
        result = TypographyNumbers.quantities(result)
        result = spacing(result)
        if html { result = headingPeriods(result) }
        return TypographyNumbers.ordinals(result, superscript: html)
    }

    /// `...`, `..` and longer runs → `…`, except next to a `/` (`../`).
    static func ellipses(_ characters: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        var index = 0
        while index < characters.count {
            guard characters[index] == "." else {
                result.append(characters[index])
                index += 1
                continue
            }
            var end = index
            while end < characters.count, characters[end] == "." { end += 1 }
            let path = result.last == "/" || (end < characters.count && characters[end] == "/")
            if end - index >= 2, !path {
                result.append("…")
            } else {
                result += characters[index..<end]
            }
            index = end
        }
        return result
    }

    /// Words that elide their vowel: a space typed after their apostrophe is dropped (`l' éléphant`).
    private static let elisions: Set<String> = [
        "c", "ç", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
    ]

    /// `'` after a letter → `’` (`l'univers`, `aujourd'hui`); after a digit it is a prime (`6'`, `2'33"`) and
    /// stays.
    static func apostrophes(_ characters: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            index += 1
            guard character == "'", let previous = result.last, previous.isLetter || previous == TypographyMark.word
            else {
                result.append(character)
                continue
            }
            let word = String(scalars: result.reversed().prefix { $0.isLetter }.reversed()).lowercased()
            result.append("’")
            var next = index
            while next < characters.count, characters[next].isTypographicSpace { next += 1 }
            if next > index, next < characters.count, characters[next].isLetter, elisions.contains(word) {
                index = next
            }
        }
        return result
    }

    /// Straight double quotes → « » (‹ › when nested), pairing an opening quote (after a space or at the start of
    /// a block, before a word) with a closing one (after a word, before a space, punctuation or the end of the
    /// block). Quotes that cannot be told apart (`2'33"`, a quote alone between spaces) stay straight; existing
    /// guillemets count for nesting.
    static func quotes(_ characters: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result = characters
        var open: [(index: Int, straight: Bool)] = []
        var run: (positions: ClosedRange<Int>, opens: Bool, closes: Bool)?
        for (index, character) in characters.enumerated() {
            switch character {
            case TypographyMark.boundary, TypographyMark.headingEnd:
                open.removeAll()
            case "«", "‹":
                open.append((index, false))
            case "»", "›":
                if open.last?.straight == false { open.removeLast() }
            case _ where character.isStraightDoubleQuote:
                if run?.positions.contains(index) != true { run = quoteRun(characters, around: index) }
                guard let run else { break }
                if run.opens {
                    open.append((index, true))
                } else if run.closes, let last = open.last, last.straight {
                    let outer = open.count % 2 == 1
                    result[last.index] = outer ? "«" : "‹"
                    result[index] = outer ? "»" : "›"
                    open.removeLast()
                }
            default:
                break
            }
        }
        return result
    }

    /// The run of straight quotes around `index` and whether it opens or closes. A run opens or closes as a whole,
    /// judged by what stands around it (`""Oui" dit-il"`, `"Il a dit "oui""`), never by a quote of the run, which
    /// a first pass may turn into a guillemet: `"""a"""` must not change again on a second pass.
    private static func quoteRun(
        _ characters: [Unicode.Scalar], around index: Int
    ) -> (positions: ClosedRange<Int>, opens: Bool, closes: Bool) {
        let positions = characters.straightQuoteRun(around: index)
        let before = characters.typographicNeighbour(before: positions.lowerBound)
        let after = characters.typographicNeighbour(after: positions.upperBound)
        let canOpen = before.map { $0.isWhitespace || "([{«‹—–/".unicodeScalars.contains($0) } ?? true
        let canClose = closesQuotation(characters, at: positions.upperBound)
        let opens = canOpen && (!canClose || (before == nil && after != nil))
        let closes = canClose && (!canOpen || (after == nil && before != nil))
        return (positions, opens, closes)
    }

    /// Whether what follows `index` may follow a closing quote: a space, the end of the block, or punctuation
    /// ending a clause (not the `.` of `".docx"`).
    private static func closesQuotation(_ characters: [Unicode.Scalar], at index: Int) -> Bool {
        guard let next = characters.typographicNeighbourIndex(after: index) else { return true }
        let character = characters[next]
        return character.isWhitespace || "»›".unicodeScalars.contains(character)
            || (".,;:!?…)]}".unicodeScalars.contains(character) && characters.typographicClauseEnds(after: next))
    }

    /// Brand names whose `!` takes no space.
    private static let exclamatoryNames: Set<String> = ["Yahoo", "Joomla", "Jeopardy"]

    /// The spaces of French punctuation: U+202F before `; ! ?` and inside « » ‹ ›, U+00A0 before `:`, replacing the
    /// spaces typed or added when missing; none before `, . …`, after `(` or before `)`. `??`/`!!` and longer runs
    /// become `???`/`!!!`.
    static func spacing(_ characters: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(characters.count + characters.count / 16)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "«", "‹":
                result.append(character)
                var next = index + 1
                while next < characters.count, characters[next].isTypographicSpace { next += 1 }
                if next < characters.count, !characters[next].isTypographicBreak {
                    result.append(narrowNoBreakSpace)
                    index = next
                    continue
                }
            case "»", "›":
                setSpace(narrowNoBreakSpace, in: &result) { _ in true }
                result.append(character)
            case ";", "!", "?":
                var end = index
                while end < characters.count, ";!?".unicodeScalars.contains(characters[end]) { end += 1 }
                let run = characters[index..<end]
                let name = String(scalars: result.reversed().prefix(while: \.isLetter).reversed())
                let adds = characters.typographicClauseEnds(after: end - 1)
                    && (run.first != "!" || !exclamatoryNames.contains(name))
                setSpace(narrowNoBreakSpace, in: &result) { adds && followsWord($0) }
                result += tripled(run)
                index = end
                continue
            case ":":
                let adds = characters.typographicNeighbour(after: index).map {
                    $0.isWhitespace || "»›".unicodeScalars.contains($0)
                } ?? true
                setSpace(noBreakSpace, in: &result) { adds && followsWord($0) }
                result.append(character)
            case ",", ".", "…":
                if characters.typographicClauseEnds(after: index) { removeSpaces(from: &result, after: closesWord) }
                result.append(character)
            case "(":
                let startsAside = result.typographicNeighbour(before: result.count).map {
                    $0.isWhitespace || "([{«‹—–/".unicodeScalars.contains($0)
                } ?? true
                result.append(character)
                var next = index + 1
                while next < characters.count, characters[next].isTypographicSpace { next += 1 }
                if startsAside, next < characters.count, !characters[next].isTypographicBreak {
                    index = next
                    continue
                }
            case ")":
                removeSpaces(from: &result) { closesWord($0) || ".!?…".unicodeScalars.contains($0) }
                result.append(character)
            default:
                result.append(character)
            }
            index += 1
        }
        return result
    }

    /// What a space may be added after, when missing before `; ! ? :`.
    private static func followsWord(_ character: Unicode.Scalar) -> Bool {
        character.isTypographicWord || ")]»›".unicodeScalars.contains(character)
    }

    /// Replaces the spaces ending `result` by `space`, or adds `space` when there are none and the character before
    /// passes `addAfter`. Nothing changes at the start of a line or block.
    private static func setSpace(_ space: Unicode.Scalar, in result: inout [Unicode.Scalar], addAfter: (Unicode.Scalar) -> Bool) {
        let spaces = result.reversed().prefix(while: \.isTypographicSpace).count
        guard let before = result.typographicNeighbour(before: result.count - spaces), !before.isNewline else {
            return
        }
        if spaces > 0 {
            result.removeLast(spaces)
            result.append(space)
        } else if addAfter(before) {
            result.append(space)
        }
    }

    /// A word, or what closes one: a quote, a bracket.
    private static func closesWord(_ character: Unicode.Scalar) -> Bool {
        character.isTypographicWord || character.isStraightDoubleQuote || ")]»›’".unicodeScalars.contains(character)
    }

    /// Removes the spaces ending `result` when the character before them passes `after`.
    private static func removeSpaces(from result: inout [Unicode.Scalar], after: (Unicode.Scalar) -> Bool) {
        let spaces = result.reversed().prefix(while: \.isTypographicSpace).count
        guard spaces > 0, let before = result.typographicNeighbour(before: result.count - spaces), after(before)
        else { return }
        result.removeLast(spaces)
    }

    /// `??` or `?????` → `???`, and the same for `!`; other runs stay.
    private static func tripled(_ run: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
        guard run.count >= 2, let first = run.first, first != ";", run.allSatisfy({ $0 == first }) else {
            return Array(run)
        }
        return [first, first, first]
    }

    /// Drops the final period of headings and titles, and the spaces after it, when it ends a word (not `:.`, nor
    /// after a straight quote left unpaired).
    static func headingPeriods(_ characters: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result = characters
        for end in characters.indices.reversed() where characters[end] == TypographyMark.headingEnd {
            var index = end - 1
            while index >= 0, result[index].isWhitespace || result[index] == TypographyMark.inlineTag {
                index -= 1
            }
            guard index >= 0, result[index] == ".",
                let before = result.typographicNeighbour(before: index),
                before.isTypographicWord || ")]»›’".unicodeScalars.contains(before)
            else { continue }
            for position in (index..<end).reversed() where result[position] != TypographyMark.inlineTag {
                result.remove(at: position)
            }
        }
        return result
    }
}
