import Foundation

/// The kind of a named entity, with the French label the editor shows on its tag.
public enum NamedEntityKind: String, Sendable, CaseIterable {
    /// A person: "Assimi Goïta".
    case person = "personne"
    /// A town, region or country: "Kidal", "Sahel", "Russie".
    case place = "lieu"
    /// An institution, army, armed group, party or medium: "CEDEAO", "Conseil national de transition".
    case organisation = "organisation"
}

/// A name found in an article, proposed to the editor as a typed tag.
public struct EntityCandidate: Hashable, Sendable {
    /// The name as the article spells it most often: "Assimi Goïta", "FAMa", "Alliance des États du Sahel".
    public let name: String
    /// Person, place or organisation.
    public let kind: NamedEntityKind
    /// How many times the text names it, counting a person's surname-only mentions and other spellings of a
    /// known place or organisation ("Fédération de Russie" for "Russie").
    public let mentions: Int

    /// A candidate as the extractor proposes it; tests and callers build their expected values with it.
    public init(name: String, kind: NamedEntityKind, mentions: Int) {
        self.name = name
        self.kind = kind
        self.mentions = mentions
    }
}

/// Finds the people, places and organisations a French news article names, to propose them as tags.
///
/// It reads capitalised words joined by French particles ("Alliance des États du Sahel"), institution names
/// that capitalise only their first word ("Conseil national de transition"), acronyms ("CEDEAO", "FAMa"),
/// and places and organisations from a list shipped with Kibaru. Two to four capitalised words that are
/// nothing else are a person, titles left out ("Colonel Sadio Camara" → "Sadio Camara"); a lone capitalised
/// word is only kept when it is a known name or the surname of a person named in full elsewhere in the text.
///
/// ```swift
/// EntityExtractor.candidates(in: "Le colonel Assimi Goïta a reçu la CEDEAO à Bamako. Goïta a…")
/// // Assimi Goïta (personne, 2), Bamako (lieu, 1), CEDEAO (organisation, 1)
/// ```
public enum EntityExtractor {
    /// The entities `text` names, most mentioned first, then by name. Reads plain text (title, standfirst and
    /// paragraphs separated by blank lines) in time linear in its length.
    public static func candidates(in text: String) -> [EntityCandidate] {
        var reader = EntityReader(tokens: EntityTokenizer.tokens(of: text))
        reader.readAll()
        return reader.tally.candidates()
    }
}

// MARK: - Tokens

/// A word, an elided word ("l’", "d’") or a punctuation mark of the text.
struct EntityToken: Sendable {
    enum Role: Sendable { case word, elision, mark }

    /// The characters as written.
    let text: String
    /// The comparison key (`EntityLexicon.key(_:)`).
    let key: String
    let role: Role
    /// Whether it is the first word of a sentence, line, quotation or heading.
    let startsSentence: Bool

    /// A word whose first letter is a capital: "Kidal", "FAMa", "État", "Le".
    var isCapitalised: Bool { role == .word && text.first?.isUppercase == true }

    /// A word whose letters are all capitals, two of them in a row: "CEDEAO", "M5-RFP", "LIRE", not "J-M".
    var isAllCapitals: Bool {
        role == .word && text.allSatisfy { !$0.isLetter || $0.isUppercase }
            && zip(text, text.dropFirst()).contains { $0.isLetter && $1.isLetter }
    }

    /// A word whose first letter is lowercase: "transition", "via".
    var isLowercase: Bool { role == .word && text.first?.isLowercase == true }
}

/// Splits French text into words, elided words and punctuation, noting which words begin a sentence.
enum EntityTokenizer {
    private static let hyphens: Set<Character> = ["-", "\u{2011}"]
    /// Invisible characters left in words by word processors: soft hyphen, zero-width space and joiners.
    private static let invisibles: Set<Character> = ["\u{00AD}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}"]
    private static let apostrophes = EntityLexicon.typedApostrophes.union(["'"])
    /// Marks after which the next word is capitalised for reasons other than being a name.
    private static let sentenceBreaks: Set<Character> = [".", "!", "?", "…", ":", "«", "“", "\""]

    static func tokens(of text: String) -> [EntityToken] {
        var builder = Builder()
        let characters = Array(text)
        var word = ""
        for (offset, character) in characters.enumerated() {
            let next = offset + 1 < characters.count ? characters[offset + 1] : nil
            if character.asciiValue == nil, invisibles.contains(character) {
                continue
            } else if isWordCharacter(character) {
                word.append(character)
            } else if !word.isEmpty, let next, isWordCharacter(next), hyphens.contains(character) {
                word.append(character)
            } else if !word.isEmpty, let next, isWordCharacter(next), apostrophes.contains(character) {
                if isElision(word, before: next) {
                    builder.add(word + String(character), role: .elision)
                    word = ""
                } else {
                    word.append(character)
                }
            } else {
                builder.add(word, role: .word)
                word = ""
                builder.addMark(character)
            }
        }
        builder.add(word, role: .word)
        return builder.tokens
    }

