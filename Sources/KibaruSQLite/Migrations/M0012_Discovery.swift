import GRDB

/// Search, related articles, mentioned entities, typed tags (people, places, organisations, sections) and the
/// per-site typography switch.
///
/// `article_search` holds the published articles only, keyed by the article's id, tokenized by
/// ``FrenchTokenizer``, with prefix indexes of 3 and 4 letters for `mot*` searches and the site as a token
/// (`kbsite12`), so that a site's search is an intersection in the index rather than a join; `article_search_terms` exposes its vocabulary (document frequencies) for the related
/// articles' term weights. Existing published articles are indexed here; their entities and related articles
/// come with the re-rendering at the next start (the renderer version was raised with this migration).
enum M0012 {
    static func discovery(_ db: Database) throws {
        try db.execute(sql: """
            CREATE VIRTUAL TABLE article_search USING fts5(
                title, standfirst, tags, body, site, tokenize = '\(FrenchTokenizer.name)', prefix = '3 4'
            );
            CREATE VIRTUAL TABLE article_search_terms USING fts5vocab(article_search, 'row');
            INSERT INTO article_search (rowid, title, standfirst, tags, body, site)
            SELECT a.id, a.title, coalesce(a.standfirst, ''),
                coalesce((SELECT group_concat(t.name, ' ; ') FROM article_tag x JOIN tag t ON t.id = x.tag_id
                    WHERE x.article_id = a.id), ''),
                a.body_text, '\(SearchIndex.siteTokenPrefix)' || a.site_id
            FROM article a WHERE a.state = 'published';
            CREATE TABLE article_related (
                article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                related_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                PRIMARY KEY (article_id, related_id)
            );
            CREATE INDEX article_related_target ON article_related (related_id);
            CREATE TABLE read_also_rejection (
                article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                related_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                PRIMARY KEY (article_id, related_id)
            );
            CREATE TABLE article_entity (
                article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                site_id INTEGER NOT NULL REFERENCES site(id) ON DELETE CASCADE,
                slug TEXT NOT NULL,
                name TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('personne', 'lieu', 'organisation')),
                mentions INTEGER NOT NULL,
                PRIMARY KEY (article_id, slug)
            );
            CREATE INDEX article_entity_site ON article_entity (site_id, slug);
            ALTER TABLE tag ADD COLUMN kind TEXT CHECK (kind IN ('personne', 'lieu', 'organisation', 'rubrique'));
            ALTER TABLE site ADD COLUMN french_typography BOOLEAN NOT NULL DEFAULT 1;
            """)
    }
}
