public import LinkConstants

/// A VF link state to set.
public struct VFChange: Equatable, Sendable {
    public var id: UInt32
    public var target: VFLinkState

    public init(id: UInt32, target: VFLinkState) {
        self.id = id
        self.target = target
    }
}

/// The relay rule. LACP down: every `auto` VF becomes `disable`, so the pod's
/// bond fails over. LACP up: every `disable` VF goes back to `auto`. `enable`
/// VFs, and states this code does not know, are never touched.
///
/// Level-triggered: applied to whatever the VFs are now, so a VF that another
/// tool flipped back is corrected on the next evaluation.
public func relayDecision(lacpUp: Bool, vfs: [VF]) -> [VFChange] {
    let (from, to): (VFLinkState, VFLinkState) = lacpUp ? (.disable, .auto) : (.auto, .disable)
    return vfs.filter { $0.linkState == from }.map { VFChange(id: $0.id, target: to) }
}