    static func isApostrophe(_ character: Character) -> Bool {
        apostrophes.contains(character)
    }

    /// A letter or a digit (ASCII ones told by their byte: the Unicode properties cost most of the tokenizer).
    private static func isWordCharacter(_ character: Character) -> Bool {
        if let ascii = character.asciiValue {
            let lower = ascii | 0x20
            return (0x30...0x39).contains(ascii) || (0x61...0x7A).contains(lower)
        }
        return character.isLetter || character.isNumber
    }

    /// "l’", "qu’", "d’" are elided words; "N’Djamena", "N’Diaye" and "aujourd’hui" are single words.
    private static func isElision(_ word: String, before next: Character) -> Bool {
        let key = EntityLexicon.key(word)
        return EntityLexicon.elisions.contains(key) && !(key == "n" && next.isUppercase)
    }

    private struct Builder {
        var tokens: [EntityToken] = []
        private var atSentenceStart = true

        mutating func add(_ text: String, role: EntityToken.Role) {
            guard !text.isEmpty else { return }
            let key = EntityLexicon.key(text)
            tokens.append(EntityToken(text: text, key: key, role: role, startsSentence: atSentenceStart))
            atSentenceStart = false
        }

        mutating func addMark(_ character: Character) {
            guard !character.isWhitespace || character.isNewline else { return }
            let text = character.isNewline ? "\n" : String(character)
            if character.isNewline || (EntityTokenizer.sentenceBreaks.contains(character) && !followsAbbreviation()) {
                atSentenceStart = true
            }
            tokens.append(EntityToken(text: text, key: text, role: .mark, startsSentence: false))
        }

        /// Whether the mark follows "M", "Mme" or an initial, whose full stop does not end a sentence.
        private func followsAbbreviation() -> Bool {
            guard let last = tokens.last, last.role == .word else { return false }
            return (last.text.count == 1 && last.isCapitalised) || EntityLexicon.abbreviations.contains(last.key)
        }
    }
}

// MARK: - Reading names

/// Walks the tokens once, reading each name where it begins and recording it in a tally.
struct EntityReader {
    /// The longest institution name read, in tokens.
    private static let longestInstitution = 14
    /// The most lowercase words an institution name takes after its head noun.
    private static let mostLowercaseWords = 5

    let tokens: [EntityToken]
    private(set) var tally = EntityTally()
    /// Keys of the words the text writes in lowercase: a capitalised "Outre" is a common word if "outre" occurs.
    private let wordsWrittenLowercase: Set<String>
    /// The organisation recorded last and the token after it, to read "Forces armées maliennes (FAMa)".
    private var lastOrganisation: (group: String, end: Int)?

    init(tokens: [EntityToken]) {
        self.tokens = tokens
        self.wordsWrittenLowercase = Set(tokens.lazy.filter(\.isLowercase).map(\.key))
    }

    mutating func readAll() {
        var index = 0
        while index < tokens.count { index = read(at: index) }
    }

    /// Reads whatever name begins at `start` and returns where reading goes on.
    private mutating func read(at start: Int) -> Int {
        let token = tokens[start]
        guard token.isCapitalised else { return start + 1 }
        if let known = Gazetteer.longestMatch(in: tokens, at: start) {
            let end = start + known.words.count
            record(group: known.group, kind: known.kind, span: start..<end)
            return end
        }
        if token.isAllCapitals {
            if isAcronym(at: start) {
                record(group: "acronym:" + token.key, kind: .organisation, span: start..<start + 1)
            }
            return start + 1
        }
        if let kind = EntityLexicon.heads[token.key] { return readInstitution(from: start, kind: kind) }
        return isNameWord(token) ? readName(from: start) : start + 1
    }

    // MARK: Acronyms

    /// An all-capital word not known to Kibaru is an acronym unless the page is shouting: a word of the stop
    /// list ("LIRE"), a word the text also writes in lowercase ("VIA"), a Roman numeral, or one of a run of
    /// all-capital words ("LIRE AUSSI").
    private func isAcronym(at index: Int) -> Bool {
        let token = tokens[index]
        let neighbours = [index - 1, index + 1].filter(tokens.indices.contains).map { tokens[$0] }
        return !EntityLexicon.stopWords.contains(token.key) && !EntityLexicon.shoutedWords.contains(token.key)
            && !wordsWrittenLowercase.contains(token.key) && !token.text.allSatisfy("IVXLCDM".contains)
            && !neighbours.contains(where: \.isAllCapitals)
    }

