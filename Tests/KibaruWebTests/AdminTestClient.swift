import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KibaruTesting

/// Requests to the admin as a browser sends them: cookie, form encoding, CSRF token.
struct AdminRequest {
    static let cookie = HTTPField.Name("Cookie")!

    /// Encodes fields as `application/x-www-form-urlencoded`.
    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        let allowed = CharacterSet.alphanumerics.union(.init(charactersIn: "-._~"))
        let body = fields.map {
            "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
        return ByteBuffer(string: body)
    }

    static func headers(_ login: TestNetwork.Login?) -> HTTPFields {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let login { headers[cookie] = login.cookie }
        return headers
    }
}

extension TestClientProtocol {
    /// GET as `login`; returns status, headers and body.
    func getPage(_ uri: String, as login: TestNetwork.Login?) async throws -> (HTTPResponse.Status, HTTPFields, String) {
        try await execute(uri: uri, method: .get, headers: AdminRequest.headers(login)) { response in
            (response.status, response.headers, String(buffer: response.body))
        }
    }

    /// POST a form as `login`, with its CSRF token unless `fields` gives one.
    func postForm(_ uri: String, _ fields: [(String, String)], as login: TestNetwork.Login?, extraHeaders: HTTPFields = [:])
        async throws -> (HTTPResponse.Status, HTTPFields, String)
    {
        var all = fields
        if let login, !fields.contains(where: { $0.0 == "_csrf" }) { all.append(("_csrf", login.csrf)) }
        var headers = AdminRequest.headers(login)
        for field in extraHeaders { headers.append(field) }
        return try await execute(uri: uri, method: .post, headers: headers, body: AdminRequest.form(all)) { response in
            (response.status, response.headers, String(buffer: response.body))
        }
    }
}
