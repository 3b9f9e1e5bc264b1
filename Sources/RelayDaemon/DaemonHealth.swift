import RelayCore
import Synchronization

/// What `/healthz` and `/readyz` answer from: the evaluation loop's heartbeat,
/// the link event subscription's state and the PFs looked at so far. Written
/// by the services, read by the endpoint.
final class DaemonHealth: Sendable {
    typealias Instant = ContinuousClock.Instant

    private struct State {
        var lastLoop: Instant
        /// nil: no subscription is kept (poll-only mode).
        var subscribed: Bool?
        var lookedAt: Set<String> = []
    }

    let names: [String]
    /// The loop looks at every PF at least once per polling interval; a
    /// heartbeat older than this means it is stuck.
    let loopDeadline: Duration
    private let state: Mutex<State>

    init(names: [String], pollingInterval: Duration, subscription: Bool, now: Instant = .now) {
        self.names = names
        loopDeadline = pollingInterval * 3 + .seconds(5)
        state = Mutex(State(lastLoop: now, subscribed: subscription ? false : nil))
    }

    /// The loop looked at `names` (one pass).
    func looked(at names: [String], now: Instant = .now) {
        state.withLock { state in
            state.lastLoop = now
            state.lookedAt.formUnion(names)
        }
    }

    /// The loop is waiting for the next look: alive, with nothing due.
    func loopWaiting(now: Instant = .now) {
        state.withLock { $0.lastLoop = now }
    }

    func subscription(active: Bool) {
        state.withLock { state in if state.subscribed != nil { state.subscribed = active } }
    }

    /// Problems that make the daemon unhealthy (empty: healthy). `netlink` is
    /// the outcome of a request made for this check.
    func livenessProblems(netlink: String?, now: Instant = .now) -> [String] {
        let snapshot = state.withLock { $0 }
        var problems: [String] = []
        let silence = now - snapshot.lastLoop
        if silence > loopDeadline {
            problems.append("evaluation loop silent for \(silence.milliseconds) ms, more than \(loopDeadline.milliseconds) ms")
        }
        if snapshot.subscribed == false { problems.append("link event subscription is down") }
        if let netlink { problems.append("netlink request failed: \(netlink)") }
        return problems
    }

    /// The configured PFs not looked at yet (empty: ready).
    func notYetLookedAt() -> [String] {
        let looked = state.withLock { $0.lookedAt }
        return names.filter { !looked.contains($0) }
    }
}
