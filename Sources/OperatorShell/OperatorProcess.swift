#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KernelSockets
import KubeClient
import KubeModel
import KubeRuntime
import Logging
import NIOSSL
import OperatorCore
import ServiceLifecycle
import SlogLogging

/// Wires the operator: watches feeding caches (every replica), reconciling
/// (the leader only), the admission webhook, health and metrics endpoints,
/// each a Service in one ServiceGroup (OperatorServices.swift); stops
/// gracefully on SIGTERM/SIGINT, and ends when any of them fails.
struct OperatorProcess {
    struct Options: Sendable {
        var namespace: String?
        var leaderElection: Bool
        var leaseNamespace: String
        var leaseName: String
        var identity: String
        var leaseDuration: Duration
        var health: BindAddress?
        var metrics: BindAddress?
        /// tls.crt and tls.key for /metrics; nil serves plain HTTP without authentication (`--metrics-insecure`).
        var metricsCertDirectory: String?
        var webhookPort: Int?
        var webhookCertDirectory: String
    }

    let configuration: KubeConfiguration
    let settings: OperatorSettings
    let options: Options
    let logger: Logger

    /// Runs the services until SIGTERM/SIGINT (graceful) or until one of them fails (rethrown).
    func runWithSignals() async throws {
        // The identity in the user agent tells replicas apart in the API server's logs.
        let client = KubeClient(configuration: configuration, userAgent: "pf-status-relay-operator/\(options.identity)", logger: logger)
        let metrics = OperatorMetrics(leaseName: options.leaseName)
        let controller = MonitorController(api: client, listWatch: client, settings: settings, namespace: options.namespace,
                                           identity: options.identity, metrics: metrics, logger: logger)
        logger.info("starting", metadata: [
            "namespace": "\(options.namespace ?? "(all)")", "leaderElection": "\(options.leaderElection)",
            "identity": "\(options.identity)", "image": "\(settings.image)",
            "relayMetricsPort": "\(settings.relayMetricsPort.map(String.init) ?? "off")",
        ])
        var groupLogger = logger
        groupLogger.logLevel = max(logger.logLevel, .warning)
        // The signals come through ProcessSignals, not the group's own
        // handling (libdispatch's signal sources, which can lose them).
        let group = ServiceGroup(configuration: .init(
            services: services(client: client, controller: controller, metrics: metrics).map { .init(service: $0) },
            gracefulShutdownSignals: [], cancellationSignals: [], logger: groupLogger))
        let signals = try ProcessSignals(ProcessSignals.shutdown)
        let arrivals = signals.arrivals
        let shutdown = Task {
            for await signal in arrivals {
                logger.info("shutting down", metadata: ["signal": "\(signal)"])
                await group.triggerGracefulShutdown()
            }
        }
        defer {
            shutdown.cancel()
            signals.stop()
        }
        do {
            try await group.run()
        } catch {
            try? await client.shutdown()
            throw error
        }
        try? await client.shutdown()
        logger.info("stopped")
    }

    /// In start order; the group stops them in reverse, endpoints first, watches last.
    private func services(client: KubeClient, controller: MonitorController, metrics: OperatorMetrics) -> [any Service] {
        var services: [any Service] = [CacheService(controller: controller)]
        var elector: LeaderElector?
        if options.leaderElection {
            var lease = LeaderElector.Configuration(namespace: options.leaseNamespace, name: options.leaseName, identity: options.identity)
            lease.leaseDuration = options.leaseDuration
            lease.renewDeadline = options.leaseDuration * 2 / 3
            lease.retryPeriod = options.leaseDuration / 7
            elector = LeaderElector(client: client, configuration: lease, logger: logger)
        }
        services.append(ReconcileService(controller: controller, elector: elector, metrics: metrics))
        if let address = options.health {
            services.append(EndpointService(endpoint: HTTPEndpoint(host: address.host, port: address.port, tls: nil, logger: logger) { request in
                switch request.path {
                case "/healthz", "/livez": return .text(200, "ok")
                case "/readyz":
                    return controller.cachesSynced ? .text(200, "ok") : .text(503, "caches not synced")
                default: return .text(404, "not found")
                }
            }, name: "health", logger: logger))
        }
        if let address = options.metrics {
            // HTTPS and token review, unless --metrics-insecure (loopback only) left the directory out.
            var tls: (@Sendable () -> NIOSSLContext?)?
            var access: MetricsAccess?
            if let directory = options.metricsCertDirectory {
                let certificates = CertificateReloader(directory: directory, purpose: "metrics", logger: logger)
                tls = { certificates.currentContext() }
                access = MetricsAccess(reviewer: KubeAccessReviewer(client: client), logger: logger)
            } else {
                logger.warning("metrics are served over plain HTTP without authentication (--metrics-insecure)")
            }
            let endpoint = MetricsEndpoint(metrics: metrics, access: access)
            services.append(EndpointService(endpoint: HTTPEndpoint(host: address.host, port: address.port, tls: tls, logger: logger) { request in
                await endpoint.handle(request)
            }, name: "metrics", logger: logger))
        }
        if let port = options.webhookPort {
            let webhook = AdmissionWebhook(controller: controller, logger: logger)
            let certificates = CertificateReloader(directory: options.webhookCertDirectory, purpose: "webhook", logger: logger)
            services.append(EndpointService(endpoint: HTTPEndpoint(host: "0.0.0.0", port: port, tls: { certificates.currentContext() }, logger: logger) { request in
                await webhook.handle(request)
            }, name: "webhook", logger: logger))
        }
        return services
    }
}

/// JSON lines in Go slog's format, as the daemon logs.
func makeOperatorLogger(level: Logger.Level) -> Logger {
    var logger = Logger(label: "pf-status-relay-operator") { _ in
        SlogJSONLogHandler(
            logLevel: level,
            clock: { Int64(Date().timeIntervalSince1970 * 1_000_000_000) },
            write: { StandardStreams.writeOutput($0) })
    }
    logger.logLevel = level
    return logger
}
