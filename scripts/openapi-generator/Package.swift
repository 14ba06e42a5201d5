// swift-tools-version:6.2
// The OpenAPI generator as a tool, built by scripts/generate-api (not part of Kibaru's own build).
import PackageDescription

let package = Package(
    name: "openapi-generator-tool",
    dependencies: [.package(url: "https://github.com/apple/swift-openapi-generator", exact: "1.14.3")],
    targets: []
)
