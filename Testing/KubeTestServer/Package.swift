// swift-tools-version:6.2
import PackageDescription

// Test tooling, kept out of the product package: the Kubernetes API test server
// (library and `kube-test-server`), the CRD schemas and the patches and field
// selectors only it applies, and `operator-bench`. Nothing here ships.
//
// Packages: this one depends on the repository's root package (by path) for the
// product libraries it needs (JSONValues, KubeModel), and the root package's
// Kubernetes tests depend on this one's KubeTestServer library. SwiftPM (tools
// 6.0 and later) accepts that cycle between packages because there is none
// between targets: no product target of the root uses anything of this
// package, so `swift build --product pf-status-relay` (or the operator, or
// `bond`) compiles none of it, nor swift-certificates and swift-crypto.
// `traits: []`: without it, this dependency would turn the root's default
// trait (KubeconfigYAML) back on in builds of the root that turn it off
// (`--disable-default-traits`, the operator image); none of the root's modules
// used here depends on a trait.
//
// The same settings as the root package: Swift 6 language mode, `any` spelled
// out, internal imports by default and strict memory safety (no unsafe code
// here; `make lint` and `make unit` check).
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .strictMemorySafety(),
]

let package = Package(
    name: "KubeTestServer",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "KubeTestServer", targets: ["KubeTestServer"]),
        .executable(name: "kube-test-server", targets: ["kube-test-server"]),
        .executable(name: "operator-bench", targets: ["operator-bench"]),
    ],
    dependencies: [
        .package(name: "pf-status-relay", path: "../..", traits: []),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // The patch types (strategic merge, JSON, merge) and field selectors the server applies.
        .target(
            name: "KubePatch",
            dependencies: [
                .product(name: "JSONValues", package: "pf-status-relay"),
                .product(name: "KubeModel", package: "pf-status-relay"),
            ],
            swiftSettings: strict
        ),
        // CRD structural schemas (defaulting, pruning, validation) and printer columns.
        .target(
            name: "KubeSchema",
            dependencies: [
                .product(name: "JSONValues", package: "pf-status-relay"),
                .product(name: "KubeModel", package: "pf-status-relay"),
            ],
            swiftSettings: strict
        ),
        // A Kubernetes API server (HTTPS, watch, CRDs, webhooks).
        .target(
            name: "KubeTestServer",
            dependencies: [
                "KubeSchema", "KubePatch",
                .product(name: "JSONValues", package: "pf-status-relay"),
                .product(name: "KubeModel", package: "pf-status-relay"),
                .product(name: "HTTPServing", package: "pf-status-relay"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "kube-test-server",
            dependencies: [
                "KubeTestServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // `make bench-operator`: 1000 monitors on 1000 nodes against the test server.
        .executableTarget(
            name: "operator-bench",
            dependencies: [
                "KubeTestServer",
                .product(name: "JSONValues", package: "pf-status-relay"),
                .product(name: "KubeModel", package: "pf-status-relay"),
            ],
            swiftSettings: strict
        ),

        .testTarget(
            name: "KubePatchTests",
            dependencies: [
                "KubePatch",
                .product(name: "JSONValues", package: "pf-status-relay"),
                .product(name: "KubeModel", package: "pf-status-relay"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KubeSchemaTests",
            dependencies: [
                "KubeSchema",
                .product(name: "JSONValues", package: "pf-status-relay"),
                .product(name: "KubeModel", package: "pf-status-relay"),
            ],
            swiftSettings: strict
        ),
        // In-process server tests and the real kubectl against the server binary.
        .testTarget(
            name: "KubeTestServerTests",
            dependencies: [
                "KubeTestServer",
                .product(name: "JSONValues", package: "pf-status-relay"),
                .product(name: "KubeModel", package: "pf-status-relay"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
    ]
)
