public import Logging

/// Evaluates PFs: reads one through `LinkAccess`, decides, sets its VFs, and
/// logs transitions. Called by one loop at a time (an actor so that holds).
public actor Monitor {
    private let access: any LinkAccess
    private let schedule: EvaluationSchedule
    private let directory: LinkDirectory
    private let logger: Logger
    private let sightings: (any LACPDUSightings)?
    private var trackers: [String: PFTracker]

    /// `lacpduTimeout` turns the early verdict on; it reads `sightings`.
    public init(
        access: any LinkAccess, schedule: EvaluationSchedule, directory: LinkDirectory, logger: Logger,
        lacpduTimeout: Duration? = nil, sightings: (any LACPDUSightings)? = nil
    ) {
        self.access = access
        self.schedule = schedule
        self.directory = directory
        self.logger = logger
        self.sightings = sightings
        trackers = Dictionary(uniqueKeysWithValues: schedule.names.map { ($0, PFTracker(name: $0, lacpduTimeout: lacpduTimeout)) })
    }

    /// The tracker of `name` (for tests and `check`).
    public func tracker(_ name: String) -> PFTracker? { trackers[name] }

    /// Looks at `name` once and applies the relay rule.
    public func evaluate(_ name: String) async {
        guard var tracker = trackers[name] else { return }
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
        let plan = tracker.observe(
            observation, readiness: readiness, watch: watch,
            unread: { sightings.map { $0.hasUnread(name) || $0.watch(name) != watch } ?? false }
        )
        if let again = plan.lookAgainAt { schedule.request(name, at: again) }
        plan.events.forEach { $0.log(to: logger) }
        directory.update(name, observation: observation, ready: readiness.isReady)

        if readiness.isReady, let pf = observation {
            let fastRate = pf.lacpRate != .slow
            schedule.setExpiryTimeout(name, fastRate ? .seconds(3) : .seconds(90))
            if !plan.changes.isEmpty {
                await apply(plan.changes, to: pf, tracker: &tracker)
            }
            if tracker.lacpUp == false {
                schedule.followUpIfRecentLACPDU(name)
            } else {
                schedule.settle(name)
            }
        }
        trackers[name] = tracker
    }

    private func apply(_ changes: [VFChange], to pf: PFObservation, tracker: inout PFTracker) async {
        var confirmed = Set(changes.map(\.id))
        var failure: String?
        do {
            try await access.setVFLinkStates(changes, on: pf)
        } catch {
            // The kernel stops at the first failing VF; what came before it was
            // applied. Read the PF again to know which.
            failure = String(describing: error)
            let targets = Dictionary(uniqueKeysWithValues: changes.map { ($0.id, $0.target) })
            let now = try? await access.observe(pf: pf.name)
            confirmed = Set((now?.vfs ?? []).filter { vf in vf.linkState != nil && targets[vf.id] == vf.linkState }.map(\.id))
        }
        tracker.applied(changes, confirmed: confirmed, error: failure).forEach { $0.log(to: logger) }
    }
}
