import GRDB

/// The schema's history, one migration a file, append-only: a merged migration is never edited.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("0001-network-and-sites", migrate: M0001.networkAndSites)
        migrator.registerMigration("0002-people", migrate: M0002.people)
        migrator.registerMigration("0003-articles", migrate: M0003.articles)
        migrator.registerMigration("0004-tags", migrate: M0004.tags)
        migrator.registerMigration("0005-comments", migrate: M0005.comments)
        migrator.registerMigration("0006-article-references", migrate: M0006.articleReferences)
        migrator.registerMigration("0007-staff", migrate: M0007.staff)
        migrator.registerMigration("0008-article-workflow", migrate: M0008.articleWorkflow)
        migrator.registerMigration("0009-media", migrate: M0009.media)
        migrator.registerMigration("0010-comment-moderation", migrate: M0010.commentModeration)
        migrator.registerMigration("0011-comment-status-backfill", migrate: M0011.commentStatusBackfill)
        migrator.registerMigration("0012-discovery", migrate: M0012.discovery)
        migrator.registerMigration("0013-imports", migrate: M0013.imports)
        migrator.registerMigration("0014-import-sources", migrate: M0014.importSources)
        migrator.registerMigration("0015-reader-counts-and-changes", migrate: M0015.readerCountsAndChanges)
        migrator.registerMigration("0016-listing-indexes", migrate: M0016.listingIndexes)
        migrator.registerMigration("0017-search-term-frequencies", migrate: M0017.searchTermFrequencies)
        migrator.registerMigration("0018-article-excerpts", migrate: M0018.articleExcerpts)
        migrator.registerMigration("0019-listing-sizes", migrate: M0019.listingSizes)
        migrator.registerMigration("0020-quiet-listing-triggers", migrate: M0020.quietListingTriggers)
        migrator.registerMigration("0021-moved-article-entity-listings", migrate: M0021.movedArticleEntityListings)
        migrator.registerMigration("0022-api-tokens", migrate: M0022.apiTokens)
        migrator.registerMigration("0023-webhooks", migrate: M0023.webhooks)
        migrator.registerMigration("0024-content-keys", migrate: M0024.contentKeys)
        migrator.registerMigration("0025-search-every-word", migrate: M0025.searchEveryWord)
        migrator.registerMigration("0026-site-appearance", migrate: M0026.siteAppearance)
        return migrator
    }
}
