import Foundation
import Hummingbird
import HummingbirdTesting
import KibaruApp
import KibaruCore
import KibaruTesting
import Testing

/// The demo network of `kibaru demo`, built from `Resources/demo/`, serves every page.
@Suite struct DemoNetworkTests {
    @Test func everyDemoArticleIsServedWithItsLinksResolved() async throws {
        let directory = try TestPaths.temporaryDirectory("demo")
        let data = DataDirectory(path: directory)
        let count = try await DemoNetwork.create(in: data, resourcesDirectory: TestPaths.resources)
        #expect(count >= 9)
        let store = try await data.open()
        let sites = try await store.sites()
        #expect(sites.count == 3)
        let listing = try await store.publishedArticles(.network, page: PageRequest(number: 1, size: 100))
        #expect(listing.total == count)
        let config = try AppConfig(dataDirectory: directory, resourcesDirectory: TestPaths.resources)
        try await buildApplication(config, logger: TestNetwork.logger).test(.router) { client in
            var figures = 0, readAlso = 0, comments = 0
            for summary in listing.items {
                try await client.execute(uri: Permalink.article(summary), method: .get) { response in
                    #expect(response.status == .ok, "\(summary.title)")
                    let html = String(buffer: response.body)
                    #expect(!html.contains("lire-aussi--attente"), "\(summary.title): unresolved LIRE AUSSI")
                    #expect(HTMLStructure.problems(in: html).isEmpty, "\(summary.title): \(HTMLStructure.problems(in: html))")
                    figures += html.components(separatedBy: "<figcaption>").count - 1
                    readAlso += html.components(separatedBy: "class=\"lire-aussi\"").count - 1
                    comments += html.contains("class=\"replies\"") ? 1 : 0
                }
            }
            #expect(figures >= 5 && readAlso >= 4 && comments >= 1)
            for site in sites {
                try await client.execute(uri: Permalink.site(site.slug), method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(HTMLStructure.problems(in: String(buffer: response.body)).isEmpty)
                }
            }
            for uri in ["/", "/nulle-part/"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(HTMLStructure.problems(in: String(buffer: response.body)).isEmpty, "\(uri)")
                }
            }
            for file in try FileManager.default.subpathsOfDirectory(atPath: data.mediaPath) where file.hasSuffix(".svg") {
                try await client.execute(uri: "/media/\(file)", method: .get) { response in
                    #expect(response.status == .ok, "\(file)")
                }
            }
        }
    }
}
