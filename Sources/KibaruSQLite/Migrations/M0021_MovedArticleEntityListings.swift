import GRDB

/// An article moved to another site named its new site's entity listings twice and its old site's never: the
/// trigger of migration 0019 that moves the article's entity rows to the new site fires before the change log's
/// trigger, which then read the old listings from rows already moved. The change log's update trigger now names
/// an article's entity listings under the site of the row it reads (`old` or `new`), which the entity rows always
/// share.
enum M0021 {
    static func movedArticleEntityListings(_ db: Database) throws {
        let listings = { (row: String) in
            """
            SELECT 'listing:site:' || \(row).site_id UNION ALL SELECT 'listing:network'
            UNION ALL SELECT 'site-content:' || \(row).site_id
            UNION ALL SELECT 'listing:tag:' || tag_id FROM article_tag WHERE article_id = \(row).id
            UNION ALL SELECT 'listing:author:' || person_id FROM article_author WHERE article_id = \(row).id
            UNION ALL SELECT DISTINCT 'listing:entity:' || \(row).site_id || ':' || slug FROM article_entity
                WHERE article_id = \(row).id
            """
        }
        let listedDifferently = """
            (old.state IS NOT new.state OR old.published_at IS NOT new.published_at OR old.site_id IS NOT new.site_id
                OR old.is_page IS NOT new.is_page)
            """
        try db.execute(sql: """
            DROP TRIGGER article_change_update;
            CREATE TRIGGER article_change_update AFTER UPDATE ON article
            WHEN old.state = 'published' OR new.state = 'published'
            BEGIN
                INSERT INTO content_change (key) VALUES ('article:' || new.id);
                INSERT INTO content_change (key) SELECT 'site-content:' || new.site_id
                WHERE old.updated_at IS NOT new.updated_at OR old.slug IS NOT new.slug;
                INSERT INTO content_change (key) SELECT * FROM (\(listings("old")))
                WHERE \(listedDifferently);
                INSERT INTO content_change (key) SELECT * FROM (\(listings("new")))
                WHERE \(listedDifferently) AND old.site_id IS NOT new.site_id;
            END;
            """)
    }
}
