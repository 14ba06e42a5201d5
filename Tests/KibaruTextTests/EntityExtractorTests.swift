import Foundation
import KibaruText
import Testing

/// `../shared/seed/article.txt` beside the repository: the scraped page the entity extractor was first asked for.
private let seedArticlePath = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()  // the repository
    .deletingLastPathComponent().appendingPathComponent("shared/seed/article.txt").path

/// Words that open sentences, headings and page furniture, none of which is a name.
private let sentenceInitialWords = [
    "Le", "La", "Les", "L’", "Un", "Une", "Dans", "Ce", "Cette", "Pour", "Mais", "Selon", "Après", "Avant", "Depuis",
    "Lors", "Ainsi", "Enfin", "Cependant", "Pourtant", "Il", "Au", "Des", "Outre", "Trois", "Article", "Crédit",
    "Partagez", "Commentaires", "Étiquettes", "LIRE", "AUSSI", "VIA", "Déclaration", "Montée", "Saluant",
    "Revenant",
]

private func names(in text: String) -> [String: NamedEntityKind] {
    Dictionary(EntityExtractor.candidates(in: text).map { ($0.name, $0.kind) }, uniquingKeysWith: { first, _ in first })
}

private func mentions(of name: String, in text: String) -> Int? {
    EntityExtractor.candidates(in: text).first { $0.name == name }?.mentions
}

/// Whether a candidate is, or begins with, a word that only opens sentences ("Le Mali", "Selon Diop").
private func startsWithSentenceInitialWord(_ name: String) -> Bool {
    sentenceInitialWords.contains { name == $0 || name.hasPrefix($0 + " ") }
}

@Suite struct EntityExtractorTests {
    /// The seed page as scraped, and the text Kibaru keeps of it: title, then the article's paragraphs.
    enum SeedText: CaseIterable, CustomTestStringConvertible {
        case wholePage, body

        var testDescription: String { self == .wholePage ? "whole page" : "body" }

        func text(of page: String) throws -> String {
            guard self == .body else { return page }
            let title = page.prefix { $0 != "\n" }
            let start = try #require(page.range(of: "Dans la journée"))
            let end = try #require(page.range(of: "Étiquettes"))
            return title + "\n\n" + page[start.lowerBound..<end.lowerBound]
        }
    }

    @Test(
        .enabled(
            if: FileManager.default.fileExists(atPath: seedArticlePath),
            "needs ../shared/seed/article.txt (not part of a user's clone)"),
        arguments: SeedText.allCases)
    func proposesTheSeedArticleEntities(_ seed: SeedText) throws {
        let text = try seed.text(of: String(contentsOfFile: seedArticlePath, encoding: .utf8))
        let found = names(in: text)
        let expected: [(String, NamedEntityKind)] = [
            ("Abdoulaye Diop", .person), ("Sadio Camara", .person), ("Sergueï Lavrov", .person),
            ("Assimi Goïta", .person), ("Moscou", .place), ("Kidal", .place), ("FAMa", .organisation),
            ("CEDEAO", .organisation), ("Minusma", .organisation),
        ]
        for (name, kind) in expected {
            #expect(found[name] == kind, "\(name) should be proposed as \(kind.rawValue)")
        }
        #expect(found.keys.filter(startsWithSentenceInitialWord).isEmpty)
    }

    @Test func institutionsCapitaliseOnlyTheirFirstWord() {
        let text = """
            Le Conseil national de transition a adopté la loi de finances. Ses membres ont ensuite reçu les \
            représentants de la société civile.
            """
        #expect(names(in: text) == ["Conseil national de transition": .organisation])
    }

