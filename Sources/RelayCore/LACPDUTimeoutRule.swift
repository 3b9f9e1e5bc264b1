/// The opt-in early verdict on one PF (`--lacpdu-timeout`): LACP is treated as
/// down once no LACPDU has arrived for `timeout`, before the kernel's own
/// verdict, which waits for three missed fast-rate LACPDUs (3 s).
///
/// Down early, up carefully. The early verdict only ever takes VFs down. After
/// it, the kernel's "up" is believed again only once LACPDUs have arrived on
/// time for a whole kernel receive timeout (so the kernel's state rests on
/// LACPDUs sent after the silence; a lone late LACPDU does not do), or once the
/// kernel itself has gone down and come back. Before the PF's tap has seen a
/// LACPDU, nothing is decided on a kernel "up" (a restart during a silence must
/// not re-enable VFs an earlier verdict disabled); a kernel "down" always counts.
///
/// The rule needs a partner that sends every second: it suspends itself while
/// the bond or the partner uses the slow rate.
public struct LACPDUTimeoutRule: Equatable, Sendable {
    public typealias Instant = ContinuousClock.Instant

    /// The kernel's own verdict comes 3 s after the last LACPDU.
    public static let kernelTimeout: Duration = .seconds(3)

    public enum Suspension: Equatable, Sendable, CustomStringConvertible {
        /// The bond uses the slow rate: the partner sends every 30 s.
        case slowBond
        /// The partner sends at the slow rate although the bond asks for the fast one.
        case slowPartner

        public var description: String {
            switch self {
            case .slowBond: "the bond uses the slow lacp rate"
            case .slowPartner: "the partner sends LACPDUs at the slow rate"
            }
        }
    }

    public enum Verdict: Equatable, Sendable {
        /// The kernel's LACP state decides.
        case kernel
        /// LACP is down: no LACPDU for this long.
        case silent(Duration)
        /// Held down after an early verdict while the kernel says up; the
        /// kernel is believed from `until` on if LACPDUs keep arriving on time
        /// (nil: waiting for the first LACPDU after the silence).
        case confirming(until: Instant?)
        /// The kernel says up but the tap has not seen a LACPDU yet: no change.
        case undecided
    }

    public struct Judgement: Equatable, Sendable {
        public var verdict: Verdict
        /// Set when the suspension changed with this look (nil inside: resumed).
        public var suspensionChange: Suspension??
        /// The kernel went down after an early verdict this long after it.
        public var kernelConfirmedAfter: Duration?
    }

    public let timeout: Duration
    public private(set) var suspension: Suspension?
    /// When silence was last found (the early verdict holds while set).
    private var silenceFoundAt: Instant?
    /// The first LACPDU after the last silence.
    private var onTimeSince: Instant?
    /// When the early verdict was first given, for the kernel's confirmation.
    private var verdictAt: Instant?

    public init(timeout: Duration) { self.timeout = timeout }

    /// One look: `kernelUp` by the kernel's rule; `bondFastRate` from the
    /// bond's lacp_rate and the actor's timeout bit; `unread` asks whether a
    /// LACPDU waits unread in the tap (only asked before a verdict of silence).
    public mutating func judge(
        kernelUp: Bool, bondFastRate: Bool, watch: LACPDUWatch, unread: () -> Bool, now: Instant
    ) -> Judgement {
        var last: LACPDUSighting?
        if case let .watching(sighting) = watch { last = sighting }
        let suspended: Suspension? = !bondFastRate ? .slowBond : (last.map { !$0.partnerFastRate } == true ? .slowPartner : nil)
        var judgement = Judgement(verdict: .kernel)
        if suspended != suspension { judgement.suspensionChange = .some(suspended) }
        suspension = suspended

        guard kernelUp else {
            if let verdictAt { judgement.kernelConfirmedAfter = now - verdictAt }
            forgetVerdict()
            return judgement
        }
        if suspension == nil, let last, now - last.at >= timeout, !unread() {
            silenceFoundAt = now
            onTimeSince = nil
            if verdictAt == nil { verdictAt = now }
            judgement.verdict = .silent(now - last.at)
            return judgement
        }
        if let silenceFoundAt {
            if case .unavailable = watch {
                // No tap, no proof either way: the kernel decides again.
                forgetVerdict()
                return judgement
            }
            guard let last, last.at > silenceFoundAt else {
                judgement.verdict = .confirming(until: nil)
                return judgement
            }
            let since = onTimeSince ?? last.at
            onTimeSince = since
            if now - since < Self.kernelTimeout {
                judgement.verdict = .confirming(until: since + Self.kernelTimeout)
                return judgement
            }
            forgetVerdict()
            return judgement
        }
        if bondFastRate, last == nil, watch != .unavailable { judgement.verdict = .undecided }
        return judgement
    }

    private mutating func forgetVerdict() {
        silenceFoundAt = nil
        onTimeSince = nil
        verdictAt = nil
    }
}
