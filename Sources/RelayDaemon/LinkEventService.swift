import Logging
import Netlink
import RouteNetlink
import KernelSockets
import RelayCore

/// Subscribes to RTNLGRP_LINK and asks for an immediate look at a PF when it,
/// or its master, is created, changed or deleted. When the kernel reports
/// lost notifications (ENOBUFS), every PF is looked at again.
struct LinkEventService: DaemonService {
    let directory: LinkDirectory
    let schedule: EvaluationSchedule
    let logger: Logger
    let metrics: RelayMetrics
    let health: DaemonHealth
    /// The thread that reads the subscription (nil: one of its own).
    var reader: SharedReader? = nil
    /// Told the index of every link a notification names, before any look is asked for.
    var linkChanged: @Sendable (Int32) -> Void = { _ in }
    /// Large enough for a burst of notifications from PFs with many VFs.
    var receiveBufferSize = 4 << 20

    func run() async throws {
        while !Task.isCancelled {
            do {
                try await listen()
            } catch {
                guard !Task.isCancelled else { return }
                health.subscription(active: false)
                logger.error("link event subscription failed, retrying", metadata: ["error": "\(error)"])
                metrics.recordResync(reason: "resubscribe")
                schedule.requestAll()
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    private func listen() async throws {
        let socket = try NetlinkSocket(receiveTimeoutMilliseconds: nil)
        try socket.setReceiveBufferSize(receiveBufferSize)
        try socket.join(group: RTNLGRP.link)
        // Whatever changed before the subscription was in place.
        schedule.requestAll()
        health.subscription(active: true)
        for await event in try socket.notifications(on: reader) {
            switch event {
            case let .received(datagram):
                route(datagram)
            case .overrun:
                logger.warning("link events were lost, re-reading every pf")
                metrics.recordResync(reason: "overrun")
                schedule.requestAll()
            case let .failed(error):
                throw error
            }
        }
    }

    private func route(_ datagram: [UInt8]) {
        do {
            for message in try NetlinkMessage.decodeAll(datagram) {
                guard let notification = try LinkNotification(message) else { continue }
                let link = notification.link
                logger.debug("link event", metadata: ["interface": "\(link.attributes.name ?? "#\(link.index)")"])
                linkChanged(link.index)
                for name in directory.interfaces(affectedByLink: link.index, named: link.attributes.name) {
                    schedule.request(name, cause: .linkEvent)
                }
            }
        } catch {
            logger.warning("undecodable link notification, re-reading every pf", metadata: ["error": "\(error)"])
            metrics.recordResync(reason: "undecodable")
            schedule.requestAll()
        }
    }
}
