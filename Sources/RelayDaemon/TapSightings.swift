import Synchronization
import KernelSockets
import RelayCore

/// What each PF's LACPDU tap has seen: written on the taps' threads, read by
/// the evaluation (for the opt-in LACPDU timeout) and, through each
/// evaluation, the schedule (follow-ups after a recent LACPDU): the one record
/// of when the last LACPDU arrived.
final class TapSightings: LACPDUSightings {
    private struct Watched {
        var watch: LACPDUWatch
        var tap: PacketTap?
    }

    private let state = Mutex<[String: Watched]>([:])

    func watch(_ name: String) -> LACPDUWatch {
        state.withLock { $0[name]?.watch ?? .pending }
    }

    func hasUnread(_ name: String) -> Bool {
        state.withLock { $0[name]?.tap }?.hasUnreadFrame ?? false
    }

    /// A new tap: nothing seen through it yet.
    func opened(_ name: String, tap: PacketTap) {
        state.withLock { $0[name] = Watched(watch: .watching(last: nil), tap: tap) }
    }

    /// The tap was closed (the PF changed or is no longer ready).
    func closed(_ name: String) {
        state.withLock { $0[name] = nil }
    }

    /// The tap could not open or stopped.
    func failed(_ name: String) {
        state.withLock { $0[name] = Watched(watch: .unavailable, tap: nil) }
    }

    /// A LACPDU through `tap`; ignored when that tap has since been replaced.
    func saw(_ name: String, through tap: PacketTap, _ sighting: LACPDUSighting) {
        state.withLock { state in
            guard let current = state[name]?.tap, current === tap else { return }
            state[name]?.watch = .watching(last: sighting)
        }
    }
}
