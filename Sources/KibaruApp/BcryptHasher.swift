import HummingbirdBcrypt
import KibaruCore
import NIOPosix

/// bcrypt on NIO's thread pool: one hash at cost 12 takes about 0.3 s and must not stall the request threads.
public struct BcryptHasher: PasswordHasher {
    /// 12 in production; tests use 4.
    public let cost: UInt8

    public init(cost: UInt8 = 12) {
        self.cost = cost
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async -> Bool {
        (try? await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }) ?? false
    }
}
