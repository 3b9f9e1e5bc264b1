public import Logging
import Netlink
import RouteNetlink
import KernelSockets
import RelayCore
import ServiceLifecycle

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

        var services: [any Service] = [EvaluationLoop(schedule: schedule, directory: directory, monitor: monitor)]
        if !configuration.pollOnly {
            services.append(LinkEventService(
                directory: directory, schedule: schedule, logger: logger,
                linkChanged: { access.forgetLink(index: $0) }
            ))
            services.append(LACPDUTapService(directory: directory, schedule: schedule, sightings: sightings, logger: logger))
        }
        // The service group's own chatter stays out of the relay's log unless debugging.
        var groupLogger = logger
        groupLogger.logLevel = max(logger.logLevel, .warning)
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                cancellationSignals: [],
                logger: groupLogger
            )
        )
        try await group.run()
        logger.info("Stopping application")
    }
}
