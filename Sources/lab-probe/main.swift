// lab-probe: measuring instrument of the lab benchmark (not shipped in the
// daemon's image). It reads the kernel independently of the daemon.
//
//   lab-probe watch PF INTERVAL_US      one JSON line per transition of the PF's LACP
//                                       state or VF states, timestamped (CLOCK_REALTIME ns)
//   lab-probe setvfs PF COUNT batch|single STATE
//                                       sets the first COUNT VFs to STATE, in one request
//                                       or one request per VF; prints the time taken
//   lab-probe vf-model PF:VF=NETNS/DEVICE...
//                                       the lab's NIC model: drives each VF stand-in's
//                                       carrier from the VF's link state (VFModel.swift)
//   lab-probe watch-bond BOND           one JSON line per change of the bond's active slave
//   lab-probe render-daemonset NAMESPACE < MONITOR.json
//                                       the operator's DaemonSet for that PFLACPMonitor
//   lab-probe vf-latency PF VF NETNS DEVICE ROUNDS
//                                       VF state request -> carrier change of DEVICE in
//                                       NETNS, ROUNDS times each way; prints the figures
//   lab-probe lacpdu-gaps SECONDS PF... the gaps between LACPDUs arriving on each PF
//                                       (LACPDUGaps.swift)
import Netlink
import RouteNetlink
import LinkConstants
import KernelSockets
import RelayCore

#if canImport(Glibc)
import Glibc
#endif

func fail(_ message: String) -> Never {
    StandardStreams.writeError("lab-probe: \(message)\n")
    exit(2)
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    fail("usage: lab-probe watch PF INTERVAL_US | setvfs PF COUNT batch|single STATE | render-daemonset NAMESPACE | watch-bond BOND | vf-model PF:VF=NETNS/DEVICE... | vf-latency PF VF NETNS DEVICE ROUNDS | lacpdu-gaps SECONDS PF...")
}
let links = RouteLinks(connection: NetlinkConnection(transport: try NetlinkSocket()))
let pf = arguments[2]

switch arguments[1] {
case "watch":
    let interval = Duration.microseconds(Int(arguments.count > 3 ? arguments[3] : "1000") ?? 1000)
    await watch(pf, every: interval)
case "setvfs":
    guard arguments.count == 6, let count = Int(arguments[3]),
          let state = VFLinkState.allCases.first(where: { "\($0)" == arguments[5] }) else { fail("usage: setvfs PF COUNT batch|single auto|enable|disable") }
    setVFs(pf, count: count, batch: arguments[4] == "batch", state: state)
case "vf-model":
    runVFModel(Array(arguments.dropFirst(2)))
case "render-daemonset":
    renderDaemonSet(namespace: arguments[2])
case "watch-bond":
    watchBond(pf)
case "vf-latency":
    guard arguments.count == 7, let vf = UInt32(arguments[3]), let rounds = Int(arguments[6]), rounds > 0 else {
        fail("usage: vf-latency PF VF NETNS DEVICE ROUNDS")
    }
    measureVFLatency(pf: pf, vf: vf, namespace: arguments[4], device: arguments[5], rounds: rounds)
case "lacpdu-gaps":
    guard arguments.count >= 4, let seconds = Int(arguments[2]), seconds > 0 else { fail("usage: lacpdu-gaps SECONDS PF...") }
    await measureLACPDUGaps(seconds: seconds, pfs: Array(arguments.dropFirst(3)))
default:
    fail("unknown command \(arguments[1])")
}

/// What the probe tracks about the PF.
struct Sample: Equatable {
    var lacpUp: Bool?
    /// All VFs in disable or enable, at least one disable.
    var vfsDisabled: Bool
    /// All VFs in auto or enable.
    var vfsRestored: Bool
}

func sample(_ name: String) -> Sample? {
    guard let link = try? links.link(named: name) else { return nil }
    let slave = link.attributes.linkInfo?.bondSlave
    var up: Bool?
    if let actor = slave?.actorOperPortState, let partner = slave?.partnerOperPortState {
        up = isLACPUp(actor: LACPPortState(rawValue: UInt16(actor)), partner: LACPPortState(rawValue: partner))
    }
    let states = (link.attributes.vfs ?? []).map(\.linkState)
    return Sample(
        lacpUp: up,
        vfsDisabled: !states.isEmpty && states.allSatisfy { $0 == .disable || $0 == .enable } && states.contains(.disable),
        vfsRestored: states.allSatisfy { $0 == .auto || $0 == .enable }
    )
}

func emit(_ event: String, at now: Int64, previous: Int64) {
    StandardStreams.writeOutput("{\"event\":\"\(event)\",\"t\":\(now),\"previous_sample\":\(previous)}\n")
}

/// Polls the PF and prints each transition with the time of the sample that
/// saw it and of the one before: the change happened between the two.
func watch(_ name: String, every interval: Duration) async {
    var last: Sample?
    var lastTime = WallClock.nanosecondsSinceEpoch()
    while true {
        let current = sample(name)
        let now = WallClock.nanosecondsSinceEpoch()
        if let current, let previous = last {
            if current.lacpUp != previous.lacpUp, let up = current.lacpUp { emit(up ? "lacp_up" : "lacp_down", at: now, previous: lastTime) }
            if current.vfsDisabled && !previous.vfsDisabled { emit("vfs_disabled", at: now, previous: lastTime) }
            if current.vfsRestored && !previous.vfsRestored { emit("vfs_restored", at: now, previous: lastTime) }
        }
        if current != nil { last = current }
        lastTime = now
        try? await Task.sleep(for: interval)
    }
}

func setVFs(_ name: String, count: Int, batch: Bool, state: VFLinkState) {
    guard let link = try? links.link(named: name) else { fail("no interface \(name)") }
    let vfs = (0..<count).map { VFInfo(index: UInt32($0), linkState: state) }
    let clock = ContinuousClock()
    let elapsed = clock.measure {
        do {
            if batch {
                try links.setVFLinkStates(vfs, index: link.index, name: name)
            } else {
                for vf in vfs { try links.setVFLinkStates([vf], index: link.index, name: name) }
            }
        } catch {
            fail("\(error)")
        }
    }
    let microseconds = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
    StandardStreams.writeOutput("{\"count\":\(count),\"mode\":\"\(batch ? "batch" : "single")\",\"microseconds\":\(microseconds)}\n")
}
