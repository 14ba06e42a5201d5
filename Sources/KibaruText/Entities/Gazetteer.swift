/// Places and organisations Kibaru's newsrooms name often, written for Kibaru. Each line is one entity and its
/// other spellings: mentions of any of them count for the entity ("Russie", "Fédération de Russie").
enum Gazetteer {
    /// A place or organisation as its spellings are read in the text.
    struct Entry: Sendable {
        /// The comparison keys of the spelling's words: "Côte d’Ivoire" → ["cote", "d'", "ivoire"].
        let words: [String]
        /// The key shared by all spellings of the same entity.
        let group: String
        let kind: NamedEntityKind
    }

    /// The longest known spelling that begins at `start`, if any.
    static func longestMatch(in tokens: [EntityToken], at start: Int) -> Entry? {
        guard let entries = byFirstWord[tokens[start].key] else { return nil }
        return entries.first { entry in
            start + entry.words.count <= tokens.count
                && entry.words.indices.allSatisfy { tokens[start + $0].key == entry.words[$0] }
        }
    }

    /// Known spellings by the key of their first word, longest first.
    private static let byFirstWord: [String: [Entry]] = {
        var index = [String: [Entry]]()
        for (kind, lines) in [(NamedEntityKind.place, places), (.organisation, organisations)] {
            for line in lines {
                let spellings = line.split(separator: "|").map { EntityTokenizer.tokens(of: String($0)).map(\.key) }
                let group = "known:" + spellings[0].joined(separator: " ")
                for words in spellings {
                    index[words[0], default: []].append(Entry(words: words, group: group, kind: kind))
                }
            }
        }
        return index.mapValues { $0.sorted { $0.words.count > $1.words.count } }
    }()

    /// Mali's regions, cercles and towns in the news; the Sahel and West Africa; capitals and countries the
    /// news from Mali names; regions of the world.
    private static let places = [
        // Mali
        "Mali|République du Mali", "Bamako", "Kidal", "Gao", "Tombouctou", "Mopti", "Ségou", "Sikasso", "Kayes",
        "Koulikoro", "Ménaka", "Taoudéni", "Kati", "Djenné", "Tessalit", "Aguelhok|Aguelhoc", "Anefis|Anéfis",
        "Bandiagara", "Bougouni", "Dioïla", "Nioro du Sahel|Nioro", "Kita", "San", "Koutiala", "Niono", "Douentza",
        "Ansongo", "Bourem", "Léré", "Niafunké", "Goundam", "Diré", "Ténenkou", "Youwarou", "Hombori", "Markala",
        "Kéniéba", "Yélimané", "Diéma", "Bafoulabé", "Kadiolo", "Yorosso", "Koro", "Bankass", "Ber", "Sévaré",
        "Tinzaouatène|Tinzaouaten|Tin-Zaouatène", "Abeïbara", "Boulkessi", "Gourma-Rharous", "Kolokani", "Banamba",
        "Macina", "Ogossagou", "Tabankort",
        // Sahel and regions
        "Sahel", "Sahara", "Azawad", "Afrique de l'Ouest", "Afrique du Nord", "Afrique centrale", "Afrique de l'Est",
        "Afrique", "Maghreb", "Liptako-Gourma|Liptako", "Gourma", "Adrar des Ifoghas|Ifoghas", "Golfe de Guinée",
        "Europe", "Asie", "Amérique latine", "Amérique", "Moyen-Orient", "Proche-Orient",
        // West and North Africa
        "Niger", "Niamey", "Agadez", "Tillabéri", "Diffa", "Zinder", "Maradi",
        "Burkina Faso|Burkina", "Ouagadougou", "Bobo-Dioulasso", "Dori", "Djibo", "Kaya",
        "Sénégal", "Dakar", "Saint-Louis", "Touba", "Ziguinchor", "Mauritanie", "Nouakchott", "Nouadhibou",
        "Bassikounou", "Algérie", "Alger", "Tamanrasset", "Tindouf", "Maroc", "Rabat", "Casablanca", "Tunisie",
        "Tunis", "Libye", "Tripoli", "Égypte", "Le Caire", "Tchad", "N'Djamena|Ndjamena", "Nigeria", "Abuja",
        "Lagos", "Bénin", "Cotonou", "Porto-Novo", "Togo", "Lomé", "Ghana", "Accra", "Côte d'Ivoire|Côte-d'Ivoire",
        "Abidjan", "Yamoussoukro", "San Pedro", "Guinée", "Conakry", "Guinée-Bissau", "Bissau", "Sierra Leone",
        "Freetown", "Liberia", "Monrovia", "Gambie", "Banjul", "Cap-Vert", "Praia",
        // Rest of Africa
        "Cameroun", "Yaoundé", "Douala", "Gabon", "Libreville", "Centrafrique|République centrafricaine", "Bangui",
        "République démocratique du Congo|RDC", "Kinshasa", "Congo", "Brazzaville", "Rwanda", "Kigali", "Soudan",
        "Khartoum", "Soudan du Sud", "Éthiopie", "Addis-Abeba|Addis Abeba", "Kenya", "Nairobi", "Somalie",
        "Mogadiscio", "Djibouti", "Érythrée", "Ouganda", "Tanzanie", "Angola", "Mozambique", "Madagascar",
        "Afrique du Sud", "Pretoria", "Johannesburg",
        // World
        "Russie|Fédération de Russie", "Moscou", "Saint-Pétersbourg", "Sotchi", "France", "Paris", "Marseille",
        "Lyon", "Strasbourg", "États-Unis|USA", "Washington", "New York", "Chine|République populaire de Chine",
        "Pékin|Beijing", "Royaume-Uni", "Londres", "Allemagne", "Berlin", "Belgique", "Bruxelles", "Suisse",
        "Genève", "Pays-Bas", "La Haye", "Espagne", "Madrid", "Italie", "Rome", "Portugal", "Lisbonne", "Turquie",
        "Ankara", "Istanbul", "Iran", "Téhéran", "Ukraine", "Kiev|Kyiv", "Biélorussie", "Minsk", "Japon", "Tokyo",
        "Inde", "New Delhi", "Brésil", "Brasília", "Qatar", "Doha", "Arabie saoudite", "Riyad",
        "Émirats arabes unis", "Dubaï", "Abou Dhabi", "Israël", "Jérusalem", "Gaza", "Liban", "Beyrouth", "Syrie",
        "Damas", "Irak", "Bagdad", "Canada", "Ottawa", "Québec", "Montréal", "Rio de Janeiro",
    ]

