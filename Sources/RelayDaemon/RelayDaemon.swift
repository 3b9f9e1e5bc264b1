public import Logging
import BuildInfo
import CoreMetrics
import MetricsExposition
import Netlink
import RouteNetlink
import KernelSockets
import RelayCore

/// Wires the daemon's parts and runs them until SIGTERM or SIGINT.
public struct RelayDaemon {
    public let configuration: Configuration
    public let logger: Logger

    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        let socket = try NetlinkSocket()
        // Poll-only mode reads everything afresh on every look, as upstream does.
        let access = KernelLinkAccess(
            links: RouteLinks(connection: NetlinkConnection(transport: socket)),
            masterCacheLifetime: configuration.pollOnly ? .zero : .seconds(1)
        )
        if configuration.lacpduTimeout != nil {
            // Refused at start rather than found out per PF later, silently slower.
            do { try PacketTap.checkPermission() } catch { throw ConfigurationError.lacpduTimeoutWithoutRawSockets(error: "\(error)") }
        }
        let names = configuration.interfaces
        var timing = EvaluationSchedule.Timing(pollingInterval: configuration.pollingInterval)
        timing.lacpduTimeout = configuration.lacpduTimeout
        let schedule = EvaluationSchedule(names: names, timing: timing)
        let directory = LinkDirectory(names: names)
        let sightings = TapSightings()
        let monitor = Monitor(
            names: names, access: access, logger: logger,
            lacpduTimeout: configuration.lacpduTimeout, sightings: sightings
        )
        // Metrics off: swift-metrics' no-op handlers, and no listener at all.
        let exporter = configuration.metricsBindAddress.map { _ in PrometheusExporter.relay() }
        let metrics = RelayMetrics(names: names, version: BuildInfo.version, factory: exporter ?? NOOPMetricsHandler.instance)
        let health = DaemonHealth(names: names, pollingInterval: configuration.pollingInterval, subscription: !configuration.pollOnly)

        var services: [any DaemonService] = [
            EvaluationLoop(schedule: schedule, directory: directory, monitor: monitor, metrics: metrics, health: health)
        ]
        if !configuration.pollOnly {
            // One thread reads the subscription and every PF's tap.
            let sockets = try SharedReader(threadName: "sockets")
            services.append(LinkEventService(
                directory: directory, schedule: schedule, logger: logger, metrics: metrics, health: health,
                reader: sockets, linkChanged: { access.forgetLink(index: $0) }
            ))
            services.append(LACPDUTapService(directory: directory, schedule: schedule, sightings: sightings, reader: sockets, logger: logger))
        }
        if let address = configuration.metricsBindAddress, let exporter {
            let listener: TCPListener
            do { listener = try TCPListener(host: address.host, port: address.port) } catch {
                throw ConfigurationError.metricsEndpointFailed(address: "\(address)", error: "\(error)")
            }
            let watched = configuration.pollOnly ? [] : names
            let endpoint = MetricsEndpoint(
                exporter: exporter, metrics: metrics, health: health,
                lastLACPDUs: { Dictionary(uniqueKeysWithValues: watched.map { ($0, sightings.watch($0).last?.at) }) }
            )
            services.append(MetricsEndpointService(listener: listener, endpoint: endpoint, logger: logger))
        }
        try await ServiceRunner.run(services, logger: logger)
        logger.info("Stopping application")
    }
}

extension PrometheusExporter {
    /// An exporter of the daemon's families (RelayMetrics.catalog).
    static func relay() -> PrometheusExporter {
        PrometheusExporter(families: RelayMetrics.catalog.map { .init($0.name, help: $0.help, buckets: $0.buckets) })
    }
}
