import Foundation
import GRDB
import KibaruCore

/// ``ContentKeyRepository``: sites' content keys.
extension SQLiteTransaction {
    func insertContentKey(_ key: NewContentKey) throws -> ContentKey {
        try key.validate()
        try db.cachedStatement(sql: """
                INSERT INTO content_key (site_id, name, key_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)
                """).execute(arguments: [key.siteID, key.name, key.keyHash, key.prefix, key.createdAt])
        return ContentKey(id: ContentKey.ID(db.lastInsertedRowID), key)
    }

    func contentKey(id: ContentKey.ID) throws -> ContentKey? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM content_key WHERE id = ?"), arguments: [id])
            .map(RowMapping.contentKey)
    }

    func contentKey(keyHash: String) throws -> ContentKey? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM content_key WHERE key_hash = ?"), arguments: [keyHash])
            .map(RowMapping.contentKey)
    }

    func deleteContentKey(id: ContentKey.ID) throws {
        try db.cachedStatement(sql: "DELETE FROM content_key WHERE id = ?").execute(arguments: [id])
    }

    func contentKeys(siteID: Site.ID) throws -> [ContentKey] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM content_key WHERE site_id = ? ORDER BY id"), arguments: [siteID])
            .map(RowMapping.contentKey)
    }

    func sitesAskingForContentKeys() throws -> Set<Site.ID> {
        let ids = try Int64.fetchAll(db.cachedStatement(sql: "SELECT DISTINCT site_id FROM content_key"))
        return Set(ids.map { Site.ID($0) })
    }
}
