import Synchronization

/// What the monitor last learned about each configured PF, shared with the
/// loops that route kernel events to PFs and keep LACPDU taps open.
///
/// Written only by the evaluation loop, from what each look found; read by
/// any task. Thread-safe.
public final class LinkDirectory: Sendable {
    struct Known: Equatable, Sendable {
        var index: Int32
        var masterIndex: Int32?
        var ready: Bool
    }

    public let names: [String]
    private let known: Mutex<[String: Known]>
    private let tapTargetsContinuation: AsyncStream<[String: Int32]>.Continuation
    /// The ready PFs by name with their ifindex, each time that set changes.
    public let tapTargets: AsyncStream<[String: Int32]>

    public init(names: [String]) {
        self.names = names
        known = Mutex([:])
        (tapTargets, tapTargetsContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        tapTargetsContinuation.yield([:])
    }

    /// Records the latest observation of `name` (nil: not found).
    public func update(_ name: String, observation: PFObservation?, ready: Bool) {
        let entry = observation.map { Known(index: $0.index, masterIndex: $0.master?.index, ready: ready) }
        let targets: [String: Int32]? = known.withLock { known in
            let before = Self.readyTargets(known)
            known[name] = entry
            let after = Self.readyTargets(known)
            return after == before ? nil : after
        }
        if let targets { tapTargetsContinuation.yield(targets) }
    }

    /// The configured PFs a change to link `index` (named `name`) may affect:
    /// the PF itself (by name or by its last known ifindex) or its master.
    public func interfaces(affectedByLink index: Int32, named name: String?) -> [String] {
        known.withLock { known in
            names.filter { pf in
                if pf == name { return true }
                guard let entry = known[pf] else { return false }
                return entry.index == index || entry.masterIndex == index
            }
        }
    }

    /// Ends `tapTargets`.
    public func finish() { tapTargetsContinuation.finish() }

    private static func readyTargets(_ known: [String: Known]) -> [String: Int32] {
        known.filter(\.value.ready).mapValues(\.index)
    }
}
