/// What one look at a PF found and decided, after its VF changes were made.
/// The monitor returns it; the evaluation loop hands it to the schedule and the
/// link directory, so the monitor itself writes to neither.
public struct Evaluation: Equatable, Sendable {
    public var name: String
    /// nil when the PF was not found or could not be read.
    public var observation: PFObservation?
    public var readiness: Readiness
    /// LACP up or down as the relay now treats it (nil: not known, the PF is
    /// not ready).
    public var lacpUp: Bool?
    /// Look again at this instant (an early verdict waits for confirmation).
    public var lookAgainAt: ContinuousClock.Instant?
    /// The last LACPDU the PF's tap saw, read once the VF changes were made.
    public var lastLACPDU: ContinuousClock.Instant?
    /// What the look told (transitions, VF changes made and failed), in order.
    public var events: [RelayEvent] = []
    /// The VF changes asked of the kernel, and when it confirmed those it made.
    public var vfChanges: [VFChange] = []
    public var vfChangesConfirmed: Set<UInt32> = []
    public var vfChangesConfirmedAt: ContinuousClock.Instant?

    public init(
        name: String, observation: PFObservation?, readiness: Readiness, lacpUp: Bool? = nil,
        lookAgainAt: ContinuousClock.Instant? = nil, lastLACPDU: ContinuousClock.Instant? = nil
    ) {
        self.name = name
        self.observation = observation
        self.readiness = readiness
        self.lacpUp = lacpUp
        self.lookAgainAt = lookAgainAt
        self.lastLACPDU = lastLACPDU
    }
}

extension EvaluationSchedule {
    /// Plans the next looks at a PF from what the last one found: the asked-for
    /// confirmation look, the expiry watch's timeout from the port's LACP rate,
    /// and close follow-ups while LACP is down shortly after a LACPDU.
    public func record(_ evaluation: Evaluation, now: Instant = .now) {
        let name = evaluation.name
        if let again = evaluation.lookAgainAt { request(name, at: again, cause: .expiryWatch) }
        guard evaluation.readiness.isReady, let pf = evaluation.observation else { return }
        setExpiryTimeout(name, pf.lacpRate == .slow ? .seconds(90) : .seconds(3))
        if evaluation.lacpUp == false {
            followUpIfRecentLACPDU(name, lastLACPDU: evaluation.lastLACPDU, now: now)
        } else {
            settle(name)
        }
    }
}

extension LinkDirectory {
    /// Records where the evaluated PF is and whether it is ready.
    public func record(_ evaluation: Evaluation) {
        update(evaluation.name, observation: evaluation.observation, ready: evaluation.readiness.isReady)
    }
}
