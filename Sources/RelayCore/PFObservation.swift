/// What the kernel reports about a PF at one moment, in the product's terms.
public struct PFObservation: Equatable, Sendable {
    public var name: String
    public var index: Int32
    /// The RFC 2863 operational state by name ("up", "down", ...).
    public var operState: String
    /// The PF's master, if it has one.
    public var master: MasterObservation?
    /// The kind of the PF's master as seen from the PF (IFLA_INFO_SLAVE_KIND).
    public var slaveKind: String?
    /// The LACP actor and partner states, reported only for ports of 802.3ad bonds.
    public var actorState: LACPPortState?
    public var partnerState: LACPPortState?
    public var vfs: [VF]

    public init(
        name: String, index: Int32, operState: String, master: MasterObservation? = nil,
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

/// Bonding modes (BOND_MODE_*), named as iproute2 and sysfs name them.
public enum BondMode: UInt8, Sendable, CustomStringConvertible {
    case balanceRR = 0, activeBackup, balanceXOR, broadcast, ieee8023AD, balanceTLB, balanceALB

    public var description: String {
        switch self {
        case .balanceRR: "balance-rr"
        case .activeBackup: "active-backup"
        case .balanceXOR: "balance-xor"
        case .broadcast: "broadcast"
        case .ieee8023AD: "802.3ad"
        case .balanceTLB: "balance-tlb"
        case .balanceALB: "balance-alb"
        }
    }
}

/// How often the bond asks its partner for LACPDUs.
public enum LACPRate: UInt8, Sendable, CustomStringConvertible {
    /// Every 30 seconds; a failure takes 90 seconds to detect.
    case slow = 0
    /// Every second; a failure takes 3 seconds to detect.
    case fast = 1

    public var description: String { self == .slow ? "slow" : "fast" }
}

/// A VF link state (IFLA_VF_LINK_STATE_*).
public enum VFLinkStateValue: String, Sendable, Equatable, CaseIterable {
    case auto, enable, disable
}

/// One VF of a PF.
public struct VF: Equatable, Sendable {
    public var id: UInt32
    /// nil when the kernel reported a link state this code does not know.
    public var linkState: VFLinkStateValue?

    public init(id: UInt32, linkState: VFLinkStateValue?) {
        self.id = id
        self.linkState = linkState
    }
}