    /// International, regional and Malian organisations, armed forces and groups, media.
    private static let organisations = [
        // International and regional
        "ONU|Nations unies|Organisation des Nations unies", "Conseil de sécurité|Conseil de sécurité de l'ONU",
        "Minusma|Mission multidimensionnelle intégrée des Nations unies pour la stabilisation au Mali",
        "UA|Union africaine", "CEDEAO|Communauté économique des États de l'Afrique de l'Ouest",
        "UEMOA|Union économique et monétaire ouest-africaine", "AES|Alliance des États du Sahel", "G5 Sahel",
        "OTAN|Organisation du traité de l'Atlantique nord", "UE|Union européenne", "Parlement européen", "FMI",
        "Fonds monétaire international", "Banque mondiale", "BAD|Banque africaine de développement", "BCEAO",
        "BOAD", "BRICS", "OCI", "OIF|Francophonie", "CPI|Cour pénale internationale", "HCR", "Unicef", "PAM",
        "OMS", "CICR|Croix-Rouge", "MSF|Médecins sans frontières", "Amnesty International", "Human Rights Watch",
        "Interpol", "EUTM Mali|EUTM", "EUCAP Sahel|EUCAP",
        // Governments
        "Kremlin", "Élysée", "Maison-Blanche|Maison Blanche", "Pentagone", "Quai d'Orsay",
        // Mali
        "FAMa|Forces armées maliennes", "CNT|Conseil national de transition", "CNSP", "M5-RFP", "CSP|CSP-PSD",
        "CMA|Coordination des mouvements de l'Azawad", "HCUA", "MNLA", "MAA", "GATIA", "CMFPR", "ORTM",
        "Dan Na Ambassagou", "Barkhane", "Serval", "Takuba", "Wagner", "Africa Corps",
        // Armed groups
        "JNIM|GSIM", "EIGS|État islamique au Sahel", "État islamique|EI", "AQMI", "Ansar Dine|Ansar Eddine",
        "Katiba Macina", "Al-Mourabitoune", "Boko Haram",
        // Media
        "RFI", "France 24", "AFP", "Reuters", "BBC", "TV5 Monde|TV5Monde", "Al Jazeera", "Jeune Afrique",
        "Studio Tamani",
    ]
}
