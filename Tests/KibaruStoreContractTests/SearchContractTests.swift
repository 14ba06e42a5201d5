import Foundation
import KibaruCore
import Testing

/// One article of the search corpus, published at noon (UTC) of its day unless it is a draft.
private struct Story: Sendable {
    let slug: String
    let site: String
    let published: Date
    let authors: [String]
    let tags: [String]
    let isDraft: Bool
    let title: String
    let standfirst: String
    let body: String

    init(
        _ slug: String, site: String, _ year: Int, _ month: Int, _ day: Int, by authors: [String], tags: [String],
        draft: Bool = false, title: String, standfirst: String, body: String
    ) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        self.slug = slug
        self.site = site
        self.published = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12))!
        self.authors = authors
        self.tags = tags
        self.isDraft = draft
        self.title = title
        self.standfirst = standfirst
        self.body = body
    }

    func article(siteID: Site.ID, authors: [Person], tags: [KibaruCore.Tag]) -> NewArticle {
        NewArticle(
            siteID: siteID, slug: .of(slug), title: title, standfirst: standfirst, bodyMarkdown: body,
            bodyHTML: "<p>\(body)</p>", bodyText: body, state: isDraft ? .draft : .published,
            publishedAt: isDraft ? nil : published, authors: authors, tags: tags, createdAt: published,
            updatedAt: published)
    }
}

/// A reader's search, its filters named by slug, and the articles it must find on every store: exactly these,
/// and `top` first when one is clearly the best (its title, or its standfirst, holds what the others' bodies do).
private struct ReaderQuery: Sendable, CustomStringConvertible {
    let text: String
    let site: String?
    let tag: String?
    let person: String?
    let year: Int?
    let expected: Set<String>
    let top: String?

    init(
        _ text: String, site: String? = nil, tag: String? = nil, person: String? = nil, year: Int? = nil,
        finds expected: Set<String>, top: String? = nil
    ) {
        self.text = text
        self.site = site
        self.tag = tag
        self.person = person
        self.year = year
        self.expected = expected
        self.top = top
    }

    var description: String {
        let filters = [site.map { "site \($0)" }, tag.map { "étiquette \($0)" }, person.map { "auteur \($0)" },
                       year.map { "année \($0)" }].compactMap { $0 }
        return filters.isEmpty ? text : "\(text) [\(filters.joined(separator: ", "))]"
    }
}

/// A small French news archive of two sites of the Sahel, the same in every store (inserted in this order, so
/// that ties fall the same way), and the searches readers make in it.
private enum NewsCorpus {
    static let sites = [("sahel", "Sahel Info"), ("fleuve", "Le Fleuve")]
    static let people = [("awa-diarra", "Awa Diarra"), ("moussa-keita", "Moussa Keïta"), ("binta-sow", "Binta Sow")]
    static let tags: [(site: String, slug: String, name: String)] = [
        ("sahel", "elections", "Élections"), ("sahel", "securite", "Sécurité"), ("sahel", "agriculture", "Agriculture"),
        ("sahel", "sante", "Santé"), ("fleuve", "climat", "Climat"), ("fleuve", "economie", "Économie"),
        ("fleuve", "culture", "Culture"),
    ]

