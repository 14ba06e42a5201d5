import Hummingbird
import HummingbirdTesting
import KibaruApp
import KibaruTesting
import KibaruTheme
import Logging
import Testing

@testable import KibaruWeb

/// An unexpected failure gives readers a French 500 page that says nothing of the cause.
@Suite struct ErrorPageTests {
    struct SecretFailure: Error, CustomStringConvertible {
        var description: String { "mot de passe de la base : hunter2" }
    }

    @Test func unexpectedErrorsBecomeAFrench500PageWithoutDetails() async throws {
        let network = try await TestNetwork.make()
        let theme = try await Theme.load(from: network.config.themeDirectory)
        let router = Router(context: KibaruContext.self)
        router.addMiddleware { ErrorPageMiddleware(store: network.store, theme: theme, baseURL: "https://kibaru.test") }
        router.get("/panne") { _, _ -> String in throw SecretFailure() }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/panne", method: .get) { response in
                #expect(response.status == .internalServerError)
                let html = String(buffer: response.body)
                #expect(html.contains("<h1>Erreur du serveur</h1>"))
                #expect(!html.contains("hunter2"))
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(HTMLStructure.problems(in: html).isEmpty)
            }
        }
    }
}
