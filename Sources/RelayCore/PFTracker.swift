/// The daemon's memory of one PF between evaluations, so that transitions are
/// told once and not on every poll.
///
/// A value type driven by observations: `observe` returns what to log and
/// which VFs to change; `applied` records what the kernel did with the changes.
public struct PFTracker: Sendable {
    public let name: String
    public private(set) var readiness: Readiness?
    public private(set) var lacpUp: Bool?
    public private(set) var vfCount: Int?
    private var warnedSlowRate = false
    /// The opt-in early verdict (nil: the kernel's rule alone).
    private var timeoutRule: LACPDUTimeoutRule?
    /// The last failure logged per VF, so a failure that repeats on every
    /// retry is logged once, and again only when its error changes.
    private var failures: [UInt32: String] = [:]

    public init(name: String, lacpduTimeout: Duration? = nil) {
        self.name = name
        timeoutRule = lacpduTimeout.map { LACPDUTimeoutRule(timeout: $0) }
    }

    public struct Plan: Equatable, Sendable {
        public var events: [RelayEvent] = []
        public var changes: [VFChange] = []
        /// Look again at this instant (an early verdict waits for confirmation).
        public var lookAgainAt: ContinuousClock.Instant?
    }

    public mutating func observe(_ observation: PFObservation?) -> Plan {
        observe(observation, readiness: Readiness(of: observation))
    }

    /// `readiness` is normally derived from `observation`; a read error passes
    /// `.notReady(.unreadable)`. `watch` and `unread` are what the PF's LACPDU
    /// tap knows, for the early verdict.
    public mutating func observe(
        _ observation: PFObservation?, readiness newReadiness: Readiness,
        watch: LACPDUWatch = .pending, unread: () -> Bool = { false }, now: ContinuousClock.Instant = .now
    ) -> Plan {
        var plan = Plan()
        if newReadiness != readiness {
            switch newReadiness {
            case .ready: plan.events.append(.pfReady(interface: name))
            case let .notReady(reason): plan.events.append(.pfNotReady(interface: name, reason: reason))
            }
        }
        readiness = newReadiness
        guard newReadiness.isReady, let pf = observation, let actor = pf.actorState, let partner = pf.partnerState else {
            // Forget LACP and VF knowledge: when the PF comes back, tell it all again.
            lacpUp = nil
            vfCount = nil
            warnedSlowRate = false
            failures = [:]
            timeoutRule = timeoutRule.map { LACPDUTimeoutRule(timeout: $0.timeout) }
            return plan
        }

        if pf.master?.lacpRate == .slow {
            if !warnedSlowRate { plan.events.append(.slowLACPRate(interface: name)) }
            warnedSlowRate = true
        } else {
            warnedSlowRate = false
        }

        if pf.vfs.count != vfCount {
            plan.events.append(pf.vfs.isEmpty ? .noVFs(interface: name) : .vfsDetected(interface: name, count: pf.vfs.count))
            vfCount = pf.vfs.count
        }

        var up = isLACPUp(actor: actor, partner: partner)
        var reason = LACPDownReason.kernel
        if var rule = timeoutRule {
            let fastRate = pf.lacpRate == .fast
            let judgement = rule.judge(kernelUp: up, bondFastRate: fastRate, watch: watch, unread: unread, now: now)
            timeoutRule = rule
            if let change = judgement.suspensionChange {
                plan.events.append(change.map { .lacpduTimeoutSuspended(interface: name, reason: $0) } ?? .lacpduTimeoutResumed(interface: name))
            }
            if let after = judgement.kernelConfirmedAfter {
                plan.events.append(.lacpDownConfirmed(interface: name, after: after))
            }
            switch judgement.verdict {
            case .kernel:
                break
            case let .silent(silence):
                up = false
                reason = .lacpduTimeout(silence: silence, timeout: rule.timeout)
            case let .confirming(until):
                up = false
                plan.lookAgainAt = until
            case .undecided:
                // The kernel says up, the tap has seen nothing yet: change nothing.
                return plan
            }
        }
        if up != lacpUp { plan.events.append(up ? .lacpUp(interface: name) : .lacpDown(interface: name, reason: reason)) }
        lacpUp = up

        plan.changes = relayDecision(lacpUp: up, vfs: pf.vfs)
        let pending = Set(plan.changes.map(\.id))
        failures = failures.filter { pending.contains($0.key) }
        return plan
    }

    /// Records the outcome of `changes`: `confirmed` are the VFs the kernel now
    /// reports in their target state; the others failed with `error`.
    public mutating func applied(_ changes: [VFChange], confirmed: Set<UInt32>, error: String?) -> [RelayEvent] {
        var events: [RelayEvent] = []
        for change in changes {
            if confirmed.contains(change.id) {
                failures[change.id] = nil
                events.append(.vfLinkStateSet(interface: name, id: change.id, state: change.target))
            } else {
                let message = error ?? "the kernel did not apply the change"
                if failures[change.id] != message {
                    events.append(.vfLinkStateFailed(interface: name, id: change.id, error: message))
                }
                failures[change.id] = message
            }
        }
        return events
    }
}
