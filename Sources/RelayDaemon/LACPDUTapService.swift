import Logging
import Netlink
import KernelSockets
import LACPWire
import Synchronization
import RelayCore

/// Keeps one LACPDU tap open on every ready PF; each incoming LACPDU arms the
/// PF's expiry watch, and one with news asks for an immediate look. The taps
/// are read by one thread (`reader`), which the link events share.
///
/// Most LACP state changes come with no netlink event, but they all follow a
/// LACPDU or the lack of one; this is how the daemon reacts in milliseconds
/// whatever its polling interval. Without CAP_NET_RAW the taps cannot open:
/// the daemon says so once per PF and relies on events and polling.
struct LACPDUTapService: DaemonService {
    let directory: LinkDirectory
    let schedule: EvaluationSchedule
    let sightings: TapSightings
    /// The thread that reads the taps (nil: one thread per tap).
    var reader: SharedReader? = nil
    let logger: Logger

    func run() async throws {
        await withDiscardingTaskGroup { group in
            var open: [String: PacketTap] = [:]
            var warned: Set<String> = []
            for await targets in directory.tapTargets {
                for (name, tap) in open where targets[name] != tap.interfaceIndex {
                    tap.stop()
                    open[name] = nil
                    sightings.closed(name)
                }
                for (name, index) in targets.sorted(by: { $0.key < $1.key }) where open[name] == nil {
                    do {
                        let tap = try PacketTap(interfaceIndex: index)
                        let watcher = LACPDUWatcher(name: name, schedule: schedule) { [sightings] in
                            sightings.saw(name, through: tap, $0)
                        }
                        // Before the reader starts, so its first LACPDU counts.
                        sightings.opened(name, tap: tap)
                        let arrivals = try tap.arrivals(on: reader, onThread: { watcher.received($0) })
                        open[name] = tap
                        warned.remove(name)
                        group.addTask { await relay(arrivals, from: name) }
                    } catch {
                        sightings.failed(name)
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

    /// Frames are handled on the tap's thread (see `LACPDUWatcher`); what
    /// reaches this loop is only an overrun or the end of the watch.
    private func relay(_ arrivals: AsyncStream<SocketEvent<[UInt8]>>, from name: String) async {
        for await event in arrivals {
            switch event {
            case .received:
                continue
            case .overrun:
                schedule.lacpduArrived(name, look: true)
            case let .failed(error):
                sightings.failed(name)
                logger.warning("LACPDU watch stopped", metadata: ["interface": "\(name)", "error": "\(error)"])
            }
        }
    }
}

/// Turns the LACPDUs of one PF into requests on the (thread-safe) schedule,
/// right on the tap's thread. A LACPDU whose states repeat the previous one's
/// brings no news: it only pushes the expiry watch out. One that differs (the
/// partner stopped collecting, or is back) asks for a look at once. So a
/// healthy PF costs no look, and no task wake-up, per LACPDU.
final class LACPDUWatcher: Sendable {
    let name: String
    let schedule: EvaluationSchedule
    /// Told of each LACPDU's arrival and rate (for the LACPDU timeout).
    let onSighting: @Sendable (LACPDUSighting) -> Void
    private let previous = Mutex<LACPDU?>(nil)

    init(name: String, schedule: EvaluationSchedule, onSighting: @escaping @Sendable (LACPDUSighting) -> Void = { _ in }) {
        self.name = name
        self.schedule = schedule
        self.onSighting = onSighting
    }

    /// Always false: nothing needs to go on to the async side.
    func received(_ frame: [UInt8]) -> Bool {
        let now = ContinuousClock.now
        let pdu = LACPDU(frame: frame)
        let changed = previous.withLock { previous in
            defer { previous = pdu }
            return pdu == nil || pdu != previous
        }
        // A marker PDU or a malformed frame is no sign of a periodic partner.
        if let pdu {
            let partnerFastRate = LACPPortState(rawValue: UInt16(pdu.partnerState)).contains(.timeout)
            onSighting(LACPDUSighting(at: now, partnerFastRate: partnerFastRate))
        }
        schedule.lacpduArrived(name, at: now, look: changed)
        return false
    }
}