    static let stories: [Story] = [
        Story("secheresse-kayes", site: "sahel", 2022, 3, 14, by: ["awa-diarra"], tags: ["agriculture"],
              title: "La sécheresse frappe la région de Kayes",
              standfirst: "Les puits tarissent et les troupeaux partent vers le sud.",
              body: """
                  Dans la région de Kayes, aucune goutte n’est tombée depuis trois mois. Les éleveurs conduisent leurs \
                  troupeaux vers le fleuve Sénégal. Les maires demandent une aide d’urgence à l’État.
                  """),
        Story("pluies-tardives", site: "sahel", 2022, 7, 2, by: ["moussa-keita"], tags: ["agriculture"],
              title: "Les pluies tardent, les paysans s’inquiètent",
              standfirst: "La saison des pluies commence avec un mois de retard.",
              body: """
                  À Ségou, les paysans ont semé le mil trop tôt. Sans pluie, les jeunes pousses sèchent au soleil. \
                  Certains craignent une nouvelle sécheresse comme en 1984.
                  """),
        Story("election-presidentielle-date", site: "sahel", 2022, 9, 20, by: ["awa-diarra"], tags: ["elections"],
              title: "L’élection présidentielle fixée au mois de février",
              standfirst: "Le gouvernement de transition publie enfin le calendrier de l’élection.",
              body: """
                  Après des mois d’attente, la date de l’élection présidentielle est connue. Les partis politiques \
                  saluent une étape importante mais demandent une révision des listes électorales.
                  """),
        Story("listes-electorales", site: "sahel", 2023, 1, 11, by: ["binta-sow"], tags: ["elections"],
              title: "La révision des listes électorales prend du retard",
              standfirst: "Des milliers d’électeurs ne trouvent pas leur nom.",
              body: """
                  Dans les mairies de Bamako, les électeurs font la queue pour vérifier leur inscription. Les agents \
                  manquent de cartes et de formulaires avant le scrutin.
                  """),
        Story("elections-locales-gao", site: "sahel", 2023, 4, 5, by: ["moussa-keita"], tags: ["elections", "securite"],
              title: "À Gao, des élections locales sous haute surveillance",
              standfirst: "Les forces armées sécurisent les bureaux de vote.",
              body: """
                  Les habitants de Gao ont voté dans le calme dimanche. Les soldats et la police ont patrouillé toute \
                  la journée autour des bureaux de vote.
                  """),
        Story("attaque-route-gao-niamey", site: "sahel", 2023, 6, 18, by: ["moussa-keita"], tags: ["securite"],
              title: "Sécurité : un convoi attaqué sur la route de Niamey",
              standfirst: "Trois camions de marchandises ont été incendiés.",
              body: """
                  Sur la route Gao-Niamey, des hommes armés ont arrêté un convoi de commerçants. Les forces de \
                  sécurité sont arrivées deux heures plus tard. Les transporteurs réclament des escortes.
                  """),
        Story("ecoles-fermees-mopti", site: "sahel", 2023, 10, 9, by: ["binta-sow"], tags: ["securite"],
              title: "Dans la région de Mopti, des centaines d’écoles restent fermées",
              standfirst: "L’insécurité prive les enfants de classe depuis la rentrée.",
              body: """
                  Les enseignants ont quitté les villages du centre après le départ des forces de l’ordre. Les parents \
                  envoient leurs enfants en ville pour qu’ils puissent suivre les cours.
                  """),
        // « avions » is a form of *avoir* as well as the plural of *avion*; « ordinateurs » and « terrorisme » are
        // searched by prefixes longer than their stems (`ordin`, `terror`).
        Story("avions-neufs", site: "sahel", 2023, 5, 10, by: ["binta-sow"], tags: [],
              title: "Des avions neufs pour l’aéroport",
              standfirst: "La compagnie reçoit deux appareils et des ordinateurs pour l’enregistrement.",
              body: """
                  Les passagers attendaient ces avions depuis longtemps. Le directeur parle aussi de la lutte contre \
                  le terrorisme.
                  """),
        Story("greve-enseignants", site: "sahel", 2024, 1, 15, by: ["awa-diarra"], tags: [],
              title: "Grève des enseignants : les écoles publiques à l’arrêt",
              standfirst: "Le syndicat réclame les primes promises aux maîtres d’école.",
              body: """
                  Depuis lundi, les enseignants du public ne donnent plus cours. Dans les écoles privées de Bamako, \
                  les classes continuent normalement. Le ministre promet une rencontre avec le syndicat.
                  """),
        Story("paludisme-saison-pluies", site: "sahel", 2024, 8, 3, by: ["binta-sow"], tags: ["sante"],
              title: "Le paludisme progresse avec la saison des pluies",
              standfirst: "Les centres de santé de Sikasso sont débordés.",
              body: """
                  Chaque année, la saison des pluies apporte son lot de moustiques. Les médecins de Sikasso \
                  recommandent les moustiquaires imprégnées et un traitement rapide dès les premiers signes de fièvre.
                  """),
        Story("vaccination-rougeole", site: "sahel", 2024, 2, 21, by: ["binta-sow"], tags: ["sante"],
              title: "Campagne de vaccination contre la rougeole",
              standfirst: "Deux millions d’enfants doivent être vaccinés en dix jours.",
              body: """
                  Les équipes parcourent les villages à moto. À Tombouctou, les agents de santé vont jusqu’aux \
                  campements nomades pour vacciner les enfants.
                  """),
        Story("coton-record", site: "sahel", 2022, 11, 30, by: ["moussa-keita"], tags: ["agriculture"],
              title: "Récolte record pour le coton malien",
              standfirst: "Le pays redevient le premier producteur du continent.",
              body: """
                  Les cotonculteurs de Koutiala ont livré plus de sept cent mille tonnes. Le prix d’achat garanti et \
                  les bonnes pluies expliquent cette récolte exceptionnelle.
                  """),
        Story("prix-du-mil", site: "sahel", 2023, 8, 25, by: ["moussa-keita"], tags: ["agriculture"],
              title: "Le prix du mil flambe sur les marchés",
              standfirst: "Le sac de cent kilos dépasse vingt mille francs CFA.",
              body: """
                  Sur le marché de Mopti, le mil et le sorgho manquent. Les commerçants accusent la sécheresse de l’an \
                  dernier et l’insécurité sur les routes. Le coton, lui, se vend bien.
                  """),
        Story("riz-office-du-niger", site: "sahel", 2024, 10, 12, by: ["awa-diarra"], tags: ["agriculture"],
              title: "L’Office du Niger espère une belle récolte de riz",
              standfirst: "Les casiers irrigués par le Niger à Niono sont prêts.",
              body: """
                  Grâce au fleuve Niger, les riziculteurs de Niono cultivent le riz deux fois par an. Les paysans de \
                  l’Office du Niger demandent des engrais moins chers.
                  """),
        Story("orpaillage-kenieba", site: "sahel", 2024, 5, 7, by: ["moussa-keita"], tags: ["securite"],
              title: "L’orpaillage clandestin gagne du terrain à Kéniéba",
              standfirst: "Les mines d’or artisanales attirent des milliers de jeunes.",
              body: """
                  Dans les placers de Kéniéba, les orpailleurs creusent sans protection. Les éboulements sont \
                  fréquents et le mercure pollue les cours d’eau.
                  """),
        Story("manuscrits-tombouctou", site: "sahel", 2022, 5, 16, by: ["binta-sow"], tags: [],
              title: "Les manuscrits de Tombouctou numérisés",
              standfirst: "Une bibliothèque en ligne pour des trésors du savoir.",
              body: """
                  Des milliers de manuscrits anciens sont photographiés page par page. Les familles qui les gardent \
                  depuis des siècles participent au projet.
                  """),
        Story("criquets-au-nord", site: "sahel", 2023, 9, 14, by: ["awa-diarra"], tags: ["agriculture"],
              title: "Les criquets menacent l’agriculture du Nord",
              standfirst: "Des essaims ont été signalés près de Tombouctou.",
              body: """
                  Les agents de la protection des végétaux traitent les champs. Les paysans redoutent de perdre leur \
                  récolte de mil après une année de sécheresse.
                  """),
        Story("forces-armees-recrutent", site: "sahel", 2024, 11, 5, by: ["moussa-keita"], tags: ["securite"],
              title: "Les forces armées recrutent des milliers de jeunes",
              standfirst: "Le concours attire des candidats de toutes les régions.",
              body: """
                  Les centres de recrutement de Bamako et de Kati sont pris d’assaut. L’état-major veut former les \
                  nouvelles recrues avant la fin de l’année.
                  """),
        Story("brouillon-secheresse", site: "sahel", 2024, 6, 1, by: ["awa-diarra"], tags: ["agriculture"], draft: true,
              title: "Sécheresse et criquets : notes",
              standfirst: "Brouillon.",
              body: "Sécheresse, criquets, élections, paludisme : à reprendre."),
        Story("crue-a-niamey", site: "fleuve", 2022, 9, 5, by: ["awa-diarra"], tags: ["climat"],
              title: "La crue du fleuve inonde Niamey",
              standfirst: "Des quartiers entiers de Niamey sont sous les eaux.",
              body: """
                  Le fleuve Niger a atteint un niveau record à Niamey. Les inondations ont détruit des centaines de \
                  maisons et les sinistrés sont logés dans des écoles.
                  """),
        Story("inondations-bilan", site: "fleuve", 2022, 10, 1, by: ["moussa-keita"], tags: ["climat"],
              title: "Inondations : un bilan très lourd",
              standfirst: "Le gouvernement annonce un plan d’aide aux sinistrés.",
              body: """
                  Les pluies diluviennes de septembre ont fait des dizaines de morts. Les autorités appellent les \
                  habitants à quitter les zones inondables au bord du fleuve.
                  """),
        Story("barrage-kandadji", site: "fleuve", 2023, 3, 22, by: ["moussa-keita"], tags: ["economie", "climat"],
              title: "Le barrage de Kandadji avance enfin",
              standfirst: "L’ouvrage doit produire de l’électricité et irriguer les terres.",
              body: """
                  Sur le fleuve Niger, le chantier a repris après des années d’arrêt. Le courant produit alimentera \
                  Niamey et les agriculteurs pourront irriguer leurs champs toute l’année.
                  """),
        Story("pecheurs-du-fleuve", site: "fleuve", 2023, 7, 30, by: ["binta-sow"], tags: ["economie"],
              title: "Les pêcheurs du fleuve voient leurs prises diminuer",
              standfirst: "Le poisson se fait rare entre Mopti et Niamey.",
              body: """
                  Les pêcheurs bozos accusent les filets trop fins et la pollution. Sans une saison de repos, le \
                  fleuve ne pourra plus nourrir les familles qui vivent de la pêche.
                  """),
        Story("inflation-niamey", site: "fleuve", 2023, 11, 11, by: ["moussa-keita"], tags: ["economie"],
              title: "L’inflation pèse sur les ménages de Niamey",
              standfirst: "Le prix du riz a doublé en un an.",
              body: """
                  Au grand marché, le riz importé et l’huile coûtent de plus en plus cher. Les ménages réduisent les \
                  repas et achètent du mil local.
                  """),
        Story("franc-cfa-debat", site: "fleuve", 2024, 3, 3, by: ["awa-diarra"], tags: ["economie"],
              title: "Le débat sur le franc CFA relancé",
              standfirst: "Des économistes proposent une monnaie commune pour le Sahel.",
              body: """
                  Faut-il quitter le franc CFA ? Les économistes réunis à Niamey sont divisés. Certains craignent \
                  l’inflation, d’autres réclament une monnaie souveraine.
                  """),
        Story("festival-de-niamey", site: "fleuve", 2024, 4, 19, by: ["binta-sow"], tags: ["culture"],
              title: "Le festival de musique de Niamey fête ses vingt ans",
              standfirst: "Des artistes du Niger, du Mali et du Burkina Faso sur scène.",
              body: """
                  Pendant trois jours, les griots et les guitaristes touaregs ont fait danser le public. Les \
                  organisateurs espèrent attirer des visiteurs malgré l’insécurité.
                  """),
        Story("festival-sur-le-niger", site: "fleuve", 2022, 2, 12, by: ["moussa-keita"], tags: ["culture"],
              title: "Ségou accueille le Festival sur le Niger",
              standfirst: "La ville vit au rythme des concerts au bord du fleuve.",
              body: """
                  Les pirogues décorées défilent pendant que les musiciens jouent sur les berges. Le festival attire \
                  chaque année des visiteurs de toute la région.
                  """),
        Story("municipales-reportees", site: "fleuve", 2023, 12, 2, by: ["awa-diarra"], tags: [],
              title: "Au Niger, les élections municipales reportées",
              standfirst: "La commission électorale invoque des raisons de sécurité.",
              body: """
                  Le scrutin prévu en décembre n’aura pas lieu. Les électeurs devront attendre une nouvelle date fixée \
                  par décret.
                  """),
        Story("lac-tchad", site: "fleuve", 2024, 7, 8, by: ["binta-sow"], tags: ["climat"],
              title: "Le lac Tchad rétrécit encore",
              standfirst: "Les éleveurs et les pêcheurs se disputent les dernières terres humides.",
              body: """
                  Des années de sécheresse ont réduit la surface du lac. Les pêcheurs deviennent agriculteurs et les \
                  conflits pour l’eau se multiplient.
                  """),
        Story("saison-des-pluies-2024", site: "fleuve", 2024, 6, 20, by: ["moussa-keita"], tags: ["climat"],
              title: "Une saison des pluies précoce et abondante",
              standfirst: "Les météorologues annoncent des pluies supérieures à la normale.",
              body: """
                  Les premières averses sont tombées dès la fin mai. Les agriculteurs se réjouissent, mais les secours \
                  craignent de nouvelles inondations.
                  """),
        Story("solaire-au-village", site: "fleuve", 2024, 9, 15, by: ["awa-diarra"], tags: ["economie"],
              title: "L’énergie solaire éclaire les villages du fleuve",
              standfirst: "Des mini-centrales remplacent les groupes électrogènes.",
              body: """
                  Dans une vingtaine de villages, des panneaux solaires fournissent l’électricité aux écoles et aux \
                  centres de santé. Les habitants paient un petit abonnement mensuel.
                  """),
        Story("universite-de-niamey", site: "fleuve", 2023, 2, 6, by: ["binta-sow"], tags: [],
              title: "L’université de Niamey rouvre ses amphithéâtres",
              standfirst: "Les étudiants reprennent les cours après deux mois de grève.",
              body: """
                  La grève des enseignants du supérieur est terminée. Les étudiants devront rattraper le semestre \
                  perdu avant les examens de juillet.
                  """),
        Story("transport-fluvial", site: "fleuve", 2022, 12, 18, by: ["moussa-keita"], tags: ["economie"],
              title: "Le transport fluvial reprend entre Mopti et Tombouctou",
              standfirst: "Les bateaux naviguent à nouveau.",
              body: """
                  Avec la crue, le fleuve est redevenu navigable. Les commerçants chargent du riz, du sel et du mil \
                  pour les villes du Nord.
                  """),
        Story("jardins-maraichers", site: "fleuve", 2023, 5, 27, by: ["binta-sow"], tags: ["economie"],
              title: "Les jardins maraîchers de Niamey nourrissent la ville",
              standfirst: "Des femmes cultivent légumes et fruits au bord du fleuve.",
              body: """
                  Sur les rives du Niger, des coopératives de femmes produisent des tomates, des oignons et de la \
                  salade. Elles vendent leurs légumes au marché chaque matin.
                  """),
    ]

