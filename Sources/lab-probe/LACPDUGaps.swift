import KernelSockets
import RouteNetlink
import Synchronization

// lab-probe lacpdu-gaps SECONDS PF...: taps each PF for SECONDS, independently
// of the daemon, and prints one line per PF on the gaps between arriving
// LACPDUs, the figure the LACPDU timeout is judged against:
//   lacpdu-gaps pf=pf0 lacpdus=121 median_ms=1000.1 p99_ms=1003.2 max_ms=1004.0 over_1100ms=0 quiet_ms=412.5
// (quiet_ms: from the last LACPDU, or the start when none came, to the end.)
// On standard error, `lacpdu-gaps: pf=PF stamping` once the PF's first
// time-stamped LACPDU is in: from then on every gap is measured, so a
// scenario that delays a LACPDU waits for that line first.

/// Kernel receive times (CLOCK_REALTIME ns) of one PF's LACPDUs, appended on the tap's thread.
final class Arrivals: Sendable {
    let times = Mutex<[Int64]>([])
}

func measureLACPDUGaps(seconds: Int, pfs: [String]) async {
    var taps: [(String, PacketTap, Arrivals)] = []
    for name in pfs {
        guard let link = try? links.link(named: name) else { fail("no interface \(name)") }
        do {
            let tap = try PacketTap(interfaceIndex: link.index)
            let arrivals = Arrivals()
            let stream = try tap.arrivals(onThread: { _ in
                // The first frame has no time stamp (reading it turned them on).
                if let time = tap.lastFrameTime {
                    let first = arrivals.times.withLock { times in
                        times.append(time)
                        return times.count == 1
                    }
                    if first { StandardStreams.writeError("lacpdu-gaps: pf=\(name) stamping\n") }
                }
                return false
            })
            // The stream must be consumed for its thread to live; it yields nothing.
            Task { for await _ in stream {} }
            taps.append((name, tap, arrivals))
        } catch {
            fail("cannot tap \(name): \(error)")
        }
    }
    let began = WallClock.nanosecondsSinceEpoch()
    try? await Task.sleep(for: .seconds(seconds))
    let ended = WallClock.nanosecondsSinceEpoch()
    for (name, tap, arrivals) in taps {
        tap.stop()
        let times = arrivals.times.withLock { $0 }
        let gaps = zip(times.dropFirst(), times).map { Double($0 - $1) / 1e6 }.sorted()
        func quantile(_ q: Double) -> Double {
            gaps.isEmpty ? 0 : gaps[min(gaps.count - 1, Int((q * Double(gaps.count)).rounded(.up)) - 1)]
        }
        let line = "lacpdu-gaps pf=\(name) lacpdus=\(times.count) median_ms=\(format(quantile(0.5))) p99_ms=\(format(quantile(0.99)))"
            + " max_ms=\(format(gaps.last ?? 0)) over_1100ms=\(gaps.filter { $0 > 1100 }.count)"
            + " quiet_ms=\(format(Double(ended - max(began, times.last ?? began)) / 1e6))\n"
        StandardStreams.writeOutput(line)
    }
}

private func format(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
}
