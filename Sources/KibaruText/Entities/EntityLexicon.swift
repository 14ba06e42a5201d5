import Foundation

/// French function words, titles and institution nouns the entity extractor reads names with. Every set holds
/// comparison keys (`EntityLexicon.key(_:)`): lowercase, without accents, with a straight apostrophe.
enum EntityLexicon {
    /// Lowercase, accent-free form used to compare words: "Goïta" and "GOITA" → "goita", "L’" → "l'".
    static func key(_ word: some StringProtocol) -> String {
        if word.utf8.allSatisfy({ $0 < 0x80 }) { return word.lowercased() }
        let folded = word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        guard folded.contains(where: typedApostrophes.contains) else { return folded }
        return String(folded.map { typedApostrophes.contains($0) ? "'" : $0 })
    }

    /// Typographic apostrophes and the accents typed in their place, compared as "'".
    static let typedApostrophes: Set<Character> = ["\u{2019}", "\u{02BC}", "\u{2018}", "\u{00B4}"]

    /// Words that begin sentences, headings and page furniture but never name anything on their own:
    /// articles, pronouns, prepositions, conjunctions, adverbs, numbers, months, days and web-page labels.
    static let stopWords: Set<String> = keys(
        """
        le la les l' un une des du de d' au aux ce cet cette ces ça ceci cela celui celle ceux celles
        il elle ils elles on nous vous je tu moi toi lui eux leur leurs son sa ses mon ma mes ton ta tes notre nos
        votre vos qui que quoi dont où lequel laquelle lesquels lesquelles quel quelle quels quelles
        à en dans pour par sur sous avec sans chez contre vers entre depuis pendant selon malgré outre parmi
        durant avant après lors dès via hors près jusque jusqu' face
        et ou mais donc or ni car si comme quand lorsque puisque alors ainsi enfin pourtant cependant toutefois
        néanmoins aussi puis ensuite encore déjà désormais également surtout notamment bref oui non voici voilà
        tout tous toute toutes chaque plusieurs certains certaines aucun aucune autre autres même mêmes tel telle
        aujourd'hui hier demain ici là plus moins très trop peu beaucoup bien mal tant tandis toujours jamais
        seulement vraiment plutôt parfois souvent afin
        est sont a ont été était étaient sera seront serait fut avait avaient peut doit va vont fait font dit
        deux trois quatre cinq six sept huit neuf dix onze douze quinze vingt trente cent mille
        premier première premiers premières second seconde deuxième troisième dernier dernière derniers dernières
        janvier février mars avril mai juin juillet août septembre octobre novembre décembre
        lundi mardi mercredi jeudi vendredi samedi dimanche
        article articles crédit crédits photo photos vidéo vidéos image images lire aussi voir partagez partager
        commentaire commentaires étiquettes étiquette tags tag catégorie catégories rubrique accueil menu
        recherche rechercher publié publiée source sources auteur rédaction newsletter abonnez-vous suivez-nous
        contact mentions légales copyright droits réservés répondre envoyer lien liens imprimer précédent suivant
        retour page urgent alerte exclusif direct flash info infos édito tribune opinion entretien interview
        reportage analyse dossier brève
        """
    )

    /// All-capital words that are words, not acronyms, when the page shouts them.
    static let shoutedWords: Set<String> = keys(
        "via covid covid-19 sida vih pib tva ong pdg dg fcfa cfa usd eur tv ok sms"
    )

    /// Titles and forms of address put before a person's name, stripped from the name.
    static let titles: Set<String> = keys(
        """
        m mme mlle mm dr pr me mgr monsieur madame mademoiselle colonel colonel-major général général-major
        lieutenant-colonel commandant capitaine lieutenant sergent caporal maréchal amiral président présidente
        ministre docteur professeur maître imam abbé père excellence mr mrs
        """
    )

    /// Articles, which French puts before a common noun but not before a person's name.
    static let articles: Set<String> = keys("le la les l' un une du des au aux")

    /// Articles that open a verb's object: "… revendique l’attaque".
    static let objectArticles: Set<String> = keys("le la les l' un une")

    /// Abbreviations whose full stop does not end a sentence ("M. Diop").
    static let abbreviations: Set<String> = keys("m mme mlle mm dr pr me mgr st ste")

    /// Elided words written with an apostrophe before the next word: l’Alliance, d’Etat, qu’elle.
    static let elisions: Set<String> = keys("l d j m n s t c qu jusqu lorsqu puisqu quoiqu presqu")

    /// Nouns that head the name of an institution, whose following lowercase words belong to the name
    /// ("Conseil national de transition"), with the kind of entity they name.
    static let heads: [String: NamedEntityKind] = {
        let organisations = keys(
            """
            haut haute conseil alliance union forces force armée ministère mission organisation parti assemblée
            gouvernement cour tribunal banque front coordination mouvement groupe agence comité commission
            fédération institut université école association syndicat confédération office autorité direction
            société compagnie fondation ligue communauté plateforme rassemblement convergence collectif parlement
            sénat douma congrès présidence primature ambassade consulat garde gendarmerie police brigade bataillon
            état-major secrétariat observatoire fonds programme radio télévision
            """
        )
        let places = keys(
            "république royaume émirats principauté région cercle province département lac fleuve golfe"
        )
        var heads = [String: NamedEntityKind]()
        for word in organisations { heads[word] = .organisation }
        for word in places { heads[word] = .place }
        return heads
    }()

    /// Lowercase particles inside a person's name: "Charles de Gaulle", "Iyad ag Ghaly".
    static let nameParticles: Set<String> = keys("de d' ag ould ben bin ibn el al van von da dos di del")

    /// Particles that only join a person's name when capitalised: "Jean-Marie Le Pen".
    static let capitalisedNameParticles: Set<String> = keys("le la du de des")

    /// Particles inside an institution's name: "Alliance des États du Sahel", "Ministère de l’Intérieur".
    static let institutionParticles: Set<String> = keys("de d' du des la le les l'")

    /// Lowercase words that qualify an institution's head noun although no suffix rule recognises them.
    private static let adjectives: Set<String> = [
        "suprême", "arabe", "arabes", "étranger", "étrangère", "étrangers", "étrangères", "burkinabè",
    ]

    /// Endings of French adjectives and participles: national, maliennes, africaine, intégrée, unies…
    private static let adjectiveEndings = [
        "al", "ale", "ales", "aux", "el", "elle", "els", "elles", "ien", "ienne", "iens", "iennes", "éen", "éenne",
        "éens", "éennes", "ain", "aine", "ains", "aines", "ais", "aise", "aises", "ois", "oise", "oises", "ique",
        "iques", "é", "ée", "és", "ées", "i", "ie", "is", "ies", "if", "ive", "ifs", "ives", "aire", "aires", "ier",
        "ière", "iers", "ières", "eur", "eure", "eurs", "eures", "ante", "antes",
    ]

    /// Whether a lowercase word reads as an adjective qualifying a name: "national", "armées", "unies".
    static func isAdjective(_ word: String) -> Bool {
        let lowercase = word.lowercased()
        return adjectives.contains(lowercase) || adjectiveEndings.contains { lowercase.hasSuffix($0) }
    }

    /// Whether a lowercase word reads as the noun of an institution's complement ("de transition"),
    /// not as an infinitive ("de suspendre", "de réunir").
    static func isComplementNoun(_ word: String) -> Bool {
        word.count >= 3 && !word.hasSuffix("er") && !word.hasSuffix("ir")
    }

    private static func keys(_ words: String) -> Set<String> {
        Set(words.split(whereSeparator: \.isWhitespace).map { key($0) })
    }
}
