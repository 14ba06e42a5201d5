import GRDB

/// Webhooks (issue 13): a site's targets with their secret and events (a comma-separated list), and each event's
/// delivery to each target, kept until it is delivered or given up. Due deliveries are found by their next
/// attempt (an index of the pending ones only), a site's log by its webhooks.
enum M0023 {
    static func webhooks(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE webhook (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                site_id INTEGER NOT NULL REFERENCES site(id) ON DELETE CASCADE,
                url TEXT NOT NULL,
                secret TEXT NOT NULL,
                events TEXT NOT NULL,
                created_at DATETIME NOT NULL
            );
            CREATE INDEX webhook_site ON webhook (site_id);
            CREATE TABLE webhook_delivery (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                webhook_id INTEGER NOT NULL REFERENCES webhook(id) ON DELETE CASCADE,
                event TEXT NOT NULL,
                payload TEXT NOT NULL,
                created_at DATETIME NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at DATETIME,
                delivered_at DATETIME,
                last_status INTEGER,
                last_error TEXT
            );
            CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
            CREATE INDEX webhook_delivery_webhook ON webhook_delivery (webhook_id, id);
            CREATE INDEX webhook_delivery_done ON webhook_delivery (created_at) WHERE next_attempt_at IS NULL;
            """)
    }
}
