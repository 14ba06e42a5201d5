import Foundation
import NIOCore

/// A content coding a reader document can be sent in (RFC 9110 §8.4.1), chosen from the request's
/// `Accept-Encoding`.
public enum ContentCoding: String, Sendable, CaseIterable {
    case identity
    case gzip
    case brotli = "br"

    /// The coding to answer `acceptEncoding` with: Brotli when the client accepts it at least as much as gzip,
    /// gzip when it accepts that, the document as is otherwise (also when the header is absent: RFC 9110 allows
    /// any coding then, but a client that sends none may not decode any). `*` accepts every coding not named.
    public static func preferred(by acceptEncoding: String?) -> ContentCoding {
        guard let acceptEncoding else { return .identity }
        var weights: [String: Double] = [:]
        for item in acceptEncoding.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first, !coding.isEmpty else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            weights[coding == "x-gzip" ? "gzip" : coding] = weight
        }
        let weight = { (coding: String) in weights[coding] ?? weights["*"] ?? 0 }
        let brotli = weight("br"), gzip = weight("gzip")
        if brotli > 0, brotli >= gzip { return .brotli }
        if gzip > 0 { return .gzip }
        return .identity
    }

    /// The bytes of `body` in this coding, or `nil` when the library fails (the caller sends the body as is).
    public func encode(_ body: ByteBuffer) -> ByteBuffer? {
        switch self {
        case .identity: body
        case .gzip: Gzip.compress(body)
        case .brotli: Brotli.compress(body)
        }
    }
}
