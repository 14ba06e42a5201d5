import Foundation
import KibaruCore
import PostgresNIO

/// ``ContentKeyRepository``: sites' content keys.
extension PostgresTransaction {
    func insertContentKey(_ key: NewContentKey) async throws -> ContentKey {
        try key.validate()
        let id = try await insertedID("""
            INSERT INTO content_key (site_id, name, key_hash, prefix, created_at)
            VALUES (\(key.siteID), \(key.name), \(key.keyHash), \(key.prefix), \(key.createdAt)) RETURNING id
            """, of: ContentKey.self)
        return ContentKey(id: id, key)
    }

    func contentKey(id: ContentKey.ID) async throws -> ContentKey? {
        try await map("SELECT * FROM content_key WHERE id = \(id)", PostgresRowMapping.contentKey).first
    }

    func contentKey(keyHash: String) async throws -> ContentKey? {
        try await map("SELECT * FROM content_key WHERE key_hash = \(keyHash)", PostgresRowMapping.contentKey).first
    }

    func deleteContentKey(id: ContentKey.ID) async throws {
        try await run("DELETE FROM content_key WHERE id = \(id)")
    }

    func contentKeys(siteID: Site.ID) async throws -> [ContentKey] {
        try await map("SELECT * FROM content_key WHERE site_id = \(siteID) ORDER BY id", PostgresRowMapping.contentKey)
    }

    func sitesAskingForContentKeys() async throws -> Set<Site.ID> {
        Set(try await column("SELECT DISTINCT site_id FROM content_key", as: Site.ID.self))
    }
}
