import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// A small W3C WebDriver client driving Debian's `chromium` through `chromedriver`, headless, for page tests
/// as a reader or writer would use them.
public final class WebDriver: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Whether Debian's chromium and chromium-driver are installed (`.ci/run` installs them).
    public static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
    }

    private let driver: Process
    private let base: URL
    private var sessionID = ""

    /// Starts chromedriver on a free loopback port and opens a headless browser session.
    /// - Parameters:
    ///   - javaScript: `false` runs the browser with JavaScript disabled.
    ///   - language: the browser's language (`fr-FR`, `en-GB`), which its `Accept-Language` asks for first.
    public init(javaScript: Bool, language: String = "fr-FR") async throws {
        let port = try LocalPort.free()
        driver = Process()
        driver.executableURL = URL(fileURLWithPath: "/usr/bin/chromedriver")
        driver.arguments = ["--port=\(port)", "--allowed-ips=127.0.0.1"]
        driver.standardOutput = FileHandle.nullDevice
        driver.standardError = FileHandle.nullDevice
        try driver.run()
        base = URL(string: "http://127.0.0.1:\(port)")!
        var ready = false
        for _ in 0..<100 where !ready {
            try await Task.sleep(for: .milliseconds(100))
            let status = try? await request("GET", "/status")
            ready = (status?["value"] as? [String: Any])?["ready"] as? Bool ?? false
        }
        guard ready else {
            kill(driver.processIdentifier, SIGKILL)
            throw Failure(description: "chromedriver did not start")
        }
        let primary = language.split(separator: "-").first.map(String.init) ?? language
        var prefs: [String: Any] = ["intl.accept_languages": "\(language),\(primary)"]
        if !javaScript { prefs["profile.managed_default_content_settings.javascript"] = 2 }
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    // The console's messages, for ``consoleErrors()``.
                    "goog:loggingPrefs": ["browser": "ALL"],
                    "goog:chromeOptions": [
                        "binary": "/usr/bin/chromium",
                        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=\(language)",
                                 "--window-size=1024,1400"],
                        "prefs": prefs,
                    ] as [String: Any],
                ] as [String: Any]
            ]
        ]
        let answer = try await request("POST", "/session", capabilities)
        guard let value = answer["value"] as? [String: Any], let id = value["sessionId"] as? String else {
            kill(driver.processIdentifier, SIGKILL)
            throw Failure(description: "no browser session: \(answer)")
        }
        sessionID = id
    }

    /// Runs `body` with a new browser, and always closes it (and chromedriver) afterwards.
    public static func with<T: Sendable>(
        javaScript: Bool, language: String = "fr-FR", _ body: (WebDriver) async throws -> T
    ) async throws -> T {
        let browser = try await WebDriver(javaScript: javaScript, language: language)
        do {
            let result = try await body(browser)
            await browser.quit()
            return result
        } catch {
            await browser.quit()
            throw error
        }
    }

    /// Closes the browser and stops chromedriver (SIGKILL: a child may inherit a signal mask that blocks
    /// SIGTERM, and would then never exit).
    public func quit() async {
        _ = try? await request("DELETE", "/session/\(sessionID)")
        kill(driver.processIdentifier, SIGKILL)
        driver.waitUntilExit()
    }

    public func open(_ url: String) async throws {
        _ = try await command("POST", "url", ["url": url])
    }

    public func currentURL() async throws -> String {
        try await command("GET", "url") as? String ?? ""
    }

    /// The page's HTML as the browser has it.
    public func source() async throws -> String {
        try await command("GET", "source") as? String ?? ""
    }

    /// Whether pages run their scripts: opens a page whose script renames it (WebDriver's own scripts run
    /// even when pages' are disabled, so they cannot tell).
    public func runsJavaScript() async throws -> Bool {
        try await open("data:text/html,<title>off</title><script>document.title='on'</script>")
        return try await command("GET", "title") as? String == "on"
    }

    /// Sets the size of the browser's window (headless: its viewport), in CSS pixels.
    public func resize(width: Int, height: Int) async throws {
        _ = try await command("POST", "window/rect", ["width": width, "height": height])
    }

    /// A PNG of the viewport.
    public func screenshot() async throws -> Data {
        guard let base64 = try await command("GET", "screenshot") as? String, let png = Data(base64Encoded: base64) else {
            throw Failure(description: "no screenshot")
        }
        return png
    }

    /// The console's errors since the last call (the browser's log, read and emptied).
    public func consoleErrors() async throws -> [String] {
        let entries = try await command("POST", "se/log", ["type": "browser"]) as? [[String: Any]] ?? []
        return entries.filter { $0["level"] as? String == "SEVERE" }.map { "\($0["message"] ?? "")" }
    }

    /// Runs `script` in the page (WebDriver's scripts run even when the page's own are disabled) and returns its
    /// result.
    @discardableResult
    public func run(_ script: String, _ arguments: [Any] = []) async throws -> Any? {
        try await command("POST", "execute/sync", ["script": script, "args": arguments])
    }

    /// Runs `script` in the page and waits for it to call its last argument with the result.
    public func runAsync(_ script: String, _ arguments: [Any] = []) async throws -> Any? {
        try await command("POST", "execute/async", ["script": script, "args": arguments])
    }

    /// Makes pages see `prefers-color-scheme: dark` (or light again), through the Chrome DevTools Protocol.
    public func prefersDarkColorScheme(_ dark: Bool) async throws {
        _ = try await command("POST", "goog/cdp/execute", [
            "cmd": "Emulation.setEmulatedMedia",
            "params": ["features": [["name": "prefers-color-scheme", "value": dark ? "dark" : "light"]]],
        ])
    }

    /// The keyboard's Tab and Enter keys, for ``press(_:)``.
    public static let tab = "\u{E004}", enter = "\u{E007}"

    /// Presses and releases each key of `keys` on the focused element, as a person at a keyboard would (letters
    /// are typed; ``tab`` and ``enter`` are those keys).
    public func press(_ keys: String) async throws {
        let strokes = keys.unicodeScalars.flatMap { key in
            [["type": "keyDown", "value": String(key)], ["type": "keyUp", "value": String(key)]]
        }
        _ = try await command("POST", "actions", ["actions": [["type": "key", "id": "clavier", "actions": strokes]]])
    }

    /// What has the keyboard's focus: its `id`, else its `formaction`, else its tag name.
    public func focused() async throws -> String {
        try await run("""
            const e = document.activeElement;
            return e.id || e.getAttribute('formaction') || e.tagName.toLowerCase();
            """) as? String ?? ""
    }

    /// Adds a cookie for the site of the current page.
    public func addCookie(name: String, value: String) async throws {
        _ = try await command("POST", "cookie", ["cookie": ["name": name, "value": value, "path": "/"]])
    }

    /// Types `text` into the element matching `selector`, after clearing it.
    public func type(_ text: String, into selector: String) async throws {
        let element = try await find(selector)
        _ = try await command("POST", "element/\(element)/clear", [:])
        _ = try await command("POST", "element/\(element)/value", ["text": text])
    }

    /// Picks the `<option>` with `value` in the `<select>` matching `selector`.
    public func select(_ value: String, in selector: String) async throws {
        try await click("\(selector) option[value=\"\(value)\"]")
    }

    /// Waits (up to 10 s) until an element matches `selector`, for what a page's script adds.
    public func waitFor(_ selector: String) async throws {
        for _ in 0..<100 {
            if (try? await find(selector)) != nil { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure(description: "nothing matched \(selector) in time")
    }

    public func click(_ selector: String) async throws {
        _ = try await clickFound(selector)
    }

    /// Clicks a button that submits a form, and waits (up to 10 s) until the next page has loaded: the button
    /// is gone from the document and the new one is complete.
    public func submit(_ selector: String) async throws {
        let element = try await clickFound(selector)
        for _ in 0..<100 {
            try await Task.sleep(for: .milliseconds(50))
            let stale = (try? await command("GET", "element/\(element)/name")) == nil
            let state = try? await command("POST", "execute/sync", ["script": "return document.readyState", "args": []])
            if stale, state as? String == "complete" { return }
        }
        throw Failure(description: "no new page after clicking \(selector)")
    }

    /// The visible text of the element matching `selector`.
    public func text(_ selector: String) async throws -> String {
        let element = try await find(selector)
        return try await command("GET", "element/\(element)/text") as? String ?? ""
    }

    /// Finds the element matching `selector` and clicks it; when the page was still being replaced (the element
    /// found went stale before the click), finds it again in the new page, for up to 5 s.
    /// - Returns: the element clicked.
    private func clickFound(_ selector: String) async throws -> String {
        for _ in 0..<50 {
            let element = try await find(selector)
            do {
                _ = try await command("POST", "element/\(element)/click", [:])
                return element
            } catch let failure as Failure where failure.description.contains("stale element") {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        throw Failure(description: "\(selector) kept going stale before it could be clicked")
    }

    private func find(_ selector: String) async throws -> String {
        let value = try await command("POST", "element", ["using": "css selector", "value": selector])
        guard let element = value as? [String: Any], let id = element.values.first as? String else {
            throw Failure(description: "no element matches \(selector): \(String(describing: value))")
        }
        return id
    }

    private func command(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        let answer = try await request(method, "/session/\(sessionID)/\(path)", body)
        if let value = answer["value"] as? [String: Any], let error = value["error"] as? String {
            throw Failure(description: "\(path): \(error) \(value["message"] ?? "")")
        }
        return answer["value"]
    }

    private func request(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: base.absoluteString + path)
        request.method = .init(rawValue: method)
        if let body {
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return (try JSONSerialization.jsonObject(with: Data(buffer: bytes)) as? [String: Any]) ?? [:]
    }
}