    // MARK: Institutions

    /// Reads an institution or state from its head noun: capitalised words joined by particles, adjectives
    /// ("national", "armées") and complements ("de transition", "et de sécurité"). Once lowercase words are
    /// read, another head noun begins another name: "Conseil national de transition | de la République du Mali".
    private mutating func readInstitution(from start: Int, kind: NamedEntityKind) -> Int {
        var end = start + 1
        var capitalisedWords = 0
        var lowercaseCount = 0
        while end < tokens.count, end - start < Self.longestInstitution {
            let particles = institutionParticles(from: end)
            let next = end + particles
            guard next < tokens.count else { break }
            let token = tokens[next]
            var taken = 0
            if token.isCapitalised {
                taken = particles > 0 ? (joinsAfterParticle(token, lowercaseCount: lowercaseCount) ? 1 : 0)
                    : (lowercaseCount == 0 ? capitalisedWordsJoiningHead(at: next) : 0)
                capitalisedWords += taken
            } else if token.isLowercase, lowercaseCount < Self.mostLowercaseWords,
                isInstitutionWord(at: next, afterParticles: particles > 0)
            {
                taken = 1
                lowercaseCount += 1
            }
            guard taken > 0 else { break }
            end = next + taken
        }
        // A head noun alone is a common noun ("le Gouvernement"), and so is one that opens a sentence and is
        // only followed by lowercase words ("Groupe de travail…").
        let isName = capitalisedWords > 0 || (lowercaseCount > 0 && !tokens[start].startsSentence)
        if isName { record(group: "institution:" + key(of: start..<end), kind: kind, span: start..<end) }
        return end
    }

    /// A capitalised word after a particle belongs to the name ("Alliance des États", "Commission de la
    /// CEDEAO") unless it is another head noun after lowercase words ("… de transition de la République").
    private func joinsAfterParticle(_ token: EntityToken, lowercaseCount: Int) -> Bool {
        !EntityLexicon.stopWords.contains(token.key) && (EntityLexicon.heads[token.key] == nil || lowercaseCount == 0)
    }

    /// How many of the capitalised words right after a head noun belong to its name: adjectives ("Assemblée
    /// Nationale", "Forces Armées Maliennes"), or one word alone ("Radio Sawa", "Haut Conseil"), but not the
    /// person named next ("l’Assemblée Claude Bartolone", "l’Assemblée Nationale Claude Bartolone").
    private func capitalisedWordsJoiningHead(at index: Int) -> Int {
        var end = index
        while end < tokens.count, end - index < Self.longestInstitution,
            isNameWord(tokens[end]) || EntityLexicon.heads[tokens[end].key] != nil
        {
            end += 1
        }
        let adjectives = tokens[index..<end].prefix { EntityLexicon.isAdjective($0.text) }.count
        let others = end - index - adjectives
        return others == 1 ? (adjectives == 0 ? 1 : 0) : adjectives
    }

    /// How many particles begin at `index` before a word: "de", "de la", "et de", "et des"… An "et" only
    /// joins when a "de" follows, so "l’Alliance des États du Sahel et la CEDEAO" stays two names.
    private func institutionParticles(from index: Int) -> Int {
        let startsWithEt = index < tokens.count && tokens[index].isLowercase && tokens[index].key == "et"
        let first = startsWithEt ? index + 1 : index
        var end = first
        while end < tokens.count, end - first < 2, isInstitutionParticle(tokens[end]) { end += 1 }
        if startsWithEt, end == first || !["de", "d'", "des", "du"].contains(tokens[first].key) { return 0 }
        return end - index
    }

    private func isInstitutionParticle(_ token: EntityToken) -> Bool {
        token.role != .mark && !token.isCapitalised && EntityLexicon.institutionParticles.contains(token.key)
    }

    /// Adjectives follow the head noun ("armées maliennes"); after a particle comes a noun ("de transition").
    /// A word followed by an article is rather a verb and its object ("… du Macina revendique l’attaque").
    private func isInstitutionWord(at index: Int, afterParticles: Bool) -> Bool {
        let token = tokens[index]
        guard !EntityLexicon.stopWords.contains(token.key), token.text.allSatisfy({ $0.isLetter || $0 == "-" }),
            !isFollowedByObject(index)
        else { return false }
        return EntityLexicon.isAdjective(token.text)
            || (afterParticles && EntityLexicon.isComplementNoun(token.text.lowercased()))
    }

