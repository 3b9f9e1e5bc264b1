public import LinkConstants

/// What the kernel reports about a PF at one moment, in the product's terms.
public struct PFObservation: Equatable, Sendable {
    public var name: String
    public var index: Int32
    /// The RFC 2863 operational state.
    public var operState: OperState
    /// The PF's master, if it has one.
    public var master: MasterObservation?
    /// The kind of the PF's master as seen from the PF (IFLA_INFO_SLAVE_KIND).
    public var slaveKind: String?
    /// The LACP actor and partner states, reported only for ports of 802.3ad bonds.
    public var actorState: LACPPortState?
    public var partnerState: LACPPortState?
    public var vfs: [VF]

    /// The LACP rate the PF's port runs at, read here only: fast when the bond
    /// does not ask for slow and the port's actor state asks for short
    /// timeouts. nil without LACP state.
    public var lacpRate: LACPRate? {
        guard let actorState else { return nil }
        return master?.lacpRate != .slow && actorState.contains(.timeout) ? .fast : .slow
    }

    public init(
        name: String, index: Int32, operState: OperState, master: MasterObservation? = nil,
        slaveKind: String? = nil, actorState: LACPPortState? = nil, partnerState: LACPPortState? = nil,
        vfs: [VF] = []
    ) {
        self.name = name
        self.index = index
        self.operState = operState
        self.master = master
        self.slaveKind = slaveKind
        self.actorState = actorState
        self.partnerState = partnerState
        self.vfs = vfs
    }
}

/// The master of a PF.
public struct MasterObservation: Equatable, Sendable {
    public var index: Int32
    /// nil when the master vanished between the two reads.
    public var name: String?
    /// IFLA_INFO_KIND: "bond", "bridge", "team", "openvswitch", ...
    public var kind: String?
    public var bondMode: BondMode?
    public var lacpRate: LACPRate?

    public init(index: Int32, name: String?, kind: String?, bondMode: BondMode? = nil, lacpRate: LACPRate? = nil) {
        self.index = index
        self.name = name
        self.kind = kind
        self.bondMode = bondMode
        self.lacpRate = lacpRate
    }
}

/// One VF of a PF.
public struct VF: Equatable, Sendable {
    public var id: UInt32
    /// nil when the kernel reported a link state this code does not know.
    public var linkState: VFLinkState?

    public init(id: UInt32, linkState: VFLinkState?) {
        self.id = id
        self.linkState = linkState
    }
}
