/// French words too common to help a search: the Snowball French stop-word list (snowballstem.org) plus the
/// elided forms that a tokenizer may leave behind (`jusqu`, `lorsqu`, `puisqu`, `quoiqu`).
public enum FrenchStopWords {
    /// Whether `word`, once lowercased, is a stop word. Accents count: `"été"` is one (a form of *être*),
    /// `"ete"` is not.
    public static func contains(_ word: String) -> Bool {
        words.contains(word.lowercased())
    }

    private static let words: Set<String> = [
        // Articles, pronouns, possessives, prepositions, conjunctions.
        "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "et", "eux", "il", "ils", "je",
        "la", "le", "les", "leur", "leurs", "lui", "ma", "mais", "me", "même", "mes", "moi", "mon", "ne", "nos",
        "notre", "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa", "se", "ses", "son", "sur", "ta",
        "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "ceci", "cela", "celà", "cet", "cette",
        "ici", "quel", "quels", "quelle", "quelles", "sans", "soi",
        // Single letters and elided forms.
        "c", "d", "j", "l", "à", "m", "n", "s", "t", "y", "jusqu", "lorsqu", "puisqu", "quoiqu",
        // Forms of être.
        "été", "étée", "étées", "étés", "étant", "suis", "es", "est", "sommes", "êtes", "sont", "serai", "seras",
        "sera", "serons", "serez", "seront", "serais", "serait", "serions", "seriez", "seraient", "étais", "était",
        "étions", "étiez", "étaient", "fus", "fut", "fûmes", "fûtes", "furent", "sois", "soit", "soyons", "soyez",
        "soient", "fusse", "fusses", "fût", "fussions", "fussiez", "fussent",
        // Forms of avoir.
        "ayant", "eu", "eue", "eues", "eus", "ai", "as", "avons", "avez", "ont", "aurai", "auras", "aura", "aurons",
        "aurez", "auront", "aurais", "aurait", "aurions", "auriez", "auraient", "avais", "avait", "avions", "aviez",
        "avaient", "eut", "eûmes", "eûtes", "eurent", "aie", "aies", "ait", "ayons", "ayez", "aient", "eusse",
        "eusses", "eût", "eussions", "eussiez", "eussent",
    ]
}
