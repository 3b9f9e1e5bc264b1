public import Logging

/// Evaluates PFs: reads one through `LinkAccess`, decides with its tracker,
/// sets its VFs, logs transitions, and returns what it found as an
/// `Evaluation`. It schedules nothing itself: the caller applies the result.
///
/// A value owned by the one loop that evaluates PFs, one after another, so a
/// PF's evaluations never overlap and its tracker is changed in place.
public struct Monitor: Sendable {
    private let access: any LinkAccess
    private let logger: Logger
    private let sightings: (any LACPDUSightings)?
    private var trackers: [String: PFTracker]

    /// `lacpduTimeout` turns the early verdict on; it reads `sightings`.
    public init(
        names: [String], access: any LinkAccess, logger: Logger,
        lacpduTimeout: Duration? = nil, sightings: (any LACPDUSightings)? = nil
    ) {
        self.access = access
        self.logger = logger
        self.sightings = sightings
        trackers = Dictionary(uniqueKeysWithValues: names.map { ($0, PFTracker(name: $0, lacpduTimeout: lacpduTimeout)) })
    }

    /// Looks at `name` once and applies the relay rule; nil for a PF that is
    /// not configured.
    public mutating func evaluate(_ name: String) async -> Evaluation? {
        guard trackers[name] != nil else { return nil }
        let observation: PFObservation?
        let readiness: Readiness
        do {
            observation = try await access.observe(pf: name)
            readiness = Readiness(of: observation)
        } catch {
            observation = nil
            readiness = .notReady(.unreadable(String(describing: error)))
        }
        logger.debug("pf looked at", metadata: ["interface": "\(name)"])
        let sightings = self.sightings
        let watch = sightings?.watch(name) ?? .unavailable
        // Before a verdict of silence: a LACPDU that arrived but is still in
        // the tap, or was recorded since `watch` was read, is no silence.
        guard let plan = trackers[name]?.observe(
            observation, readiness: readiness, watch: watch,
            unread: { sightings.map { $0.hasUnread(name) || $0.watch(name) != watch } ?? false }
        ) else { return nil }
        plan.events.forEach { $0.log(to: logger) }
        var events = plan.events
        var confirmed: Set<UInt32> = []
        var confirmedAt: ContinuousClock.Instant?

        if readiness.isReady, let pf = observation, !plan.changes.isEmpty {
            let failure: String?
            (confirmed, failure) = await apply(plan.changes, to: pf)
            if !confirmed.isEmpty { confirmedAt = .now }
            let outcome = trackers[name]?.applied(plan.changes, confirmed: confirmed, error: failure) ?? []
            outcome.forEach { $0.log(to: logger) }
            events += outcome
        }
        var evaluation = Evaluation(
            name: name, observation: observation, readiness: readiness, lacpUp: trackers[name]?.lacpUp,
            lookAgainAt: plan.lookAgainAt, lastLACPDU: sightings?.watch(name).last?.at
        )
        evaluation.events = events
        evaluation.vfChanges = readiness.isReady && observation != nil ? plan.changes : []
        evaluation.vfChangesConfirmed = confirmed
        evaluation.vfChangesConfirmedAt = confirmedAt
        return evaluation
    }

    /// Sets the VFs; returns those the kernel confirmed and the error, if any.
    private func apply(_ changes: [VFChange], to pf: PFObservation) async -> (confirmed: Set<UInt32>, failure: String?) {
        do {
            try await access.setVFLinkStates(changes, on: pf)
            return (Set(changes.map(\.id)), nil)
        } catch {
            // The kernel stops at the first failing VF; what came before it was
            // applied. Read the PF again to know which.
            let targets = Dictionary(uniqueKeysWithValues: changes.map { ($0.id, $0.target) })
            let now = try? await access.observe(pf: pf.name)
            let confirmed = Set((now?.vfs ?? []).filter { vf in vf.linkState != nil && targets[vf.id] == vf.linkState }.map(\.id))
            return (confirmed, String(describing: error))
        }
    }
}
