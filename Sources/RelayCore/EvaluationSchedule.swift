import Synchronization

/// When to look at each PF next.
///
/// Every PF is looked at least once per polling interval (the safety net).
/// Events and LACPDU hints ask for earlier looks. After each LACPDU an
/// "expiry watch" is armed: if no further LACPDU arrives, the kernel's LACP
/// receive timer runs out about `expiryTimeout` later (3 s at the fast rate)
/// and no netlink event announces it, so the PF is looked at closely around
/// that instant. With the opt-in LACPDU timeout, the PF is also looked at the
/// moment its silence reaches the timeout.
///
/// Thread-safe; one loop waits on it (`waitUntilDue`, `takeDue`), any task or
/// thread adds requests.
public final class EvaluationSchedule: Sendable {
    public typealias Instant = ContinuousClock.Instant

    public struct Timing: Sendable {
        public var pollingInterval: Duration
        /// After a LACPDU while LACP is not up, look again this often...
        public var followUpStep: Duration = .milliseconds(5)
        /// ...for this long: the bond's mux machine moves on its own 100 ms tick.
        public var followUpWindow: Duration = .milliseconds(350)
        /// The expiry watch starts this long before the expected expiry...
        public var expiryLead: Duration = .milliseconds(150)
        /// ...ends this long after it...
        public var expiryTail: Duration = .milliseconds(500)
        /// ...and looks this often.
        public var expiryStep: Duration = .milliseconds(5)
        /// The opt-in early verdict: look this long after each LACPDU (the
        /// instant its silence would become a verdict).
        public var lacpduTimeout: Duration?

        public init(pollingInterval: Duration) { self.pollingInterval = pollingInterval }
    }

    /// A series of looks from `next` to `end`, `step` apart.
    struct Series: Sendable {
        var next: Instant
        var end: Instant
        var step: Duration
    }

    /// A look asked for: when, and why.
    struct Request: Sendable {
        var at: Instant
        var cause: LookCause
    }

    struct Entry: Sendable {
        var nextPoll: Instant
        var requests: [Request] = []
        var followUps: Series?
        var expiryWatch: Series?
        /// When the silence since the last LACPDU reaches the LACPDU timeout.
        var silenceCheck: Instant?
        /// The LACP receive timeout of the port (3 s fast, 90 s slow).
        var expiryTimeout: Duration = .seconds(3)

        /// Adds a request for a look at `instant`; false when a pending look
        /// already covers it (one that is due will happen after this call, so a
        /// burst of hints costs one look).
        mutating func addRequest(at instant: Instant, cause: LookCause) -> Bool {
            if instant <= .now, requests.contains(where: { $0.at <= instant }) { return false }
            if requests.contains(where: { $0.at == instant }) { return false }
            requests.append(Request(at: instant, cause: cause))
            return true
        }

        var earliest: Instant {
            var earliest = nextPoll
            if let first = requests.map(\.at).min() { earliest = min(earliest, first) }
            if let followUps { earliest = min(earliest, followUps.next) }
            if let expiryWatch { earliest = min(earliest, expiryWatch.next) }
            if let silenceCheck { earliest = min(earliest, silenceCheck) }
            return earliest
        }
    }

    struct State: Sendable {
        var entries: [String: Entry]
        /// The wait in progress: its deadline, and what ends it sooner.
        var waiter: (deadline: Instant, wake: CheckedContinuation<Void, Never>)?
    }

    public let names: [String]
    public let timing: Timing
    private let state: Mutex<State>

    /// Every PF is due at once.
    public init(names: [String], timing: Timing, now: Instant = .now) {
        self.names = names
        self.timing = timing
        var entries: [String: Entry] = [:]
        for name in names { entries[name] = Entry(nextPoll: now) }
        state = Mutex(State(entries: entries))
    }

    /// Asks for a look at `name` at `instant` (now when omitted), for `cause`.
    public func request(_ name: String, at instant: Instant = .now, cause: LookCause) {
        state.withLock { state in
            guard var entry = state.entries[name], entry.addRequest(at: instant, cause: cause) else { return }
            state.entries[name] = entry
            Self.wakeIfEarlier(instant, &state)
        }
    }