    @Test func particlesJoinTheWordsOfAName() {
        let text = """
            Les chefs d’État de l’Alliance des États du Sahel se sont retrouvés à Niamey. L’Alliance des États du \
            Sahel et la CEDEAO doivent se parler.
            """
        #expect(names(in: text) == [
            "Alliance des États du Sahel": .organisation, "CEDEAO": .organisation, "Niamey": .place,
        ])
        #expect(mentions(of: "Alliance des États du Sahel", in: text) == 2)
    }

    @Test(arguments: [
        ("Les Forces armées maliennes patrouillent à Bamako.", "Forces armées maliennes"),
        ("Les Nations unies ont fermé leur bureau de Bamako.", "Nations unies"),
        ("L’Union africaine a envoyé une mission à Bamako.", "Union africaine"),
        ("L’Assemblée nationale siégeait à Bamako.", "Assemblée nationale"),
        ("Le Ministère des Affaires étrangères et de la coopération internationale a convoqué l’ambassadeur à Bamako.",
         "Ministère des Affaires étrangères et de la coopération internationale"),
    ])
    func institutionsOfSeveralWords(_ text: String, _ name: String) {
        #expect(names(in: text) == [name: .organisation, "Bamako": .place])
    }

    @Test func hyphenatedFirstNamesAndNameParticles() {
        let text = """
            Le ministre Jean-Baptiste Sawadogo a rencontré Iyad ag Ghaly, puis Mohamed ould Cheikh et Marie-Claire \
            Dembélé à Tombouctou.
            """
        #expect(names(in: text) == [
            "Jean-Baptiste Sawadogo": .person, "Iyad ag Ghaly": .person, "Mohamed ould Cheikh": .person,
            "Marie-Claire Dembélé": .person, "Tombouctou": .place,
        ])
    }

    @Test func titlesAreLeftOutOfNames() {
        let text = """
            Colonel Sadio Camara, M. Abdoulaye Diop et Mme Aminata Keïta sont arrivés à Moscou, où le Président \
            Vladimir Poutine les attendait.
            """
        #expect(names(in: text) == [
            "Sadio Camara": .person, "Abdoulaye Diop": .person, "Aminata Keïta": .person,
            "Vladimir Poutine": .person, "Moscou": .place,
        ])
    }

    @Test func sentenceInitialWordsAreNotProposed() {
        let text = """
            Dans la région de Mopti, la situation reste tendue. Pour les habitants, rien ne change. Mais les \
            autorités promettent des renforts. Ce lundi encore, des tirs ont été entendus. Cette semaine, selon les \
            témoins, le marché est resté fermé. Selon un élu, il faut du temps. Après l’attaque, la vie reprend. \
            Outre la sécurité, Ainsi que l’eau, Enfin, Cependant, Pourtant, Depuis janvier, Lors de la visite…

            LIRE AUSSI : Ségou sous blocus
            Partagez
            Commentaires
            """
        #expect(names(in: text) == ["Mopti": .place, "Ségou": .place])
    }

    @Test func acronymsButNotShouting() {
        let text = "LIRE AUSSI : la Minusma quitte Gao. VIA Facebook. Le MNLA et les FAMa. URGENT : le CNSP répond."
        #expect(names(in: text) == [
            "Minusma": .organisation, "Gao": .place, "MNLA": .organisation, "FAMa": .organisation,
            "CNSP": .organisation,
        ])
    }

    @Test func surnamesCountAsMentionsOfTheFullName() {
        let text = """
            Le président de la Transition, le colonel Assimi Goïta, a reçu Abdoulaye Diop. Goïta a salué le travail \
            de son ministre. Selon Diop, la coopération continue, et Goïta le redit.
            """
        #expect(EntityExtractor.candidates(in: text) == [
            EntityCandidate(name: "Assimi Goïta", kind: .person, mentions: 3),
            EntityCandidate(name: "Abdoulaye Diop", kind: .person, mentions: 2),
        ])
    }

    @Test func aSurnameTwoPeopleShareCountsForNeither() {
        let text = "Oumar Maïga et Fatoumata Maïga ont voté. Maïga a ensuite quitté la salle."
        #expect(mentions(of: "Oumar Maïga", in: text) == 1)
        #expect(mentions(of: "Fatoumata Maïga", in: text) == 1)
    }

    @Test func anAcronymInParenthesesIsTheNameBeforeIt() {
        let text = "Le Front de libération du Macina (FLM) a revendiqué l’attaque. Le FLM est actif dans le centre."
        #expect(EntityExtractor.candidates(in: text) == [EntityCandidate(name: "FLM", kind: .organisation, mentions: 3)])
    }

    @Test func otherSpellingsOfAKnownPlaceAreOnePlace() {
        let text = "La Fédération de Russie et le Mali coopèrent. La Russie livre des avions au Mali."
        #expect(EntityExtractor.candidates(in: text) == [
            EntityCandidate(name: "Mali", kind: .place, mentions: 2),
            EntityCandidate(name: "Russie", kind: .place, mentions: 2),
        ])
    }

    @Test func kindsCarryTheEditorsLabels() {
        #expect(NamedEntityKind.allCases.map(\.rawValue) == ["personne", "lieu", "organisation"])
    }

    @Test func textWithoutNamesHasNoCandidates() {
        #expect(EntityExtractor.candidates(in: "").isEmpty)
        #expect(EntityExtractor.candidates(in: "Il pleut. Demain, il fera beau.").isEmpty)
    }
}
