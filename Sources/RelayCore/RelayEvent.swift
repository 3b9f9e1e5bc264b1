/// Something worth telling the operator about a PF. Each becomes one log line
/// with upstream's message and attribute keys.
public enum RelayEvent: Equatable, Sendable {
    case pfReady(interface: String)
    case pfNotReady(interface: String, reason: NotReadyReason)
    case lacpUp(interface: String)
    case lacpDown(interface: String)
    case slowLACPRate(interface: String)
    case noVFs(interface: String)
    case vfsDetected(interface: String, count: Int)
    case vfLinkStateSet(interface: String, id: UInt32, state: VFLinkStateValue)
    case vfLinkStateFailed(interface: String, id: UInt32, error: String)
}