    /// What readers type, and what each store must find. Words are stemmed (Snowball French), folded to ASCII and
    /// stop words left out, as both stores' indexes do; title, tags, standfirst and body are searched.
    static let queries: [ReaderQuery] = [
        // A word; the title's match first, the draft never.
        ReaderQuery("sécheresse",
            finds: ["criquets-au-nord", "lac-tchad", "pluies-tardives", "prix-du-mil", "secheresse-kayes"],
            top: "secheresse-kayes"),
        // Accents folded.
        ReaderQuery("secheresse",
            finds: ["criquets-au-nord", "lac-tchad", "pluies-tardives", "prix-du-mil", "secheresse-kayes"],
            top: "secheresse-kayes"),
        // Singular: finds the plural, and the tag « Élections ».
        ReaderQuery("élection",
            finds: ["election-presidentielle-date", "elections-locales-gao", "listes-electorales",
                "municipales-reportees"]),
        // Plural without accent: the same.
        ReaderQuery("elections",
            finds: ["election-presidentielle-date", "elections-locales-gao", "listes-electorales",
                "municipales-reportees"]),
        // A word the standfirst holds beats one in the body only.
        ReaderQuery("électeurs", finds: ["listes-electorales", "municipales-reportees"], top: "listes-electorales"),
        ReaderQuery("électorales",
            finds: ["election-presidentielle-date", "listes-electorales", "municipales-reportees"],
            top: "listes-electorales"),
        // A prefix: élection, électorales, électeurs.
        ReaderQuery("élect*", site: "sahel",
            finds: ["election-presidentielle-date", "elections-locales-gao", "listes-electorales"]),
        // A phrase: in the title beats in the standfirst.
        ReaderQuery("\"forces armées\"",
            finds: ["elections-locales-gao", "forces-armees-recrutent"], top: "forces-armees-recrutent"),
        // A phrase in guillemets, its stop word in it.
        ReaderQuery("« saison des pluies »",
            finds: ["paludisme-saison-pluies", "pluies-tardives", "saison-des-pluies-2024"]),
        // An exclusion goes by stem: « armés » excludes too.
        ReaderQuery("forces -armées", finds: ["ecoles-fermees-mopti"]),
        ReaderQuery("Niger",
            finds: ["barrage-kandadji", "crue-a-niamey", "festival-de-niamey", "festival-sur-le-niger",
                "jardins-maraichers", "municipales-reportees", "riz-office-du-niger"]),
        ReaderQuery("Niger -fleuve", finds: ["festival-de-niamey", "municipales-reportees"]),
        // « cotonculteurs » is another word.
        ReaderQuery("coton", finds: ["coton-record", "prix-du-mil"], top: "coton-record"),
        ReaderQuery("coton*", finds: ["coton-record", "prix-du-mil"], top: "coton-record"),
        // Every word is required.
        ReaderQuery("mil coton", finds: ["prix-du-mil"]),
        ReaderQuery("paludisme", finds: ["paludisme-saison-pluies"]),
        ReaderQuery("vaccin*", finds: ["vaccination-rougeole"]),
        ReaderQuery("Bamako", finds: ["forces-armees-recrutent", "greve-enseignants", "listes-electorales"]),
        ReaderQuery("Niamey", site: "fleuve",
            finds: ["barrage-kandadji", "crue-a-niamey", "festival-de-niamey", "franc-cfa-debat",
                "inflation-niamey", "jardins-maraichers", "pecheurs-du-fleuve", "universite-de-niamey"]),
        ReaderQuery("Niamey", site: "sahel", finds: ["attaque-route-gao-niamey"]),
        ReaderQuery("fleuve", tag: "economie",
            finds: ["barrage-kandadji", "jardins-maraichers", "pecheurs-du-fleuve", "solaire-au-village",
                "transport-fluvial"]),
        ReaderQuery("Niger", person: "binta-sow",
            finds: ["festival-de-niamey", "jardins-maraichers"], top: "festival-de-niamey"),
        ReaderQuery("élections", year: 2023,
            finds: ["elections-locales-gao", "listes-electorales", "municipales-reportees"]),
        ReaderQuery("pluies", year: 2024, finds: ["paludisme-saison-pluies", "saison-des-pluies-2024"]),
        ReaderQuery("pluie", site: "fleuve", year: 2024, finds: ["saison-des-pluies-2024"]),
        ReaderQuery("barrage", finds: ["barrage-kandadji"]),
        // « inondables » shares the stem.
        ReaderQuery("inondation", finds: ["crue-a-niamey", "inondations-bilan", "saison-des-pluies-2024"]),
        ReaderQuery("pêcheurs", finds: ["lac-tchad", "pecheurs-du-fleuve"], top: "pecheurs-du-fleuve"),
        ReaderQuery("pecheur", finds: ["lac-tchad", "pecheurs-du-fleuve"], top: "pecheurs-du-fleuve"),
        ReaderQuery("pêche*", finds: ["lac-tchad", "pecheurs-du-fleuve"], top: "pecheurs-du-fleuve"),
        // An elision is dropped.
        ReaderQuery("l'orpaillage", finds: ["orpaillage-kenieba"]),
        ReaderQuery("grève enseignants",
            finds: ["greve-enseignants", "universite-de-niamey"], top: "greve-enseignants"),
        ReaderQuery("école",
            finds: ["crue-a-niamey", "ecoles-fermees-mopti", "greve-enseignants", "solaire-au-village"]),
        ReaderQuery("festival musique", finds: ["festival-de-niamey"]),
        ReaderQuery("festival", finds: ["festival-de-niamey", "festival-sur-le-niger"]),
        ReaderQuery("inflation", finds: ["franc-cfa-debat", "inflation-niamey"], top: "inflation-niamey"),
        ReaderQuery("\"franc CFA\"", finds: ["franc-cfa-debat", "prix-du-mil"], top: "franc-cfa-debat"),
        ReaderQuery("Tombouctou",
            finds: ["criquets-au-nord", "manuscrits-tombouctou", "transport-fluvial", "vaccination-rougeole"]),
        ReaderQuery("manuscrits", finds: ["manuscrits-tombouctou"]),
        ReaderQuery("criquets", finds: ["criquets-au-nord"]),
        // Words joined by a hyphen are a phrase.
        ReaderQuery("Gao-Niamey", finds: ["attaque-route-gao-niamey"]),
        // The tag « Agriculture », and « agriculteurs » in bodies.
        ReaderQuery("agricult*",
            finds: ["barrage-kandadji", "coton-record", "criquets-au-nord", "lac-tchad", "pluies-tardives",
                "prix-du-mil", "riz-office-du-niger", "saison-des-pluies-2024", "secheresse-kayes"],
            top: "criquets-au-nord"),
        ReaderQuery("pluies -inondations", finds: ["coton-record", "paludisme-saison-pluies", "pluies-tardives"]),
        ReaderQuery("riz -Mopti", finds: ["inflation-niamey", "riz-office-du-niger"]),
        // Tags are searched.
        ReaderQuery("santé", finds: ["paludisme-saison-pluies", "solaire-au-village", "vaccination-rougeole"]),
        ReaderQuery("NIAMEY",
            finds: ["attaque-route-gao-niamey", "barrage-kandadji", "crue-a-niamey", "festival-de-niamey",
                "franc-cfa-debat", "inflation-niamey", "jardins-maraichers", "pecheurs-du-fleuve",
                "universite-de-niamey"]),
        ReaderQuery("\"saison des pluies\" -paludisme",
            finds: ["pluies-tardives", "saison-des-pluies-2024"], top: "saison-des-pluies-2024"),
        // An excluded phrase.
        ReaderQuery("sécurité -\"forces armées\"",
            finds: ["attaque-route-gao-niamey", "ecoles-fermees-mopti", "municipales-reportees",
                "orpaillage-kenieba"], top: "attaque-route-gao-niamey"),
        // Nothing.
        ReaderQuery("pétrole", finds: []),
        ReaderQuery("électricité", finds: ["barrage-kandadji", "solaire-au-village"], top: "barrage-kandadji"),
        ReaderQuery("électr*", finds: ["barrage-kandadji", "solaire-au-village"]),
        // A stop word that is also a noun: alone, « avions » finds the planes; beside other words, « les » is left
        // out; between quotes, it is searched.
        ReaderQuery("avion", finds: ["avions-neufs"]),
        ReaderQuery("avions", finds: ["avions-neufs"]),
        ReaderQuery("les avions", finds: ["avions-neufs"]),
        ReaderQuery("\"ces avions\"", finds: ["avions-neufs"]),
        ReaderQuery("\"lutte contre le terrorisme\"", finds: ["avions-neufs"]),
        // Prefixes are compared with the words as written, not only with stems (`ordin`, `terror`).
        ReaderQuery("ordinat*", finds: ["avions-neufs"]),
        ReaderQuery("ordi*", finds: ["avions-neufs"]),
        ReaderQuery("terrorism*", finds: ["avions-neufs"]),
        ReaderQuery("aérop*", finds: ["avions-neufs"]),
        ReaderQuery("aerop*", finds: ["avions-neufs"]),
        // Not « mille ».
        ReaderQuery("mil",
            finds: ["criquets-au-nord", "inflation-niamey", "pluies-tardives", "prix-du-mil", "transport-fluvial"],
            top: "prix-du-mil"),
    ]
}

