import Logging
import Netlink
import KernelSockets
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

    private func relay(_ arrivals: AsyncStream<SocketEvent<Void>>, from name: String) async {
        for await event in arrivals {
            switch event {
            case .received, .overrun:
                schedule.lacpduArrived(name)
            case let .failed(error):
                logger.warning("LACPDU watch stopped", metadata: ["interface": "\(name)", "error": "\(error)"])
            }
        }
    }
}
