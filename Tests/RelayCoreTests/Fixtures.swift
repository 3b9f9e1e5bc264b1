import LinkConstants
import RelayCore

let up: LACPPortState = [.activity, .timeout, .aggregation, .synchronization, .collecting, .distributing]

/// A PF that is the port of an 802.3ad bond, LACP up unless told otherwise.
func readyPF(
    name: String = "ens1f0", index: Int32 = 7, actor: LACPPortState = up, partner: LACPPortState = up,
    vfs: [VFLinkState?] = [.auto, .auto], rate: LACPRate = .fast
) -> PFObservation {
    PFObservation(
        name: name, index: index, operState: .up,
        master: MasterObservation(index: 9, name: "bond0", kind: "bond", bondMode: .ieee8023AD, lacpRate: rate),
        slaveKind: "bond", actorState: actor, partnerState: partner,
        vfs: vfs.enumerated().map { VF(id: UInt32($0.offset), linkState: $0.element) }
    )
}