    /// Asks for a look at every PF (after missed events).
    public func requestAll(at instant: Instant = .now) {
        for name in names { request(name, at: instant, cause: .resync) }
    }

    /// A LACPDU arrived on `name`: arm the expiry watch, and look now when
    /// `look` (the LACPDU says something new, or its content is unknown).
    public func lacpduArrived(_ name: String, at instant: Instant = .now, look: Bool = true) {
        let timing = self.timing
        state.withLock { state in
            guard var entry = state.entries[name] else { return }
            if look { _ = entry.addRequest(at: instant, cause: .lacpduHint) }
            let expiry = instant + entry.expiryTimeout
            entry.expiryWatch = Series(next: expiry - timing.expiryLead, end: expiry + timing.expiryTail, step: timing.expiryStep)
            if let timeout = timing.lacpduTimeout { entry.silenceCheck = instant + timeout }
            state.entries[name] = entry
            // Usually this only moves deadlines later and wakes nothing; a
            // watch or silence check armed anew may be due before the loop's
            // sleep ends (a polling interval longer than the timeouts).
            Self.wakeIfEarlier(entry.earliest, &state)
        }
    }

    /// After a look at `name` found LACP not up: if a LACPDU arrived recently
    /// (`lastLACPDU`, as the PF's tap saw it), keep looking closely while the
    /// bond's state machines settle.
    public func followUpIfRecentLACPDU(_ name: String, lastLACPDU: Instant?, now: Instant = .now) {
        let timing = self.timing
        state.withLock { state in
            guard var entry = state.entries[name], let last = lastLACPDU,
                  now < last + timing.followUpWindow, entry.followUps == nil else { return }
            let followUps = Series(next: now + timing.followUpStep, end: last + timing.followUpWindow, step: timing.followUpStep)
            entry.followUps = followUps
            state.entries[name] = entry
            Self.wakeIfEarlier(followUps.next, &state)
        }
    }

    /// The LACP receive timeout of `name`'s port, from its LACP rate.
    public func setExpiryTimeout(_ name: String, _ timeout: Duration) {
        state.withLock { $0.entries[name]?.expiryTimeout = timeout }
    }

    /// Stops the follow-ups of `name` (LACP is up, or not yet decided). The expiry
    /// watch stays: it looks for the silence that would take LACP down.
    public func settle(_ name: String) {
        state.withLock { $0.entries[name]?.followUps = nil }
    }

    /// The earliest instant anything is due.
    public func nextDeadline() -> Instant? {
        state.withLock { $0.entries.values.map(\.earliest).min() }
    }

    /// Returns when something is due or the task is cancelled.
    public func waitUntilDue() async {
        while !Task.isCancelled {
            guard let deadline = state.withLock({ $0.entries.values.map(\.earliest).min() }), deadline > .now else { return }
            // Sleeps to the deadline unless a request brings it forward first.
            await withTaskGroup(of: Void.self) { group in
                group.addTask { _ = try? await Task.sleep(until: deadline, tolerance: .milliseconds(1), clock: .continuous) }
                group.addTask { await self.broughtForward(from: deadline) }
                _ = await group.next()
                group.cancelAll()
            }
        }
    }

