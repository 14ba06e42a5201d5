import GRDB

/// Moderation states, commenters' details and anti-spam verdicts; per-site comment settings; rate-limit events;
/// the network's secrets (comment form signatures); the comment classifier's word counts.
enum M0010 {
    static func commentModeration(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE comment ADD COLUMN status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'approved', 'spam', 'trash'));
            ALTER TABLE comment ADD COLUMN email TEXT;
            ALTER TABLE comment ADD COLUMN website TEXT;
            ALTER TABLE comment ADD COLUMN client_address TEXT;
            ALTER TABLE comment ADD COLUMN verdicts TEXT NOT NULL DEFAULT '[]';
            ALTER TABLE comment ADD COLUMN trained_as TEXT CHECK (trained_as IN ('spam', 'ham'));
            CREATE INDEX comment_status ON comment (status, created_at DESC);
            CREATE INDEX comment_email ON comment (email);
            ALTER TABLE site ADD COLUMN comment_mode TEXT NOT NULL DEFAULT 'first-time'
                CHECK (comment_mode IN ('open', 'first-time', 'hold'));
            ALTER TABLE site ADD COLUMN comments_close_after_days INTEGER;
            ALTER TABLE site ADD COLUMN comment_block_list TEXT NOT NULL DEFAULT '';
            ALTER TABLE article ADD COLUMN comments_closed BOOLEAN NOT NULL DEFAULT 0;
            CREATE TABLE rate_event (
                key TEXT NOT NULL,
                at DATETIME NOT NULL
            );
            CREATE INDEX rate_event_key ON rate_event (key, at);
            CREATE TABLE network_secret (
                name TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );
            CREATE TABLE spam_token (
                token TEXT PRIMARY KEY,
                spam_count INTEGER NOT NULL DEFAULT 0,
                ham_count INTEGER NOT NULL DEFAULT 0
            );
            """)
    }
}
