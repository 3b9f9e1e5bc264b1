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
/// (the leader only), the admission webhook, health and metrics endpoints;
/// stops gracefully on SIGTERM/SIGINT.
struct OperatorProcess: Service {
    struct Options: Sendable {
        var namespace: String?
        var leaderElection: Bool
        var leaseNamespace: String
        var leaseName: String
        var identity: String
        var leaseDuration: Duration
        var health: BindAddress?
        var metrics: BindAddress?
        var webhookPort: Int?
        var webhookCertDirectory: String
    }

    let configuration: KubeConfiguration
    let settings: OperatorSettings
    let options: Options
    let logger: Logger

    func run() async throws {
        // The identity in the user agent tells replicas apart in the API server's logs.
        let client = KubeClient(configuration: configuration, userAgent: "pf-status-relay-operator/\(options.identity)", logger: logger)
        let metrics = Metrics()
        let controller = MonitorController(client: client, settings: settings, namespace: options.namespace,
                                           identity: options.identity, metrics: metrics, logger: logger)
        let webhook = AdmissionWebhook(controller: controller, logger: logger)
        let certificates = CertificateReloader(directory: options.webhookCertDirectory, logger: logger)
        logger.info("starting", metadata: [
            "namespace": "\(options.namespace ?? "(all)")", "leaderElection": "\(options.leaderElection)",
            "identity": "\(options.identity)", "image": "\(settings.image)",
        ])

        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await controller.watch() }
                group.addTask {
                    if options.leaderElection {
                        var lease = LeaderElector.Configuration(namespace: options.leaseNamespace, name: options.leaseName, identity: options.identity)
                        lease.leaseDuration = options.leaseDuration
                        lease.renewDeadline = options.leaseDuration * 2 / 3
                        lease.retryPeriod = options.leaseDuration / 7
                        let elector = LeaderElector(client: client, configuration: lease, logger: logger)
                        await elector.run {
                            metrics.setLeader(true)
                            await controller.reconcileLoop()
                            metrics.setLeader(false)
                        }
                    } else {
                        metrics.setLeader(true)
                        await controller.reconcileLoop()
                    }
                }
                if let address = options.health {
                    group.addTask {
                        await serve(HTTPEndpoint(host: address.host, port: address.port, tls: nil, logger: logger) { request in
                            switch request.path {
                            case "/healthz", "/livez": return .text(200, "ok")
                            case "/readyz":
                                return controller.cachesSynced ? .text(200, "ok") : .text(503, "caches not synced")
                            default: return .text(404, "not found")
                            }
                        }, name: "health")
                    }
                }
                if let address = options.metrics {
                    group.addTask {
                        await serve(HTTPEndpoint(host: address.host, port: address.port, tls: nil, logger: logger) { request in
                            guard request.path == "/metrics" else { return .text(404, "not found") }
                            return HTTPEndpoint.Response(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8",
                                                         body: Array(metrics.exposition.utf8))
                        }, name: "metrics")
                    }
                }
                if let port = options.webhookPort {
                    group.addTask {
                        await serve(HTTPEndpoint(host: "0.0.0.0", port: port, tls: { certificates.currentContext() }, logger: logger) { request in
                            await webhook.handle(request)
                        }, name: "webhook")
                    }
                }
            }
        }
        try? await client.shutdown()
        logger.info("stopped")
    }

    private func serve(_ endpoint: HTTPEndpoint, name: String) async {
        do {
            try await endpoint.run { port in
                logger.info("listening", metadata: ["endpoint": "\(name)", "port": "\(port)"])
            }
        } catch {
            logger.error("endpoint failed", metadata: ["endpoint": "\(name)", "error": "\(error)"])
        }
    }
}

extension OperatorProcess {
    /// Runs the process in a ServiceGroup that turns SIGTERM/SIGINT into a graceful shutdown.
    func runWithSignals() async throws {
        var groupLogger = logger
        groupLogger.logLevel = max(logger.logLevel, .warning)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: self)], gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [],
            logger: groupLogger))
        try await group.run()
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