/// The corpus in one store, with the ids the store gave to its sites, tags and people.
private struct BuiltCorpus: Sendable {
    let store: any ContentStore & StaffStore
    let sites: [String: Site.ID]
    let tags: [String: KibaruCore.Tag.ID]
    let people: [String: Person.ID]

    static func build(in store: any ContentStore & StaffStore) async throws -> BuiltCorpus {
        let (sites, tags, people) = try await store.write { tx in
            var siteIDs: [String: Site.ID] = [:], tagsBySlug: [String: KibaruCore.Tag] = [:]
            var peopleBySlug: [String: Person] = [:]
            for (slug, title) in NewsCorpus.sites {
                siteIDs[slug] = try await tx.insertSite(NewSite(slug: .of(slug), title: title)).id
            }
            for (slug, name) in NewsCorpus.people {
                peopleBySlug[slug] = try await tx.insertPerson(NewPerson(slug: .of(slug), name: name))
            }
            for tag in NewsCorpus.tags {
                tagsBySlug[tag.slug] = try await tx.insertTag(
                    KibaruCore.NewTag(siteID: siteIDs[tag.site]!, slug: .of(tag.slug), name: tag.name))
            }
            for story in NewsCorpus.stories {
                let article = story.article(
                    siteID: siteIDs[story.site]!, authors: story.authors.map { peopleBySlug[$0]! },
                    tags: story.tags.map { tagsBySlug[$0]! })
                _ = try await tx.insertArticle(article)
            }
            return (siteIDs, tagsBySlug.mapValues { $0.id }, peopleBySlug.mapValues { $0.id })
        }
        return BuiltCorpus(store: store, sites: sites, tags: tags, people: people)
    }

