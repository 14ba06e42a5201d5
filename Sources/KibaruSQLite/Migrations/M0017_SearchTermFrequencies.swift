import GRDB

/// How many indexed articles hold each search term, kept with the index (``SearchIndex/update(_:articleID:)``):
/// the related articles weigh terms by it, and `fts5vocab` computes it by walking the term's whole list of
/// articles, which made every comparison cost more as the network grew (about 50 ms an article at 10,000).
/// The empty term (which no text has) counts the indexed articles themselves.
enum M0017 {
    static func searchTermFrequencies(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE search_term (
                term TEXT PRIMARY KEY,
                documents INTEGER NOT NULL
            ) WITHOUT ROWID;
            INSERT INTO search_term (term, documents) SELECT term, doc FROM article_search_terms;
            INSERT INTO search_term (term, documents) VALUES ('', (SELECT count(*) FROM article_search));
            """)
    }
}