    /// Returns when something falls due before `deadline`, or on cancellation.
    private func broughtForward(from deadline: Instant) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (wake: CheckedContinuation<Void, Never>) in
                // A request that came after the deadline was read, or a
                // cancellation before this point, must not be slept through.
                let now = state.withLock { state -> Bool in
                    let earliest = state.entries.values.map(\.earliest).min()
                    if Task.isCancelled || earliest.map({ $0 < deadline }) == true { return true }
                    state.waiter = (deadline, wake)
                    return false
                }
                if now { wake.resume() }
            }
        } onCancel: {
            state.withLock { state in
                state.waiter?.wake.resume()
                state.waiter = nil
            }
        }
    }

    /// The PFs due at `now`, in configuration order.
    public func takeDue(now: Instant = .now) -> [String] {
        takeDueLooks(now: now).map(\.name)
    }

    /// The looks due at `now`, in configuration order, each with its cause;
    /// their due requests are consumed, and a due poll moves on to the next
    /// instant of its grid (start + k intervals). A look that was asked for
    /// (an event, a LACPDU) leaves the poll where it is: every PF's polls stay
    /// in step, and one wake-up per interval serves them all. Polls that
    /// drifted apart after each PF's own news cost a wake-up each, and most
    /// of the daemon's CPU with LACPDU taps on (make bench: by thread).
    public func takeDueLooks(now: Instant = .now) -> [DueLook] {
        let interval = timing.pollingInterval
        return state.withLock { state in
            var due: [DueLook] = []
            for name in names {
                guard var entry = state.entries[name], entry.earliest <= now else { continue }
                due.append(Self.look(name, entry, now: now))
                entry.requests.removeAll { $0.at <= now }
                while entry.nextPoll <= now { entry.nextPoll += interval }
                entry.followUps = Self.advance(entry.followUps, past: now)
                entry.expiryWatch = Self.advance(entry.expiryWatch, past: now)
                if let check = entry.silenceCheck, check <= now { entry.silenceCheck = nil }
                state.entries[name] = entry
            }
            return due
        }
    }

    /// Why `entry` is due: the earliest of what is due, a request (an event,
    /// a LACPDU, a resync) winning a tie with the routine poll. A request
    /// dates the news from when it was made; the other causes learn at the look.
    private static func look(_ name: String, _ entry: Entry, now: Instant) -> DueLook {
        var candidates = entry.requests.filter { $0.at <= now }.map { (at: $0.at, cause: $0.cause, learnedAt: $0.at) }
        if let series = entry.followUps, series.next <= now { candidates.append((series.next, .lacpduHint, now)) }
        if let series = entry.expiryWatch, series.next <= now { candidates.append((series.next, .expiryWatch, now)) }
        if let check = entry.silenceCheck, check <= now { candidates.append((check, .expiryWatch, now)) }
        if entry.nextPoll <= now { candidates.append((entry.nextPoll, .poll, now)) }
        let first = candidates.min { ($0.at, $0.cause == .poll ? 1 : 0) < ($1.at, $1.cause == .poll ? 1 : 0) }
        return DueLook(name: name, cause: first?.cause ?? .poll, learnedAt: first?.learnedAt ?? now)
    }

    private static func advance(_ series: Series?, past now: Instant) -> Series? {
        guard var series, series.next <= now else { return series }
        while series.next <= now { series.next += series.step }
        return series.next <= series.end ? series : nil
    }

    private static func wakeIfEarlier(_ instant: Instant, _ state: inout State) {
        guard let waiter = state.waiter, instant < waiter.deadline else { return }
        waiter.wake.resume()
        state.waiter = nil
    }
}

/// Why a PF is looked at.
public enum LookCause: String, CaseIterable, Sendable {
    /// Its polling interval came round.
    case poll
    /// A netlink link notification about it or its master.
    case linkEvent = "link_event"
    /// A LACPDU arrived (with news), or the close follow-ups after one.
    case lacpduHint = "lacpdu_hint"
    /// The watch around the instant the kernel's LACP receive timer would
    /// expire, the LACPDU timeout's silence check, or an early verdict's
    /// confirmation.
    case expiryWatch = "expiry_watch"
    /// Every PF read again: at start, after lost or undecodable events, or a
    /// new subscription.
    case resync
}

/// A look that is due: which PF, why, and since when the daemon knows there
/// may be news (for the reaction time).
public struct DueLook: Equatable, Sendable {
    public var name: String
    public var cause: LookCause
    public var learnedAt: ContinuousClock.Instant

    public init(name: String, cause: LookCause, learnedAt: ContinuousClock.Instant) {
        self.name = name
        self.cause = cause
        self.learnedAt = learnedAt
    }
}
