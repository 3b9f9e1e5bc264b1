public import LinkConstants

/// Something worth telling the operator about a PF. Each becomes one log line
/// with upstream's message and attribute keys.
public enum RelayEvent: Equatable, Sendable {
    case pfReady(interface: String)
    case pfNotReady(interface: String, reason: NotReadyReason)
    case lacpUp(interface: String)
    case lacpDown(interface: String, reason: LACPDownReason)
    /// The kernel's LACP went down after an early verdict (it was right).
    case lacpDownConfirmed(interface: String, after: Duration)
    case lacpduTimeoutSuspended(interface: String, reason: LACPDUTimeoutRule.Suspension)
    case lacpduTimeoutResumed(interface: String)
    case slowLACPRate(interface: String)
    case noVFs(interface: String)
    case vfsDetected(interface: String, count: Int)
    case vfLinkStateSet(interface: String, id: UInt32, state: VFLinkState)
    case vfLinkStateFailed(interface: String, id: UInt32, error: String)
}

/// Why the daemon holds a PF's LACP down.
public enum LACPDownReason: Equatable, Sendable {
    /// The kernel's actor or partner state is not operational.
    case kernel
    /// No LACPDU arrived for `silence` (at least `timeout`), while the kernel
    /// still said up.
    case lacpduTimeout(silence: Duration, timeout: Duration)
}
