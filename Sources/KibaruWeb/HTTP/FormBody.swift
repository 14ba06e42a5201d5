import Foundation
import Hummingbird
import KibaruServices
import MultipartKit

/// Reads form bodies (`application/x-www-form-urlencoded`, or `multipart/form-data` for uploads), within the
/// size limit of their route.
enum FormBody {
    /// The one route that takes files, and how much it takes: an image plus its form fields.
    static let uploadPath = "/admin/medias/"
    static let uploadLimit = MediaService.maximumBytes + 64 * 1024

    /// The forms posted without a session (login, new password) are small.
    static let preLoginLimit = 16 * 1024

    static func limit(for request: Request, context: some RequestContext) -> Int {
        if request.uri.path == uploadPath { return uploadLimit }
        return CSRFMiddleware.isPreLogin(request.uri.path) ? preLoginLimit : context.maxUploadSize
    }

    /// Decodes the request's form into `T`; a body over the limit is a 413, an unreadable one a 400, another
    /// content type a 415.
    static func decode<T: Decodable>(
        _ type: T.Type, from request: inout Request, context: some RequestContext
    ) async throws -> T {
        let contentType = request.headers[.contentType] ?? ""
        let buffer = try await request.collectBody(upTo: limit(for: request, context: context))
        do {
            if contentType.hasPrefix("application/x-www-form-urlencoded") {
                return try URLEncodedFormDecoder().decode(type, from: String(buffer: buffer))
            }
            if contentType.hasPrefix("multipart/form-data"), let boundary = boundary(contentType) {
                return try FormDataDecoder().decode(type, from: buffer, boundary: boundary)
            }
        } catch {
            throw HTTPError(.badRequest, message: "formulaire illisible")
        }
        throw HTTPError(.unsupportedMediaType, message: "formulaire attendu")
    }

    static func boundary(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }
}
