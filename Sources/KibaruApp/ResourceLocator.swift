import Foundation
import KibaruText

/// Finds Kibaru's runtime resources (themes, demo content): never from the current directory.
public enum ResourceLocator {
    /// The environment variable that names the resources folder.
    public static let environmentKey = "KIBARU_RESOURCES"

    /// The resources folder: `explicit` if given, else `$KIBARU_RESOURCES`, else the first `Resources/` or
    /// `share/kibaru/` found beside the executable or in a folder above it (a build in `.build/debug/` finds
    /// the repository's `Resources/`, an install in `/usr/local/bin` finds `/usr/local/share/kibaru`).
    public static func find(explicit: String? = nil, executablePath: String = ResourceLocator.executablePath) throws -> String {
        if let explicit { return try check(explicit) }
        if let fromEnvironment = ProcessInfo.processInfo.environment[environmentKey], !fromEnvironment.isEmpty {
            return try check(fromEnvironment)
        }
        var directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<8 {
            for candidate in ["Resources", "share/kibaru"] {
                let path = directory.appendingPathComponent(candidate).path
                if isResources(path) { return path }
            }
            directory = directory.deletingLastPathComponent()
        }
        throw ConfigError(
            key: "resources",
            message: L(
                "dossier Resources introuvable près de {path} : indiquez-le avec --resources ou {variable}",
                ["path": executablePath, "variable": environmentKey]))
    }

    /// The running executable's path, as the system knows it (`/proc/self/exe` on Linux): `kibaru` run from the
    /// `PATH` is found where it lies, not in the current folder.
    public static var executablePath: String { Bundle.main.executablePath ?? CommandLine.arguments[0] }

    private static func check(_ path: String) throws -> String {
        guard isResources(path) else {
            throw ConfigError(
                key: "resources", message: L("{path} ne contient pas themes/default/layout.mustache", ["path": path]))
        }
        return path
    }

    private static func isResources(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("themes/default/layout.mustache"))
    }
}
