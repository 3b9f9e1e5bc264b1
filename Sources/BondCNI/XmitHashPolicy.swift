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
