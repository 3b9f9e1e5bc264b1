// swift-tools-version:6.2
import PackageDescription

// Every target: Swift 6 language mode (strict concurrency), `any` spelled out,
// and strict memory safety so that any unsafe construct is flagged by the
// compiler. Unsafe code is allowed in exactly one file
// (Sources/KernelSockets/SystemCalls.swift); `make lint` enforces that.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .strictMemorySafety(),
]

// The test tooling, the Kubernetes API test server (KubeTestServer, with the
// CRD schemas and the patches and field selectors only it applies, and the
// `kube-test-server` and `operator-bench` executables), is a package of its own:
// Testing/KubeTestServer. It builds on this package's JSONValues and KubeModel
// libraries (a path dependency on "../.."), and this package's Kubernetes tests
// (KubeClientTests, KubeRuntimeTests, OperatorE2ETests) run the server in
// process, so each package depends on the other. SwiftPM (tools 6.0 and later)
// accepts such a cycle between packages as long as there is none between
// targets, and here only test targets use the other package: no product of this
// package (pf-status-relay, the operator, bond, ...) compiles the server, its
// schemas and patches, swift-certificates or swift-crypto (resolving still
// fetches them: they are in the graph). The alternatives would move product
// code out of this package (JSONValues and KubeModel in a third package) or
// rewrite the tests that drive the server in process (faults, request records)
// to run its binary instead. The test package names this one with `traits: []`
// so that the cycle does not turn KubeconfigYAML back on under
// `--disable-default-traits` (see its Package.swift).
let kubeTestServer: Target.Dependency = .product(name: "KubeTestServer", package: "KubeTestServer")

