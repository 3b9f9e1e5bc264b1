/// The last LACPDU the daemon's tap saw arrive on a PF.
public struct LACPDUSighting: Equatable, Sendable {
    public var at: ContinuousClock.Instant
    /// The partner sends LACPDUs every second: its view of our port (the
    /// LACPDU's partner state) asks for short timeouts, and that is what drives
    /// its periodic transmission (IEEE 802.1AX periodic machine).
    public var partnerFastRate: Bool

    public init(at: ContinuousClock.Instant, partnerFastRate: Bool) {
        self.at = at
        self.partnerFastRate = partnerFastRate
    }
}

/// What the daemon's tap on a PF can tell.
public enum LACPDUWatch: Equatable, Sendable {
    /// No tap has been opened on the PF yet (the daemon is starting, or the PF
    /// just became ready).
    case pending
    /// The tap is open; `last` is the last LACPDU seen since it opened.
    case watching(last: LACPDUSighting?)
    /// The tap could not be opened or stopped: only the kernel can tell.
    case unavailable

    /// The last LACPDU seen, if the tap is open and has seen one.
    public var last: LACPDUSighting? {
        if case let .watching(last) = self { last } else { nil }
    }
}

/// What the LACPDU taps know, read by the evaluation (thread-safe; the taps
/// write from their own threads).
public protocol LACPDUSightings: Sendable {
    func watch(_ name: String) -> LACPDUWatch
    /// A frame has reached `name`'s tap and is not yet recorded in `watch`
    /// (the tap's thread is late, e.g. on a loaded host).
    func hasUnread(_ name: String) -> Bool
}