    /// Whether a definite or indefinite article follows the word, other than the one of a date ("le 12 mars").
    /// "du" and "des" are left out: they join names ("Assemblée nationale du Québec").
    private func isFollowedByObject(_ index: Int) -> Bool {
        guard index + 1 < tokens.count, EntityLexicon.objectArticles.contains(tokens[index + 1].key) else {
            return false
        }
        return index + 2 >= tokens.count || tokens[index + 2].text.first?.isNumber != true
    }

    // MARK: People

    /// A capitalised word that may be part of a person's name: not an acronym, number, stop word,
    /// institution noun or known place or organisation.
    private func isNameWord(_ token: EntityToken) -> Bool {
        token.isCapitalised && !token.isAllCapitals && token.text.count >= 2
            && token.text.allSatisfy({ $0.isLetter || $0 == "-" || EntityTokenizer.isApostrophe($0) })
            && !EntityLexicon.stopWords.contains(token.key) && EntityLexicon.heads[token.key] == nil
    }

    /// Reads capitalised words joined by name particles: "Iyad ag Ghaly", "Charles de Gaulle",
    /// "Jean-Marie Le Pen". Stops before a known place or organisation ("Outre | Moscou"), unless the name goes
    /// on after it ("Aung San Suu Kyi").
    private mutating func readName(from start: Int) -> Int {
        var end = start + 1
        while end < tokens.count {
            if continuesName(at: end) {
                end += 1
            } else if end + 1 < tokens.count, isNameParticle(tokens[end]), continuesName(at: end + 1) {
                end += 2
            } else {
                break
            }
        }
        recordName(span: start..<end)
        return end
    }

    private func continuesName(at index: Int) -> Bool {
        guard isNameWord(tokens[index]) else { return false }
        guard let known = Gazetteer.longestMatch(in: tokens, at: index) else { return true }
        let after = index + known.words.count
        return known.words.count == 1 && after < tokens.count && isNameWord(tokens[after])
    }

    private func isNameParticle(_ token: EntityToken) -> Bool {
        token.role != .mark
            && (token.isCapitalised
                ? EntityLexicon.capitalisedNameParticles.contains(token.key)
                : EntityLexicon.nameParticles.contains(token.key))
    }

    /// Records two to four name words as a person and a lone one as a possible surname, once titles are left
    /// out ("Colonel Sadio Camara"), and a first word that is a common word: one the text also writes in
    /// lowercase opening the sentence ("Outre Diop"), or a noun after an article, since French puts none before
    /// a person's name ("le Camerounais Greg Belobo", "la Nouvelle Démocratie", "du Boson de Higgs").
    private mutating func recordName(span: Range<Int>) {
        var start = span.lowerBound
        let first = tokens[start]
        let followsArticle = start > 0 && EntityLexicon.articles.contains(tokens[start - 1].key)
        let isCommonNoun = followsArticle && !EntityLexicon.titles.contains(first.key)
        if isCommonNoun || (first.startsSentence && wordsWrittenLowercase.contains(first.key)) { start += 1 }
        while start < span.upperBound, isTitleOrParticle(tokens[start]) { start += 1 }
        let name = start..<span.upperBound
        let words = tokens[name].filter { !isNameParticle($0) }
        switch words.count {
        case 1 where !isCommonNoun: tally.recordSurname(words[0].key)
        case 2...4: record(group: "person:" + key(of: name), kind: .person, span: name)
        default: break
        }
    }

    private func isTitleOrParticle(_ token: EntityToken) -> Bool {
        EntityLexicon.titles.contains(token.key) || isNameParticle(token)
    }

    // MARK: Recording

    private mutating func record(group: String, kind: NamedEntityKind, span: Range<Int>) {
        let words = tokens[span].filter { $0.role != .mark }.map(\.key)
        tally.record(group: group, kind: kind, spelling: spelling(of: span), words: words)
        guard kind == .organisation else { return }
        if let last = lastOrganisation, last.end + 1 == span.lowerBound, tokens[last.end].text == "(",
            span.upperBound < tokens.count, tokens[span.upperBound].text == ")"
        {
            tally.alias(group, to: last.group)
        }
        lastOrganisation = (group, span.upperBound)
    }

    /// The name as written, words separated by single spaces: "Douma d’Etat".
    private func spelling(of span: Range<Int>) -> String {
        var text = ""
        for token in tokens[span] {
            if let last = text.last, !EntityTokenizer.isApostrophe(last) { text += " " }
            text += token.text
        }
        return text
    }

