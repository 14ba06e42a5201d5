import GRDB

/// Review, scheduling and trash states, optimistic locking, the article's owner, and revisions. SQLite cannot
/// change a CHECK constraint, so the article table is rebuilt the documented way (create, copy, drop, rename).
enum M0008 {
    static func articleWorkflow(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE article_new (
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
                state TEXT NOT NULL CHECK (state IN ('draft', 'review', 'scheduled', 'published', 'trash')),
                published_at DATETIME,
                featured_figure TEXT,
                created_at DATETIME NOT NULL,
                updated_at DATETIME NOT NULL,
                version INTEGER NOT NULL DEFAULT 1,
                owner_id INTEGER REFERENCES staff(id) ON DELETE SET NULL,
                UNIQUE (site_id, slug)
            );
            INSERT INTO article_new (id, site_id, slug, title, title_key, standfirst, body_markdown, body_html,
                body_text, renderer_version, state, published_at, featured_figure, created_at, updated_at)
            SELECT id, site_id, slug, title, title_key, standfirst, body_markdown, body_html, body_text,
                renderer_version, state, published_at, featured_figure, created_at, updated_at FROM article;
            DROP TABLE article;
            ALTER TABLE article_new RENAME TO article;
            CREATE INDEX article_published ON article (state, published_at DESC);
            CREATE INDEX article_site_published ON article (site_id, state, published_at DESC);
            CREATE INDEX article_title_key ON article (site_id, title_key);
            CREATE INDEX article_updated ON article (site_id, updated_at DESC);
            CREATE TABLE revision (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                version INTEGER NOT NULL,
                title TEXT NOT NULL,
                standfirst TEXT,
                body_markdown TEXT NOT NULL,
                saved_at DATETIME NOT NULL,
                saved_by TEXT NOT NULL
            );
            CREATE INDEX revision_article ON revision (article_id, version DESC);
            """)
    }
}
