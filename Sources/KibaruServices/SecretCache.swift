import Foundation
import KibaruCore

/// A secret of the network (random, made on first use, kept in the store so that every node shares it), read
/// from the store once per process: signing a comment form happens on every article page view, which must not
/// cost a write transaction.
final class SecretCache: @unchecked Sendable {
    private let name: String
    private let lock = NSLock()
    private var value: String?

    init(name: String) {
        self.name = name
    }

    func value(from store: any ContentStore) async throws -> String {
        if let cached = lock.withLock({ value }) { return cached }
        let name = self.name
        let secret = try await store.write { tx in try await tx.secret(named: name) { SecureToken.make() } }
        lock.withLock { value = secret }
        return secret
    }
}
