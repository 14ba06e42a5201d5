import Foundation
import Hummingbird
import HummingbirdTesting
import KibaruApp
import KibaruCore
import KibaruServices
import KibaruTesting
import Testing

/// The editorial scenario in a real headless Chromium, with JavaScript on and with JavaScript off.
@Suite(.serialized, .enabled(if: WebDriver.isAvailable, "chromium and chromium-driver are not installed: skipped"))
struct BrowserScenarioTests {
    /// Creates a network administrator with the real `kibaru user add`, the password on standard input.
    func addAdministratorWithTheCLI(_ network: TestNetwork) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.kibaruExecutable)
        process.arguments = ["user", "add", "admin@kibaru.test", "--name", "Ada Admin", "--role", "admin"]
            + network.storeArguments
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("\(TestNetwork.password)\n".utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    func logIn(_ browser: WebDriver, _ base: String, email: String, password: String) async throws {
        try await browser.open("\(base)/admin/connexion/")
        try await browser.type(email, into: "#email")
        try await browser.type(password, into: "#password")
        try await browser.submit("main button[type=submit]")
        let landed = try await browser.currentURL()
        let page = try await browser.source()
        #expect(landed == "\(base)/admin/", "\(page)")
    }

    func logOut(_ browser: WebDriver) async throws {
        try await browser.submit(".bar form button[type=submit]")
    }

    /// Adds a person to a site's staff and returns their one-time password link's token.
    func invite(_ browser: WebDriver, _ base: String, site: String, name: String, email: String, role: String)
        async throws -> String
    {
        try await browser.open("\(base)/admin/sites/\(site)/equipe/")
        try await browser.type(name, into: "#name")
        try await browser.type(email, into: "#email")
        try await browser.select(role, in: "#role")
        try await browser.submit("main form button[type=submit]")
        let page = try await browser.source()
        return try #require(page.firstMatch(of: /jeton=([A-Za-z0-9_-]+)/)).1.description
    }

    func choosePassword(_ browser: WebDriver, _ base: String, token: String, password: String) async throws {
        try await browser.open("\(base)/admin/mot-de-passe/?jeton=\(token)")
        try await browser.type(password, into: "#password")
        try await browser.submit("main form button[type=submit]")
        let page = try await browser.source()
        #expect(page.contains("Mot de passe enregistré."), "\(page)")
    }

    /// The id in `/admin/articles/ID/?enregistre=1`.
    func articleID(_ browser: WebDriver) async throws -> Int64 {
        let url = try await browser.currentURL()
        return try #require(url.firstMatch(of: /articles\/(\d+)\//).flatMap { Int64($0.1) })
    }

    @Test func contributorWritesEditorSchedulesItAppearsWithJavaScriptOn() async throws {
        let network = try await TestNetwork.make(baseURL: "http://localhost")
        try addAdministratorWithTheCLI(network)
        try await WebDriver.with(javaScript: true) { browser in
        try await network.application().test(.live) { client in
            let base = "http://localhost:\(try #require(client.port))"
            #expect(try await browser.runsJavaScript())
            try await logIn(browser, base, email: "admin@kibaru.test", password: TestNetwork.password)

            // The administrator creates a site, publishes a first article and invites a contributor and an editor.
            try await browser.open("\(base)/admin/sites/")
            try await browser.type("sahel-plume", into: "#slug")
            try await browser.type("Sahel Plume", into: "#title")
            try await browser.submit("main form button[type=submit]")
            #expect(try await browser.currentURL() == "\(base)/admin/sites/sahel-plume/equipe/")
            try await browser.open("\(base)/admin/articles/nouveau/?site=sahel-plume")
            try await browser.type("Bienvenue sur Sahel Plume", into: "#title")
            try await browser.type("Le premier article.", into: "#body")
            try await browser.submit("button[formaction='/admin/articles/publier/']")
            #expect(try await browser.source().contains("publié"))
            let contributorToken = try await invite(
                browser, base, site: "sahel-plume", name: "Chris Contributeur", email: "chris@kibaru.test",
                role: "contributor")
            let editorToken = try await invite(
                browser, base, site: "sahel-plume", name: "Éva Éditrice", email: "eva@kibaru.test", role: "editor")

            // The administrator puts a credited image in the media library.
            let imagePath = try TestPaths.temporaryDirectory("upload") + "/pluie.png"
            try Data(SampleImages.png()).write(to: URL(fileURLWithPath: imagePath))
            try await browser.open("\(base)/admin/medias/")
            try await browser.select("sahel-plume", in: "#site")
            try await browser.type(imagePath, into: "#file")
            try await browser.type("Nuages", into: "#alt")
            try await browser.type("Le ciel de juin", into: "#caption")
            try await browser.type("Chris", into: "#creditAuthor")
            try await browser.type("Sahel Plume", into: "#creditSource")
            try await browser.type("CC BY 4.0", into: "#creditLicence")
            try await browser.submit("main form button[type=submit]")
            #expect(try await browser.source().contains("Image enregistrée."))
            try await logOut(browser)

            // The contributor writes an article with that figure and a LIRE AUSSI block found by searching, with
            // the live preview following the text, and submits it.
            try await choosePassword(browser, base, token: contributorToken, password: "secret-de-chris")
            try await logIn(browser, base, email: "chris@kibaru.test", password: "secret-de-chris")
            try await browser.open("\(base)/admin/articles/nouveau/")
            try await browser.type("La saison des pluies", into: "#title")
            try await browser.type("Il pleut sur « Ségou ».\n\n## Les champs\n", into: "#body")
            try await browser.click(".inserer-figure")
            try await browser.type("Bienvenue", into: "#lire-aussi-q")
            try await browser.waitFor(".lire-aussi-choix")
            try await browser.click(".lire-aussi-choix")
            try await browser.waitFor("#apercu-direct .lire-aussi a")
            #expect(try await browser.text("#apercu-direct h2") == "Les champs")
            #expect(try await browser.text("#apercu-direct .lire-aussi a") == "Bienvenue sur Sahel Plume")
            try await browser.type("Climat", into: "#tags")
            try await browser.submit("button[formaction='/admin/articles/soumettre/']")
            let articleID = try await articleID(browser)
            #expect(try await browser.source().contains("en relecture"))
            try await logOut(browser)

            // The editor finds it on the dashboard and schedules it two minutes ahead.
            try await choosePassword(browser, base, token: editorToken, password: "secret-d-eva")
            try await logIn(browser, base, email: "eva@kibaru.test", password: "secret-d-eva")
            #expect(try await browser.source().contains("La saison des pluies"))
            try await browser.open("\(base)/admin/articles/\(articleID)/")
            try await browser.type("2024-03-01 10:02", into: "#publishedAt")
            try await browser.submit("button[formaction='/admin/articles/programmer/']")
            #expect(try await browser.source().contains("programmé"))

            try await browser.open("\(base)/sahel-plume/2024/03/01/la-saison-des-pluies/")
            #expect(try await browser.source().contains("Page introuvable"), "not public before its time")
            let published = try await EditorialService(
                store: network.store, now: { TestNetwork.now.addingTimeInterval(121) }
            ).publishDue()
            #expect(published == 1)
            try await browser.open("\(base)/sahel-plume/2024/03/01/la-saison-des-pluies/")
            #expect(try await browser.text("h1") == "La saison des pluies")
            #expect(try await browser.text("figcaption") == "Le ciel de juin Crédit : Chris / Sahel Plume (CC BY 4.0)")
            #expect(try await browser.source().contains(#"<img src="/media/uploads/"#))
            #expect(try await browser.text(".body h2") == "Les champs")
            #expect(try await browser.text(".lire-aussi a") == "Bienvenue sur Sahel Plume")
            #expect(try await browser.text(".tags li") == "Climat")
            #expect(try await browser.text(".byline").hasPrefix("Par Chris Contributeur"))
            #expect(try await browser.source().contains("«\u{202F}Ségou\u{202F}»"), "French typography on the page")
        }
        }
    }

    @Test func writeSaveAndPublishWithJavaScriptOff() async throws {
        let network = try await TestNetwork.make(baseURL: "http://localhost")
        try addAdministratorWithTheCLI(network)
        try await WebDriver.with(javaScript: false) { browser in
        try await network.application().test(.live) { client in
            let base = "http://localhost:\(try #require(client.port))"
            #expect(try await browser.runsJavaScript() == false)
            try await logIn(browser, base, email: "admin@kibaru.test", password: TestNetwork.password)
            try await browser.open("\(base)/admin/articles/nouveau/")
            try await browser.type("Sans JavaScript", into: "#title")
            try await browser.type("Un texte **simple**.", into: "#body")
            try await browser.submit("button[formaction='/admin/articles/apercu/']")
            #expect(try await browser.text("#apercu strong") == "simple")
            try await browser.submit("button[formaction='/admin/articles/enregistrer/']")
            #expect(try await browser.source().contains("brouillon"))
            try await browser.submit("button[formaction='/admin/articles/publier/']")
            #expect(try await browser.source().contains("publié"))
            try await browser.open("\(base)/mali-actu/2024/03/01/sans-javascript/")
            #expect(try await browser.text("h1") == "Sans JavaScript")
        }
        }
    }

    @Test func aReaderCommentsWithJavaScriptOffAndAModeratorApproves() async throws {
        let base0 = try await TestNetwork.make(baseURL: "http://localhost")
        let network = base0.configured { $0.now = { Date() } }  // the form's minimum age is measured for real
        try addAdministratorWithTheCLI(network)
        try await network.publish("Un article", at: TestNetwork.now)
        try await WebDriver.with(javaScript: false) { browser in
        try await network.application().test(.live) { client in
            let base = "http://localhost:\(try #require(client.port))"
            let article = "\(base)/mali-actu/2024/03/01/un-article/"
            try await browser.open(article)
            try await browser.type("Fatou", into: "#nom")
            try await browser.type("fatou@example.org", into: "#courriel")
            try await browser.type("Très *bon* article.", into: "#texte")
            try await Task.sleep(for: .seconds(3.2))
            try await browser.submit("button[value=publier]")
            #expect(try await browser.text(".comment-notice") == "Merci, votre commentaire est en attente de modération.")

            try await logIn(browser, base, email: "admin@kibaru.test", password: TestNetwork.password)
            try await browser.open("\(base)/admin/commentaires/")
            try await browser.click("input[name='ids[]']")
            try await browser.submit("button[value=approved]")
            #expect(try await browser.source().contains("Commentaires mis à jour."))
            try await logOut(browser)

            try await browser.open(article)
            #expect(try await browser.text(".comment article p:not(.comment-meta)") == "Très bon article.")
            try await browser.click(".reply a")
            try await browser.type("Ali", into: "#nom")
            try await browser.type("Je réponds.", into: "#texte")
            try await Task.sleep(for: .seconds(3.2))
            try await browser.submit("button[value=publier]")
            try await logIn(browser, base, email: "admin@kibaru.test", password: TestNetwork.password)
            try await browser.open("\(base)/admin/commentaires/")
            try await browser.click("input[name='ids[]']")
            try await browser.submit("button[value=approved]")
            try await logOut(browser)
            try await browser.open(article)
            #expect(try await browser.text(".replies .comment article p:not(.comment-meta)") == "Je réponds.")
        }
        }
    }

    /// The editor with the keyboard alone: Tab reaches the site, title, standfirst and text, then the buttons, in
    /// that order; typing and Enter on « Enregistrer » save the draft.
    @Test func theEditorWorksWithTheKeyboardAlone() async throws {
        let network = try await TestNetwork.make(baseURL: "http://localhost")
        let login = try await network.staff("Kira Clavier", role: nil)
        try await WebDriver.with(javaScript: true) { browser in
        try await network.application().test(.live) { client in
            let base = "http://localhost:\(try #require(client.port))"
            try await browser.open(base + "/admin/connexion/")
            try await browser.addCookie(name: "kibaru_session", value: login.token)
            try await browser.open(base + "/admin/articles/nouveau/")
            var reached: [String] = []
            for _ in 0..<80 {
                try await browser.press(WebDriver.tab)
                let focus = try await browser.focused()
                reached.append(focus)
                if focus == "/admin/articles/enregistrer/" { break }
            }
            let order = ["site", "title", "standfirst", "body", "/admin/articles/enregistrer/"].map { reached.firstIndex(of: $0) }
            #expect(order.allSatisfy { $0 != nil } && order == order.sorted { ($0 ?? 0) < ($1 ?? 0) }, "\(reached)")
            // Back to the title, by keyboard, then type and save.
            try await browser.open(base + "/admin/articles/nouveau/")
            /// Presses Tab until `target` has the focus (80 times at most).
            func tab(to target: String) async throws {
                for _ in 0..<80 where try await browser.focused() != target { try await browser.press(WebDriver.tab) }
                #expect(try await browser.focused() == target)
            }
            try await tab(to: "title")
            try await browser.press("Au clavier")
            try await tab(to: "body")
            try await browser.press("Écrit sans souris.")
            try await tab(to: "/admin/articles/enregistrer/")
            try await browser.press(WebDriver.enter)
            try await browser.waitFor(".notice, [role=status]")
            #expect(try await browser.currentURL().contains("enregistre=1"))
            let saved = try await network.store.articleRows(ArticleFilter(siteIDs: [network.site.id]), limit: 5)
            #expect(saved.map(\.title) == ["Au clavier"])
        }
        }
    }
}