    private func key(of span: Range<Int>) -> String {
        tokens[span].map(\.key).joined(separator: " ")
    }
}

// MARK: - Tally

/// Counts the mentions of each entity and the spellings it was written with.
struct EntityTally {
    private struct Entity {
        let kind: NamedEntityKind
        /// Comparison keys of the name's words, to find a person's surname-only mentions.
        let words: [String]
        var spellings: [String: Int] = [:]
        var mentions = 0
    }

    /// The entities by group: one key per entity, shared by its spellings ("known:russie", "person:sadio camara").
    private var entities: [String: Entity] = [:]
    /// Groups read as another name of an earlier group: "FAMa" in "Forces armées maliennes (FAMa)".
    private var aliases: [String: String] = [:]
    /// Lone capitalised words, counted: they are mentions of the person whose surname they are.
    private var surnames: [String: Int] = [:]

    /// Counts one mention of the entity `group`, written `spelling`.
    mutating func record(group: String, kind: NamedEntityKind, spelling: String, words: [String]) {
        entities[group, default: Entity(kind: kind, words: words)].spellings[spelling, default: 0] += 1
        entities[group]?.mentions += 1
    }

    mutating func recordSurname(_ key: String) {
        surnames[key, default: 0] += 1
    }

    /// Makes `group` another name of `other`: their mentions count for one entity.
    mutating func alias(_ group: String, to other: String) {
        let (root, otherRoot) = (root(of: group), root(of: other))
        if root != otherRoot { aliases[root] = otherRoot }
    }

    private func root(of group: String) -> String {
        var group = group
        while let next = aliases[group] { group = next }
        return group
    }

    /// The entities, most mentioned first, then by name.
    func candidates() -> [EntityCandidate] {
        let sortable = mergingSurnames(into: mergingAliases()).values.map { entity in
            let name = Self.preferredSpelling(entity)
            return (candidate: EntityCandidate(name: name, kind: entity.kind, mentions: entity.mentions),
                    sortKey: EntityLexicon.key(name))
        }
        let sorted = sortable.sorted { first, second in
            (second.candidate.mentions, first.sortKey, first.candidate.name)
                < (first.candidate.mentions, second.sortKey, second.candidate.name)
        }
        return sorted.map(\.candidate)
    }

    private func mergingAliases() -> [String: Entity] {
        var merged = [String: Entity]()
        for (group, entity) in entities {
            let root = root(of: group)
            guard let kind = entities[root]?.kind, let words = entities[root]?.words else { continue }
            merged[root, default: Entity(kind: kind, words: words)].spellings
                .merge(entity.spellings, uniquingKeysWith: +)
            merged[root]?.mentions += entity.mentions
        }
        return merged
    }

    /// Counts "Camara" and "Sadio Camara" as mentions of the person named "Colonel Sadio Camara" in full, when
    /// no other person of the text has that name.
    private func mergingSurnames(into entities: [String: Entity]) -> [String: Entity] {
        var entities = entities
        let people = entities.filter { $0.value.kind == .person }
        let peopleBySurname = Dictionary(grouping: people.keys) { people[$0]?.words.last ?? "" }
        for (group, person) in people.sorted(by: { $0.value.words.count < $1.value.words.count }) {
            let fuller = peopleBySurname[person.words.last ?? "", default: []].filter { other in
                people[other].map { isShortening(person.words, of: $0.words) } ?? false
            }
            guard fuller.count == 1, let target = fuller.first, let mentions = entities[group]?.mentions else {
                continue
            }
            entities[target]?.mentions += mentions
            entities[group] = nil
        }
        for (surname, count) in surnames {
            let named = peopleBySurname[surname, default: []].filter { entities[$0] != nil }
            if named.count == 1, let target = named.first { entities[target]?.mentions += count }
        }
        return entities
    }

    /// Whether `words` end a longer name: ["sadio", "camara"] of ["abdoulaye", "sadio", "camara"].
    private func isShortening(_ words: [String], of name: [String]) -> Bool {
        name.count > words.count && name.suffix(words.count).elementsEqual(words)
    }

    /// The spelling written most often; on a tie the shortest ("Russie" over "Fédération de Russie"), then the
    /// first in alphabetical order.
    private static func preferredSpelling(_ entity: Entity) -> String {
        entity.spellings.min { ($1.value, $0.key.count, $0.key) < ($0.value, $1.key.count, $1.key) }?.key ?? ""
    }
}
