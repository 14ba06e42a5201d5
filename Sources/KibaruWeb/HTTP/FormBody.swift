import Hummingbird

/// Reads `application/x-www-form-urlencoded` bodies, within the context's size limit.
enum FormBody {
    /// Decodes the request's form into `T`; a body over the limit is a 413, an unreadable one a 400.
    static func decode<T: Decodable>(_ type: T.Type, from request: inout Request, context: KibaruContext) async throws -> T {
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.hasPrefix("application/x-www-form-urlencoded") else {
            throw HTTPError(.unsupportedMediaType, message: "formulaire attendu")
        }
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        do {
            return try URLEncodedFormDecoder().decode(type, from: String(buffer: buffer))
        } catch {
            throw HTTPError(.badRequest, message: "formulaire illisible")
        }
    }
}