    func searchQuery(_ query: ReaderQuery, page: PageRequest = PageRequest(number: 1, size: 100)) throws -> SearchQuery {
        try SearchQuery(
            text: query.text, siteID: query.site.map { sites[$0]! }, tagID: query.tag.map { tags[$0]! },
            personID: query.person.map { people[$0]! }, year: query.year, page: page)
    }

    /// The slugs of every hit, best first.
    func ranked(_ query: ReaderQuery) async throws -> [String] {
        try await store.search(try searchQuery(query)).items.map(\.article.slug.rawValue)
    }

    func search(_ text: String, page: PageRequest = PageRequest(number: 1, size: 100)) async throws -> Page<SearchHit> {
        try await store.search(try SearchQuery(text: text, page: page))
    }
}

/// ``ContentStore/search(_:)``: every store finds the same published articles for a reader's words (stems,
/// accents folded, phrases, exclusions, prefixes, filters by site, tag, author and year), ranks a title's match
/// above a body's, refuses a query of common words only, pages its hits and marks the matched words in snippets.
@Suite struct SearchContract {
    @Test(arguments: StoreUnderTest.all)
    func everyQueryFindsItsArticlesAndTheBestFirst(_ subject: StoreUnderTest) async throws {
        let corpus = try await BuiltCorpus.build(in: try await subject.make())
        #expect(NewsCorpus.queries.count >= 40)
        for query in NewsCorpus.queries {
            let page = try await corpus.store.search(try corpus.searchQuery(query))
            let found = page.items.map(\.article.slug.rawValue)
            #expect(Set(found) == query.expected, "« \(query) » found \(found)")
            #expect(found.count == Set(found).count && page.total == query.expected.count, "« \(query) »: \(page.total)")
            if let top = query.top {
                #expect(found.first == top, "« \(query) » ranked \(found)")
            }
        }
    }

