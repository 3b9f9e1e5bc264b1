/// The bonding mode, by the names the kernel and Bond CNI use.
public enum BondMode: String, CaseIterable, Sendable {
    case balanceRR = "balance-rr"
    case activeBackup = "active-backup"
    case balanceXOR = "balance-xor"
    case broadcast
    case ieee8023ad = "802.3ad"
    case balanceTLB = "balance-tlb"
    case balanceALB = "balance-alb"

    /// IFLA_BOND_MODE (BOND_MODE_ROUNDROBIN 0 ... BOND_MODE_ALB 6).
    public var kernelValue: UInt8 {
        switch self {
        case .balanceRR: return 0
        case .activeBackup: return 1
        case .balanceXOR: return 2
        case .broadcast: return 3
        case .ieee8023ad: return 4
        case .balanceTLB: return 5
        case .balanceALB: return 6
        }
    }
}

/// The transmit hash policy (IFLA_BOND_XMIT_HASH_POLICY).
public enum XmitHashPolicy: String, CaseIterable, Sendable {
    case layer2
    case layer3plus4 = "layer3+4"
    case layer2plus3 = "layer2+3"
    case encap2plus3 = "encap2+3"
    case encap3plus4 = "encap3+4"
    case vlanSrcMAC = "vlan+srcmac"

    /// BOND_XMIT_POLICY_LAYER2 0 ... BOND_XMIT_POLICY_VLAN_SRCMAC 5.
    public var kernelValue: UInt8 {
        switch self {
        case .layer2: return 0
        case .layer3plus4: return 1
        case .layer2plus3: return 2
        case .encap2plus3: return 3
        case .encap3plus4: return 4
        case .vlanSrcMAC: return 5
        }
    }
}

/// How often the 802.3ad partner is asked to send LACPDUs (IFLA_BOND_AD_LACP_RATE).
public enum LACPRate: String, CaseIterable, Sendable {
    case slow, fast

    public var kernelValue: UInt8 { self == .slow ? 0 : 1 }
}
