import HummingbirdBcrypt
import KibaruCore
import NIOCore
import NIOPosix

/// bcrypt on a thread pool of its own: one hash at cost 12 takes about 0.3 s and must stall neither the request
/// threads nor NIO's shared blocking pool, on which media files are read. A burst of logins then waits for its
/// own threads (half the cores) while pages and files are served as usual.
public struct BcryptHasher: PasswordHasher {
    /// 12 in production; tests use 4.
    public let cost: UInt8

    /// The process's bcrypt threads, started on first use.
    static let threads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(1, System.coreCount / 2))
        pool.start()
        return pool
    }()

    public init(cost: UInt8 = 12) {
        self.cost = cost
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await Self.threads.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async -> Bool {
        (try? await Self.threads.runIfActive { Bcrypt.verify(password, hash: hash) }) ?? false
    }
}