    @Test(arguments: StoreUnderTest.all)
    func anIndexMadeAnewIsFilledAgainNewestFirstInBatches(_ subject: StoreUnderTest) async throws {
        let corpus = try await BuiltCorpus.build(in: try await subject.make())
        let store = corpus.store
        let published = NewsCorpus.stories.filter { !$0.isDraft }.count
        func missing() async throws -> Int { try await store.read { tx in try await tx.articlesMissingFromSearchCount() } }
        let niger = try await corpus.search("Niger").items.map(\.article.slug)
        let story = try #require(NewsCorpus.stories.first { $0.slug == "crue-a-niamey" })
        let sample = SimilarityInput(title: story.title, standfirst: story.standfirst, tags: [], body: story.body)
        func similar() async throws -> [Article.ID] {
            try await store.read { tx in try await tx.similarArticles(to: sample, excluding: nil, limit: 5) }
        }
        let similarBefore = try await similar()
        #expect(!similarBefore.isEmpty)
        #expect(try await missing() == 0)

        try await StoreUnderTest.emptySearchIndex(of: store)
        #expect(try await missing() == published)
        #expect(try await corpus.search("Niger").total == 0)
        var below: Article.ID?
        var order: [Article.ID] = []
        while true {
            let cursor = below
            let batch = try await store.read { tx in try await tx.articlesMissingFromSearch(below: cursor, limit: 4) }
            guard let last = batch.last else { break }
            #expect(batch.count <= 4)
            try await store.write { tx in for id in batch { try await tx.indexForSearch(articleID: id) } }
            order += batch
            below = last
        }
        #expect(order.count == published && order == order.sorted { $0.rawValue > $1.rawValue }, "newest first, each once")
        #expect(try await missing() == 0)
        #expect(try await corpus.search("Niger").items.map(\.article.slug) == niger)
        #expect(try await similar() == similarBefore, "the term counts are whole again")
    }

