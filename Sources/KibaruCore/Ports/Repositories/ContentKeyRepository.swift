import Foundation

/// Sites' content keys (``ContentKey``): a site with at least one asks for a key on every read of its content
/// through the Content API. Adding or deleting a key names the site in the change log, so that the API's cached
/// answers about it go.
///
/// Part of every ``ContentTransaction``: its requirements run isolated to the transaction (decision 0010).
public protocol ContentKeyRepository: Actor {
    func insertContentKey(_ key: NewContentKey) async throws -> ContentKey
    func contentKey(id: ContentKey.ID) async throws -> ContentKey?
    /// The key whose SHA-256 is `keyHash`, if any.
    func contentKey(keyHash: String) async throws -> ContentKey?
    func deleteContentKey(id: ContentKey.ID) async throws
    /// A site's keys, oldest first.
    func contentKeys(siteID: Site.ID) async throws -> [ContentKey]
    /// The sites that ask for a key: those with at least one.
    func sitesAskingForContentKeys() async throws -> Set<Site.ID>
}
