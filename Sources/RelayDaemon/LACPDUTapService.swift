import Logging
import Netlink
import KernelSockets
import LACPWire
import RelayCore
import ServiceLifecycle

/// Keeps one LACPDU tap open on every ready PF and turns each incoming
/// LACPDU into an immediate look at that PF (and arms its expiry watch).
///
/// Most LACP state changes come with no netlink event, but they all follow a
/// LACPDU or the lack of one; this is how the daemon reacts in milliseconds
/// whatever its polling interval. Without CAP_NET_RAW the taps cannot open:
/// the daemon says so once per PF and relies on events and polling.
struct LACPDUTapService: Service {
    let directory: LinkDirectory
    let schedule: EvaluationSchedule
    let logger: Logger

    func run() async throws {
        await withDiscardingTaskGroup { group in
            var open: [String: PacketTap] = [:]
            var warned: Set<String> = []
            for await targets in directory.tapTargets.cancelOnGracefulShutdown() {
                for (name, tap) in open where targets[name] != tap.interfaceIndex {
                    tap.stop()
                    open[name] = nil
                }
                for (name, index) in targets.sorted(by: { $0.key < $1.key }) where open[name] == nil {
                    do {
                        let tap = try PacketTap(interfaceIndex: index)
                        let arrivals = try tap.arrivals()
                        open[name] = tap
                        warned.remove(name)
                        group.addTask { await relay(arrivals, from: name) }
                    } catch {
                        if warned.insert(name).inserted {
                            logger.warning(
                                "cannot watch LACPDUs, relying on link events and polling",
                                metadata: ["interface": "\(name)", "error": "\(error)"]
                            )
                        }
                    }
                }
            }
            for tap in open.values { tap.stop() }
        }
    }

    /// A LACPDU whose states repeat the previous one's brings no news: it only
    /// pushes the expiry watch out. One that differs (the partner stopped
    /// collecting, or is back) is looked into at once. So a healthy PF costs
    /// no extra look per LACPDU.
    private func relay(_ arrivals: AsyncStream<SocketEvent<[UInt8]>>, from name: String) async {
        var previous: LACPDU?
        for await event in arrivals {
            switch event {
            case let .received(frame):
                let pdu = LACPDU(frame: frame)
                schedule.lacpduArrived(name, look: pdu == nil || pdu != previous)
                previous = pdu
            case .overrun:
                schedule.lacpduArrived(name, look: true)
                previous = nil
            case let .failed(error):
                logger.warning("LACPDU watch stopped", metadata: ["interface": "\(name)", "error": "\(error)"])
            }
        }
    }
}
