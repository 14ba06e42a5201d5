// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Kibaru",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kibaru", targets: ["kibaru"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/pointfreeco/swift-tagged.git", from: "0.10.0"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
    ],
    targets: [
        .target(name: "KibaruCore", dependencies: [.product(name: "Tagged", package: "swift-tagged")], swiftSettings: swiftSettings),
        .target(name: "KibaruText", swiftSettings: swiftSettings),
        .target(name: "KibaruMedia", dependencies: ["KibaruCore"], swiftSettings: swiftSettings),
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CFileKind"),
        .systemLibrary(name: "CBrotli", pkgConfig: "libbrotlienc", providers: [.apt(["libbrotli-dev"])]),
        .target(
            name: "KibaruCompression",
            dependencies: ["CBrotli", "CZlib", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KibaruMarkdown",
            dependencies: ["CCmarkGFM", "KibaruCore", "KibaruText"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KibaruServices",
            dependencies: [
                "KibaruCore", "KibaruText", "KibaruMarkdown", "KibaruMedia",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KibaruSQLite",
            dependencies: [
                "KibaruCore", "KibaruText", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KibaruPostgres",
            dependencies: [
                "KibaruCore", "KibaruText",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KibaruTheme",
            dependencies: [
                "KibaruCore", "KibaruText", "KibaruMarkdown", .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KibaruImport",
            dependencies: ["KibaruCore", "KibaruText", "KibaruServices"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KibaruAPI",
            dependencies: [
                "KibaruCore", "KibaruMarkdown", "KibaruServices", "KibaruText",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            exclude: ["openapi-generator-config.yaml"],
            // The generated code imports what it needs at its access level: every other import is internal.
            swiftSettings: swiftSettings + [.enableUpcomingFeature("InternalImportsByDefault")]
        ),
        .target(
            name: "KibaruWeb",
            dependencies: [
                "CFileKind", "KibaruAPI", "KibaruCompression", "KibaruCore", "KibaruServices", "KibaruText", "KibaruTheme",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KibaruApp",
            dependencies: [
                "CFileKind", "KibaruCore", "KibaruServices", "KibaruSQLite", "KibaruPostgres", "KibaruTheme", "KibaruWeb",
                "KibaruImport",
                "KibaruMarkdown", "KibaruMedia", "KibaruText",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KibaruCommands",
            dependencies: [
                "KibaruApp", "KibaruCore", "KibaruServices", "KibaruImport", "KibaruText", "KibaruWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "kibaru",
            dependencies: ["KibaruCommands"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "kibaru-search-benchmark",
            dependencies: ["KibaruCore", "KibaruSQLite"],
            path: "Benchmarks/SearchBenchmark",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KibaruTesting",
            dependencies: [
                "KibaruApp", "KibaruCore", "KibaruPostgres", "KibaruServices", "KibaruText",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/KibaruTesting",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "KibaruCoreTests", dependencies: ["KibaruCore"], swiftSettings: swiftSettings),
        .testTarget(name: "KibaruTextTests", dependencies: ["KibaruText"], swiftSettings: swiftSettings),
        .testTarget(
            name: "KibaruCompressionTests",
            dependencies: ["KibaruCompression", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KibaruMediaTests", dependencies: ["KibaruMedia", "KibaruCore", "KibaruTesting"], swiftSettings: swiftSettings),
        .testTarget(
            name: "KibaruMarkdownTests",
            dependencies: ["KibaruMarkdown", "KibaruCore", "KibaruText", "KibaruTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KibaruSQLiteTests",
            dependencies: [
                "KibaruSQLite", "KibaruCore", "KibaruServices", "KibaruMarkdown", "KibaruTesting", "KibaruText",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KibaruPostgresTests",
            dependencies: [
                "KibaruPostgres", "KibaruCore", "KibaruServices", "KibaruTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KibaruStoreContractTests",
            dependencies: [
                "KibaruSQLite", "KibaruPostgres", "KibaruCore", "KibaruTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KibaruImportTests",
            dependencies: [
                "KibaruImport", "KibaruApp", "KibaruCore", "KibaruServices", "KibaruText", "KibaruTesting", "KibaruMarkdown",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KibaruWebTests",
            dependencies: [
                "KibaruApp", "KibaruCompression", "KibaruCore", "KibaruServices", "KibaruImport", "KibaruTesting",
                "KibaruTheme", "KibaruWeb",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KibaruCommandsTests",
            dependencies: [
                "KibaruCommands", "KibaruApp", "KibaruCore", "KibaruPostgres", "KibaruServices", "KibaruSQLite",
                "KibaruTesting", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