let package = Package(
    name: "pf-status-relay",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pf-status-relay", targets: ["pf-status-relay"]),
        .executable(name: "lab-probe", targets: ["lab-probe"]),
        .executable(name: "pf-status-relay-operator", targets: ["pf-status-relay-operator"]),
        .executable(name: "bond", targets: ["bond"]),
        .executable(name: "bond-cni-installer", targets: ["bond-cni-installer"]),
        // For the test tooling package (Testing/KubeTestServer), which builds on them.
        .library(name: "JSONValues", targets: ["JSONValues"]),
        .library(name: "KubeModel", targets: ["KubeModel"]),
        .library(name: "HTTPServing", targets: ["HTTPServing"]),
    ],
    traits: [
        .default(enabledTraits: ["KubeconfigYAML"]),
        // Off (`--disable-default-traits`), the operator reads JSON kubeconfig
        // files only and links neither Yams nor full Foundation (whose ICU data
        // is most of a static binary): the container image build.
        .init(name: "KubeconfigYAML", description: "Read kubeconfig files written in YAML (with Yams)."),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The Kubernetes API test server, for the Kubernetes tests only (see above).
        .package(path: "Testing/KubeTestServer"),
    ],
    targets: [
        // Kernel access: the netlink codec (pure, no system calls).
        .target(name: "Netlink", path: "Sources/Netlink", swiftSettings: strict),
        // The kernel's link enums the domain shares (bond mode, LACP rate, VF link
        // state, operational state): pure, no dependencies.
        .target(name: "LinkConstants", swiftSettings: strict),
        // Typed rtnetlink (links, bonds, VFs) on top of the codec.
        .target(name: "RouteNetlink", dependencies: ["Netlink", "LinkConstants"], swiftSettings: strict),
        // Kernel access: the sockets (netlink, AF_PACKET); the only unsafe code.
        .target(name: "CLinuxHeaders"),
        .target(name: "KernelSockets", dependencies: ["Netlink", "CLinuxHeaders"], swiftSettings: strict),
        // A scripted kernel at the byte level, for tests.
        .target(name: "NetlinkTesting", dependencies: ["Netlink", "RouteNetlink", "LinkConstants"], swiftSettings: strict),
        // LACPDU frames as the taps capture them (pure parsing, fuzzed).
        .target(name: "LACPWire", swiftSettings: strict),
        // Domain: LACP, readiness, relay decisions, the monitor.
        .target(
            name: "RelayCore",
            dependencies: [
                "LinkConstants", .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        // The Prometheus text format for metrics recorded through swift-metrics,
        // with each family's HELP text (the daemon's and the operator's /metrics).
        .target(
            name: "MetricsExposition",
            dependencies: [
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        // The release version, compiled in (images.env's VERSION, kept in step by make bundle).
        .target(name: "BuildInfo", swiftSettings: strict),
        // JSON string literals as slog and JSONEncoder write them (pure).
        .target(name: "JSONQuoting", swiftSettings: strict),
        // Logging in the format of Go's log/slog JSON handler.
        .target(
            name: "SlogLogging",
            dependencies: ["JSONQuoting", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // Process shell: configuration, wiring of services, `check`.
        .target(
            name: "RelayDaemon",
            dependencies: [
                "Netlink", "RouteNetlink", "LinkConstants", "KernelSockets", "RelayCore", "SlogLogging", "JSONQuoting", "LACPWire",
                "BuildInfo", "MetricsExposition",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "pf-status-relay", dependencies: ["RelayDaemon"], swiftSettings: strict),
        // The lab's instrument: measures (reads the kernel on its own), models the
        // NIC's VFs, renders the operator's DaemonSet with the operator's own code.
        .executableTarget(
            name: "lab-probe",
            dependencies: ["Netlink", "RouteNetlink", "LinkConstants", "KernelSockets", "RelayCore", "OperatorCore", "JSONValues"],
            swiftSettings: strict
        ),

        // Untyped JSON documents (Kubernetes objects, CNI configurations and results).
        .target(name: "JSONValues", swiftSettings: strict),
        // Kubernetes objects as JSON: values, metadata, label selectors, Status.
        .target(name: "KubeModel", dependencies: ["JSONValues"], swiftSettings: strict),
        // Kubernetes access for the operator: configuration, REST verbs, watches, retries.
        .target(
            name: "KubeClient",
            dependencies: [
                "KubeModel", "JSONValues",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Yams", package: "Yams", condition: .when(traits: ["KubeconfigYAML"])),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Controller runtime: watcher, cache, work queue, leader election.
        .target(
            name: "KubeRuntime",
            dependencies: ["KubeClient", "KubeModel", "JSONValues", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // Test support: an in-memory KubeAPI and a manual clock.
        .target(name: "KubeRuntimeTesting", dependencies: ["KubeRuntime", "KubeClient", "KubeModel", "JSONValues"], swiftSettings: strict),
        // A small HTTP/1.1 (and TLS) server: the operator's endpoints and the API test server's.
        .target(
            name: "HTTPServing",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The operator's domain: desired DaemonSets, conflicts, status, admission rules.
        .target(name: "OperatorCore", dependencies: ["KubeModel", "JSONValues"], swiftSettings: strict),
        // The operator process: controller, webhook, health and metrics, leader election.
        .target(
            name: "OperatorShell",
            dependencies: [
                // KernelSockets: standard error and output without FileHandle (full Foundation).
                "KubeClient", "KubeRuntime", "KubeModel", "JSONValues", "OperatorCore", "SlogLogging", "KernelSockets", "HTTPServing",
                "BuildInfo",
                // /metrics: recorded through swift-metrics, exported with each family's HELP text.
                "MetricsExposition", .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                // Metrics: swift-metrics' Timer.record(duration:) (it imports FoundationEssentials, which the operator links anyway).
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "pf-status-relay-operator",
            dependencies: ["OperatorShell", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),

        // The bond CNI plugin. Domain: the CNI protocol (environment, versions,
        // errors, results) and the bond's network configuration, both pure.
        .target(name: "CNI", dependencies: ["JSONValues"], swiftSettings: strict),
        .target(name: "BondCNI", dependencies: ["CNI", "JSONValues", "LinkConstants"], swiftSettings: strict),
        // Process shell: the CNI commands against the kernel (rtnetlink) and the IPAM plugin.
        .target(
            name: "BondPlugin",
            dependencies: ["CNI", "BondCNI", "JSONValues", "LinkConstants", "Netlink", "RouteNetlink", "KernelSockets"],
            swiftSettings: strict
        ),
        .executableTarget(name: "bond", dependencies: ["BondPlugin"], swiftSettings: strict),
        // The bond-cni image's entry point: copies `bond` into the node's /opt/cni/bin.
        .executableTarget(name: "bond-cni-installer", dependencies: ["KernelSockets"], swiftSettings: strict),

        .testTarget(name: "CNITests", dependencies: ["CNI", "JSONValues"], swiftSettings: strict),
        .testTarget(name: "BondCNITests", dependencies: ["BondCNI", "CNI", "JSONValues", "LinkConstants"], swiftSettings: strict),
        // The bond binary run as a runtime runs it, on the host: bad input and VERSION.
        .testTarget(name: "BondPluginTests", dependencies: ["CNI", "JSONValues"], swiftSettings: strict),
        // ADD, CHECK and DEL over scripted kernels (no namespaces, no root); the ADD plan as a value.
        .testTarget(
            name: "BondCommandTests",
            dependencies: ["BondPlugin", "BondCNI", "CNI", "JSONValues", "LinkConstants", "Netlink", "RouteNetlink", "NetlinkTesting"],
            swiftSettings: strict
        ),
        .testTarget(name: "NetlinkTests", dependencies: ["Netlink", "NetlinkTesting"], swiftSettings: strict),
        .testTarget(name: "LACPWireTests", dependencies: ["LACPWire"], swiftSettings: strict),
        .testTarget(name: "RouteNetlinkTests", dependencies: ["Netlink", "RouteNetlink", "LinkConstants", "NetlinkTesting"], swiftSettings: strict),
        .testTarget(
            name: "RelayCoreTests",
            dependencies: ["RelayCore", "LinkConstants", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(name: "SlogLoggingTests", dependencies: ["SlogLogging", .product(name: "Logging", package: "swift-log")], swiftSettings: strict),
        .testTarget(
            name: "RelayDaemonTests",
            dependencies: [
                "RelayDaemon", "RelayCore", "Netlink", "RouteNetlink", "LinkConstants", "NetlinkTesting", "MetricsExposition",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Against the host kernel in fresh network namespaces; needs root.
        .testTarget(
            name: "KernelIntegrationTests",
            dependencies: ["Netlink", "RouteNetlink", "LinkConstants", "KernelSockets", "RelayCore", "RelayDaemon"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KubeClientTests",
            dependencies: ["KubeClient", "KubeModel", "JSONValues", kubeTestServer, .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KubeRuntimeTests",
            dependencies: [
                "KubeRuntime", "KubeRuntimeTesting", "KubeClient", "KubeModel", "JSONValues", kubeTestServer,
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The operator binary end to end against the Kubernetes API test server (and kubectl).
        .testTarget(
            name: "OperatorE2ETests",
            dependencies: ["KubeModel", "JSONValues", kubeTestServer],
            swiftSettings: strict
        ),
        // The controller against an in-memory API: reconcile outcomes in milliseconds.
        .testTarget(
            name: "OperatorShellTests",
            dependencies: [
                "OperatorShell", "BuildInfo", "OperatorCore", "KubeRuntime", "KubeRuntimeTesting", "KubeClient", "KubeModel", "JSONValues",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "OperatorCoreTests", dependencies: ["OperatorCore", "KubeModel", "JSONValues"], swiftSettings: strict),
        .testTarget(name: "KubeModelTests", dependencies: ["KubeModel", "JSONValues"], swiftSettings: strict),
    ]
)
