// swift-tools-version:6.2
// libFuzzer targets for Kibaru's parsers (issue 10). Build and run them with `scripts/fuzz` from the repository root;
// what each target checks is in docs/reliability.md.
//
// Why the project's modules are listed here again instead of `.package(path: "..")`: a package can only depend on
// another package's *products*, and the main package exports none but the `kibaru` executable. `Kibaru` is a
// symlink to `../Sources`, so the targets below compile the very same source files; their dependencies must follow
// the main Package.swift (a module that gains an import there needs it here too: the build says which).
// Should the main package ever export a library product with these modules, replace the block below with
// `.package(path: "..")` and `.product(name: …, package: "Kibaru")`.
import PackageDescription

let projectSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// The project's modules, compiled from `../Sources` through the `Kibaru` symlink.
let projectTargets: [Target] = [
    .target(
        name: "KibaruCore", dependencies: [.product(name: "Tagged", package: "swift-tagged")], path: "Kibaru/KibaruCore",
        swiftSettings: projectSettings),
    .target(name: "KibaruText", path: "Kibaru/KibaruText", swiftSettings: projectSettings),
    .target(name: "KibaruMedia", dependencies: ["KibaruCore"], path: "Kibaru/KibaruMedia", swiftSettings: projectSettings),
    .systemLibrary(
        name: "CCmarkGFM",
        path: "Kibaru/CCmarkGFM",
        pkgConfig: "libcmark-gfm",
        providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
    ),
    .target(
        name: "KibaruMarkdown",
        dependencies: ["CCmarkGFM", "KibaruCore", "KibaruText"],
        path: "Kibaru/KibaruMarkdown",
        swiftSettings: projectSettings
    ),
    .target(
        name: "KibaruServices",
        dependencies: [
            "KibaruCore", "KibaruText", "KibaruMarkdown", "KibaruMedia",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Metrics", package: "swift-metrics"),
        ],
        path: "Kibaru/KibaruServices",
        swiftSettings: projectSettings
    ),
    .target(
        name: "KibaruSQLite",
        dependencies: [
            "KibaruCore", "KibaruText", .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Metrics", package: "swift-metrics"),
        ],
        path: "Kibaru/KibaruSQLite",
        // The search query parser (MatchExpression) is internal: the fuzz target reaches it with @testable import.
        swiftSettings: projectSettings + [.unsafeFlags(["-enable-testing"])]
    ),
    .target(
        name: "KibaruImport",
        dependencies: ["KibaruCore", "KibaruText", "KibaruServices"],
        path: "Kibaru/KibaruImport",
        swiftSettings: projectSettings
    ),
]

/// One libFuzzer executable per parser: `fuzz-NAME` in `Sources/fuzz-NAME`, run as `scripts/fuzz NAME SECONDS`.
func fuzzTarget(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(
        name: "fuzz-\(name)",
        dependencies: ["FuzzSupport"] + dependencies,
        path: "Sources/fuzz-\(name)",
        swiftSettings: projectSettings
    )
}

let package = Package(
    name: "KibaruFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/pointfreeco/swift-tagged.git", from: "0.10.0"),
    ],
    targets: projectTargets + [
        .target(
            name: "FuzzSupport", dependencies: ["KibaruCore", "KibaruMarkdown"], path: "Sources/FuzzSupport",
            swiftSettings: projectSettings
        ),
        fuzzTarget("markdown", ["KibaruMarkdown", "KibaruCore"]),
        fuzzTarget("scraped-page", ["KibaruImport", "KibaruMarkdown", "KibaruServices", "KibaruCore"]),
        fuzzTarget("wxr", ["KibaruImport"]),
        fuzzTarget("wordpress-html", ["KibaruImport", "KibaruMarkdown", "KibaruCore"]),
        fuzzTarget("typography", ["KibaruText"]),
        fuzzTarget("search-query", ["KibaruSQLite", "KibaruCore", .product(name: "GRDB", package: "GRDB.swift")]),
        fuzzTarget("comment-text", ["KibaruText"]),
        fuzzTarget("images", ["KibaruMedia"]),
    ]
)
