import GRDB

/// Search keeps every word (issue 14): stop words get their terms too (« avions » finds the planes), and each word
/// its surface, the form prefixes are compared with (`ordinat*`). The index is made anew, empty, as entries made
/// by the former tokenizer could not be deleted by the new one; the published articles are indexed again in the
/// background, newest first, in short transactions (``SearchIndexing``), and the term counts start again from
/// zero as they are.
enum M0025 {
    static func searchEveryWord(_ db: Database) throws {
        try db.execute(sql: """
            DROP TABLE article_search_terms;
            DROP TABLE article_search;
            CREATE VIRTUAL TABLE article_search USING fts5(
                title, standfirst, tags, body, site, tokenize = '\(FrenchTokenizer.name)', prefix = '3 4 5'
            );
            CREATE VIRTUAL TABLE article_search_terms USING fts5vocab(article_search, 'row');
            DELETE FROM search_term;
            """)
    }
}
