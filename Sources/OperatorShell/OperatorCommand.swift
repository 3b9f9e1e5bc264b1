public import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BuildInfo
import KernelSockets
import KubeClient
import KubeModel
import Logging
import OperatorCore

/// `pf-status-relay-operator`: reconciles PFLACPMonitors into DaemonSets of
/// the pf-status-relay daemon. In a cluster it uses its service account;
/// `--kubeconfig FILE` runs it from outside (development, tests).
///
/// `render-daemonset` is a subcommand without `defaultSubcommand`: the root
/// keeps its own options and `run()`, so every existing invocation (the
/// Deployment's flags, `--kubeconfig`, `--help`) parses and runs as before;
/// only a first argument `render-daemonset` selects the subcommand (the root
/// takes no positional argument, so that word was an error before). A default
/// subcommand would instead have moved the operator's options off the root's
/// `--help`.
public struct OperatorCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pf-status-relay-operator",
        abstract: "Runs the pf-status-relay daemon on the nodes PFLACPMonitor resources select.",
        // The generated usage would read `<options> <subcommand>`, as if a subcommand were needed.
        usage: """
            pf-status-relay-operator <options>
            pf-status-relay-operator render-daemonset [--namespace <namespace>] <file>
            """,
        // images.env's VERSION (Sources/BuildInfo/BuildInfo.swift), also the build_info metric's.
        version: BuildInfo.version,
        subcommands: [RenderDaemonSetCommand.self])

    public static let defaultLeaseName = "pf-status-relay-operator-leader"

    @Option(help: "A kubeconfig to use instead of the in-cluster service account.")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context (default: its current context).")
    var context: String?

    @Flag(help: "Only the holder of a coordination.k8s.io Lease reconciles.")
    var leaderElect = false

    @Option(help: "Name of the leader-election Lease.")
    var leaderElectionID = Self.defaultLeaseName

    @Option(help: "Namespace of the Lease (default: the watched namespace, or the pod's).")
    var leaderElectionNamespace: String?

    @Option(help: "Identity in the Lease (default: hostname and process id).")
    var leaderElectionIdentity: String?

    @Option(help: "Seconds a Lease lasts without renewal.")
    var leaseDurationSeconds: Int = 15

    @Option(help: "Address for /healthz and /readyz (empty: off).")
    var healthProbeBindAddress = ":8081"

    @Option(help: "Address for Prometheus /metrics, HTTPS with token authentication (empty or 0: off).")
    var metricsBindAddress = ":8443"

    @Option(help: "Directory with tls.crt and tls.key for /metrics (re-read when they change).")
    var metricsCertDir = "/tmp/k8s-metrics-server/metrics-certs"

    @Flag(help: "Serve /metrics over plain HTTP to anyone, for development: only on a loopback --metrics-bind-address.")
    var metricsInsecure = false

    @Option(help: "Port of the validating admission webhook (HTTPS; 0: off).")
    var webhookPort: Int = 9443

    @Option(help: "Directory with tls.crt and tls.key for the webhook (re-read when they change).")
    var webhookCertDir = "/tmp/k8s-webhook-server/serving-certs"

    @Option(help: "Namespace to watch (default: the pod's namespace from its service account).")
    var watchNamespace: String?

    @Flag(help: "Watch PFLACPMonitors in every namespace.")
    var allNamespaces = false

    @Option(help: ArgumentHelp(
        "Node port for the relay daemons' /metrics, /healthz and /readyz, with liveness and readiness probes (0: off).",
        discussion: "Default: PF_STATUS_RELAY_METRICS_PORT, else off. The daemons use the node's network: "
            + "pick a port free on every node; 9808 is recommended.",
        valueName: "port"))
    var relayMetricsPort: Int?

    @Option(help: "Log level: debug, info, warning, error.")
    var logLevel = "info"

    public init() {}

    public func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of debug, info, warning, error (got \"\(logLevel)\")")
        }
        guard (0...65535).contains(webhookPort) else { throw ValidationError("--webhook-port must be between 0 and 65535") }
        if let relayMetricsPort, !(0...65535).contains(relayMetricsPort) {
            throw ValidationError("--relay-metrics-port must be between 0 and 65535 (0: off)")
        }
        guard leaseDurationSeconds >= 2 else { throw ValidationError("--lease-duration-seconds must be at least 2") }
        for (flag, address) in [("--health-probe-bind-address", healthProbeBindAddress), ("--metrics-bind-address", metricsBindAddress)] {
            if BindAddress(address) == nil && !address.isEmpty && address != "0" {
                throw ValidationError("\(flag) must look like :8081 or 127.0.0.1:8081 (got \"\(address)\")")
            }
        }
        if metricsInsecure, let address = BindAddress(metricsBindAddress), !address.isLoopback {
            throw ValidationError("--metrics-insecure serves /metrics to anyone: it needs a loopback "
                                  + "--metrics-bind-address such as 127.0.0.1:8080 (got \"\(metricsBindAddress)\")")
        }
        if allNamespaces && watchNamespace != nil {
            throw ValidationError("--all-namespaces and --watch-namespace exclude each other")
        }
    }

    public func run() async throws {
        try await runOperator()
    }

    /// The command's work (named apart from `run()`, whose synchronous default
    /// an `await` may otherwise resolve to).
    public func runOperator() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let logger = makeOperatorLogger(level: level)
        let settings: OperatorSettings
        do {
            settings = try self.settings(environment: ProcessInfo.processInfo.environment)
        } catch {
            logger.error("configuration error", metadata: ["error": "\(error)"])
            StandardStreams.writeError("pf-status-relay-operator: \(error)\n")
            throw ExitCode(2)
        }
        let configuration: KubeConfiguration
        do {
            if let kubeconfig {
                configuration = try KubeConfiguration.load(kubeconfigPath: kubeconfig, context: context)
            } else {
                configuration = try KubeConfiguration.inCluster()
            }
        } catch {
            StandardStreams.writeError("pf-status-relay-operator: \(error)\n")
            throw ExitCode(2)
        }
        let namespace: String? = allNamespaces ? nil : (watchNamespace ?? configuration.namespace)
        let identity = leaderElectionIdentity ?? "\(ProcessInfo.processInfo.hostName)_\(ProcessInfo.processInfo.processIdentifier)"
        let options = OperatorProcess.Options(
            namespace: namespace, leaderElection: leaderElect,
            leaseNamespace: leaderElectionNamespace ?? namespace ?? Self.podNamespace() ?? "default",
            leaseName: leaderElectionID, identity: identity, leaseDuration: .seconds(leaseDurationSeconds),
            health: BindAddress(healthProbeBindAddress), metrics: BindAddress(metricsBindAddress),
            metricsCertDirectory: metricsInsecure ? nil : metricsCertDir,
            webhookPort: webhookPort == 0 ? nil : webhookPort, webhookCertDirectory: webhookCertDir)
        try await OperatorProcess(configuration: configuration, settings: settings, options: options, logger: logger).runWithSignals()
    }

    /// The DaemonSets' settings from the environment, `--relay-metrics-port`
    /// (0 turns it off) over `PF_STATUS_RELAY_METRICS_PORT`.
    func settings(environment: [String: String]) throws(SettingsError) -> OperatorSettings {
        var settings = try OperatorSettings.fromEnvironment(environment)
        if let relayMetricsPort {
            settings.relayMetricsPort = relayMetricsPort == 0 ? nil : relayMetricsPort
        }
        return settings
    }

    /// The namespace of the pod's service account, when running in a cluster.
    static func podNamespace() -> String? {
        if let fromEnvironment = ProcessInfo.processInfo.environment["POD_NAMESPACE"], !fromEnvironment.isEmpty { return fromEnvironment }
        let path = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"
        return (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingWhitespace()
    }
}

/// `:8081` or `HOST:8081`.
struct BindAddress: Sendable {
    var host: String
    var port: Int

    init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port) else { return nil }
        // "[::1]:8081": the brackets are not part of the address.
        var host = text[..<colon]
        while host.first == "[" || host.first == "]" { host.removeFirst() }
        while host.last == "[" || host.last == "]" { host.removeLast() }
        self.host = host.isEmpty ? "0.0.0.0" : String(host)
        self.port = port
    }

    /// Reachable from this host only: 127.0.0.0/8, ::1 or localhost.
    var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
