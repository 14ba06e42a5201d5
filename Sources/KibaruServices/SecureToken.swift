import Crypto
import Foundation

/// Random tokens for sessions, CSRF and password resets. Only their SHA-256 is stored, so a copy of the
/// database gives no live session.
public enum SecureToken {
    /// 32 random bytes from the system's CSPRNG, base64url without padding (43 characters, cookie-safe).
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// A secret handed to a program once (an API token, a content key): `prefix` then ``make()``, with what is
    /// stored of it: its SHA-256, and its first characters to recognise it in a list.
    public static func secret(prefix: String) -> (text: String, hash: String, shownStart: String) {
        let text = prefix + make()
        return (text, hash(text), String(text.prefix(prefix.count + 6)))
    }

    /// The hex SHA-256 of a token, as stored.
    public static func hash(_ token: String) -> String {
        hex(SHA256.hash(data: Data(token.utf8)))
    }

    /// The hex HMAC-SHA256 of `message` under `secret`, cut to 32 characters.
    public static func hmac(_ message: String, secret: String) -> String {
        hex(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(secret.utf8)))
            .prefix(16))
    }

    /// The full hex HMAC-SHA256 of `message` under `secret` (64 characters), as webhooks' signatures carry it.
    public static func hmacSHA256(_ message: String, secret: String) -> String {
        hex(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(secret.utf8))))
    }

    /// Lowercase hexadecimal, two digits a byte (`String(format:)` costs more than the HMAC it would print).
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Compares two strings in time independent of where they differ.
    public static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8), right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
