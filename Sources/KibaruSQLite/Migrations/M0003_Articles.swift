import GRDB

enum M0003 {
    static func articles(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE article (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                site_id INTEGER NOT NULL REFERENCES site(id) ON DELETE CASCADE,
                slug TEXT NOT NULL,
                title TEXT NOT NULL,
                title_key TEXT NOT NULL,
                standfirst TEXT,
                body_markdown TEXT NOT NULL,
                body_html TEXT NOT NULL,
                body_text TEXT NOT NULL,
                renderer_version INTEGER NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('draft', 'published')),
                published_at DATETIME,
                featured_figure TEXT,
                created_at DATETIME NOT NULL,
                updated_at DATETIME NOT NULL,
                UNIQUE (site_id, slug)
            );
            CREATE INDEX article_published ON article (state, published_at DESC);
            CREATE INDEX article_site_published ON article (site_id, state, published_at DESC);
            CREATE INDEX article_title_key ON article (site_id, title_key);
            CREATE TABLE article_author (
                article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE RESTRICT,
                position INTEGER NOT NULL,
                PRIMARY KEY (article_id, person_id)
            );
            CREATE INDEX article_author_person ON article_author (person_id);
            """)
    }
}