    @Test(arguments: StoreUnderTest.all)
    func commonWordsAreSearchedAloneAndLeftOutBesideOthers(_ subject: StoreUnderTest) async throws {
        let corpus = try await BuiltCorpus.build(in: try await subject.make())
        #expect(try await corpus.search("la sécheresse").total == 5, "a common word beside another is left out")
        #expect(try await corpus.search("sécheresse").total == 5)
        for text in ["le la des", "« de la »", "les -Niger"] {
            #expect(try await corpus.search(text).total > 0, "« \(text) »: common words alone are searched")
        }
    }

    @Test(arguments: StoreUnderTest.all)
    func hitsComeAPageAtATimeInTheSameOrder(_ subject: StoreUnderTest) async throws {
        let corpus = try await BuiltCorpus.build(in: try await subject.make())
        let all = try await corpus.search("Niamey")
        var pages: [Page<SearchHit>] = []
        for number in 1...4 {
            pages.append(try await corpus.search("Niamey", page: PageRequest(number: number, size: 4)))
        }
        #expect(all.total == 9 && pages.map(\.items.count) == [4, 4, 1, 0])
        #expect(pages.allSatisfy { $0.total == 9 } && pages[0].pageCount == 3)
        #expect(pages.flatMap { $0.items.map(\.article.slug.rawValue) } == all.items.map(\.article.slug.rawValue),
                "the pages, end to end, are the hits in order")
        #expect(pages[1].hasPrevious && pages[1].hasNext && !pages[2].hasNext)
    }

    @Test(arguments: StoreUnderTest.all)
    func snippetsMarkTheMatchedWords(_ subject: StoreUnderTest) async throws {
        let corpus = try await BuiltCorpus.build(in: try await subject.make())
        let (open, close) = (SearchHit.highlightStart, SearchHit.highlightEnd)
        let floods = try await corpus.search("inondations").items
        #expect(Set(floods.map(\.article.slug.rawValue)) == ["crue-a-niamey", "inondations-bilan", "saison-des-pluies-2024"])
        for hit in floods {
            #expect(hit.snippet.contains(open) && hit.snippet.contains(close), "\(hit.article.slug): \(hit.snippet)")
        }
        func snippet(_ hits: [SearchHit], _ slug: String) -> String {
            hits.first { $0.article.slug.rawValue == slug }?.snippet ?? ""
        }
        #expect(snippet(floods, "crue-a-niamey").contains("\(open)inondations\(close)"))
        #expect(snippet(floods, "inondations-bilan").contains("\(open)inondables\(close)"), "the same stem")

        let drought = try await corpus.search("secheresse").items
        #expect(snippet(drought, "lac-tchad").contains("\(open)sécheresse\(close)"), "the word as written, accents kept")
        let titleOnly = snippet(drought, "secheresse-kayes")
        #expect(titleOnly.hasPrefix("Dans la région de Kayes") && !titleOnly.contains(open),
                "a match in the title alone: the body's start, unmarked")
    }

    /// Both stores find the same articles (the tests above); how alike they rank them is measured here: bm25 on
    /// SQLite, `ts_rank` on PostgreSQL. Each query's top three must hold the same articles, or at least the same
    /// first one.
    @Test(.enabled(if: StoreUnderTest.all.count == 2, "compares SQLite and PostgreSQL: needs KIBARU_TEST_POSTGRES_URL"))
    func bothStoresRankAlike() async throws {
        var corpora: [BuiltCorpus] = []
        for subject in StoreUnderTest.all { corpora.append(try await BuiltCorpus.build(in: try await subject.make())) }
        var sameInOrder = 0
        for query in NewsCorpus.queries {
            let sqlite = Array(try await corpora[0].ranked(query).prefix(3))
            let postgres = Array(try await corpora[1].ranked(query).prefix(3))
            if sqlite == postgres { sameInOrder += 1 }
            #expect(Set(sqlite) == Set(postgres) || sqlite.first == postgres.first,
                    "« \(query) »: SQLite \(sqlite), PostgreSQL \(postgres)")
        }
        print("""
            Recherche : \(sameInOrder) requêtes sur \(NewsCorpus.queries.count) ont le même top 3, dans le même ordre, \
            sur SQLite et PostgreSQL
            """)
    }
}
