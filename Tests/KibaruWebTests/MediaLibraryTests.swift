import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruTesting
import Testing

/// Uploads as a browser sends them (multipart/form-data), refused or accepted, and what is left on disk.
@Suite struct MediaLibraryTests {
    static let boundary = "----kibaru-test-boundary"

    static func multipart(_ fields: [(String, String)], file: [UInt8], fileName: String, type: String) -> ByteBuffer {
        var body = ""
        for (name, value) in fields {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        var buffer = ByteBuffer(string: body)
        buffer.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\n"
                + "Content-Type: \(type)\r\n\r\n")
        buffer.writeBytes(file)
        buffer.writeString("\r\n--\(boundary)--\r\n")
        return buffer
    }

    func upload(_ client: some TestClientProtocol, as login: TestNetwork.Login, file: [UInt8], name: String,
                csrf: String? = nil) async throws -> (HTTPResponse.Status, String)
    {
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(Self.boundary)"]
        headers[AdminRequest.cookie] = login.cookie
        let body = Self.multipart(
            [("_csrf", csrf ?? login.csrf), ("site", "mali-actu"), ("alt", "Le fleuve"), ("caption", "Le Niger au soir"),
             ("creditAuthor", "Awa Diarra"), ("creditSource", "Kibaru"), ("creditLicence", "CC BY 4.0")],
            file: file, fileName: name, type: "image/jpeg")
        return try await client.execute(uri: "/admin/medias/", method: .post, headers: headers, body: body) { response in
            (response.status, String(buffer: response.body))
        }
    }

    func storedFiles(_ network: TestNetwork) -> [String] {
        (FileManager.default.enumerator(atPath: network.config.data.mediaPath)?.allObjects as? [String] ?? [])
            .filter { $0.contains(".") }
    }

    @Test func aContributorUploadsAnImageStrippedOfItsMetadataAndInsertsIt() async throws {
        let network = try await TestNetwork.make()
        let contributor = try await network.staff("Chris", role: .contributor)
        try await network.application().test(.router) { client in
            let (status, html) = try await upload(client, as: contributor, file: SampleImages.jpeg(), name: "IMG_0001.JPG")
            #expect(status == .ok)
            #expect(html.contains("Image enregistrée."))
            #expect(html.contains("credit-author: Awa Diarra"), "the figure block to insert it is shown")
            let (_, _, editor) = try await client.getPage("/admin/articles/nouveau/", as: contributor)
            #expect(editor.contains("caption: Le Niger au soir"), "the editor offers the library's figures")
        }
        let files = storedFiles(network)
        #expect(files.count == 1)
        let path = try #require(files.first)
        #expect(path.hasPrefix("uploads/") && path.hasSuffix(".jpg"))
        let stored = try [UInt8](Data(contentsOf: URL(fileURLWithPath: network.config.data.mediaPath + "/" + path)))
        #expect(!SampleImages.containsSecret(stored), "EXIF and comments are gone")
        let items = try await network.store.media(siteIDs: [network.site.id], limit: 5)
        #expect(items.map(\.path) == [path])
        #expect(items.first?.width == 64 && items.first?.credit.author == "Awa Diarra")
    }

    @Test func aFileThatClaimsToBeAJPEGButIsNotIsRefusedAndNothingIsKept() async throws {
        let network = try await TestNetwork.make()
        let contributor = try await network.staff("Chris", role: .contributor)
        try await network.application().test(.router) { client in
            let (status, html) = try await upload(
                client, as: contributor, file: Array("<?php system($_GET['c']); ?>".utf8), name: "photo.jpg")
            #expect(status == .unprocessableContent)
            #expect(html.contains("ce fichier n’est pas une image JPEG, PNG, WebP ou GIF"))
        }
        #expect(storedFiles(network).isEmpty)
        #expect(try await network.store.media(siteIDs: [network.site.id], limit: 5).isEmpty)
    }

    @Test func anOversizedUploadIsRefusedWithAClearPageAndNothingIsKept() async throws {
        let network = try await TestNetwork.make()
        let contributor = try await network.staff("Chris", role: .contributor)
        let huge = SampleImages.jpeg().dropLast(2) + [UInt8](repeating: 0x42, count: 9 << 20) + [0xFF, 0xD9]
        try await network.application().test(.router) { client in
            let (status, html) = try await upload(client, as: contributor, file: Array(huge), name: "enorme.jpg")
            #expect(status == .contentTooLarge)
            #expect(html.contains("Envoi trop volumineux"))
        }
        #expect(storedFiles(network).isEmpty)
        #expect(try await network.store.media(siteIDs: [network.site.id], limit: 5).isEmpty)
    }

    @Test func anUploadWithoutTheFormTokenIsRefused() async throws {
        let network = try await TestNetwork.make()
        let contributor = try await network.staff("Chris", role: .contributor)
        try await network.application().test(.router) { client in
            let (status, _) = try await upload(client, as: contributor, file: SampleImages.png(), name: "a.png", csrf: "x")
            #expect(status == .forbidden)
        }
        #expect(storedFiles(network).isEmpty)
    }
}
