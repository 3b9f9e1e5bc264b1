// Constants of <linux/if_link.h> and <linux/if.h> this project uses, with their C names.

/// Link attributes (enum IFLA_*).
public enum IFLA {
    public static let address: UInt16 = 1
    public static let ifname: UInt16 = 3
    public static let mtu: UInt16 = 4
    public static let master: UInt16 = 10
    public static let operstate: UInt16 = 16
    public static let linkinfo: UInt16 = 18
    public static let numVF: UInt16 = 21
    public static let vfinfoList: UInt16 = 22
    public static let extMask: UInt16 = 29
}

/// Attributes nested in IFLA_LINKINFO (IFLA_INFO_*).
public enum IFLA_INFO {
    public static let kind: UInt16 = 1
    public static let data: UInt16 = 2
    public static let slaveKind: UInt16 = 4
    public static let slaveData: UInt16 = 5
}

/// Bond master attributes nested in IFLA_INFO_DATA (IFLA_BOND_*).
public enum IFLA_BOND {
    public static let mode: UInt16 = 1
    public static let miimon: UInt16 = 3
    public static let adLacpRate: UInt16 = 21
}

/// Bond slave attributes nested in IFLA_INFO_SLAVE_DATA (IFLA_BOND_SLAVE_*).
public enum IFLA_BOND_SLAVE {
    public static let state: UInt16 = 1
    public static let miiStatus: UInt16 = 2
    public static let adAggregatorID: UInt16 = 6
    /// u8
    public static let adActorOperPortState: UInt16 = 7
    /// u16
    public static let adPartnerOperPortState: UInt16 = 8
}

/// IFLA_VF_INFO, the only attribute in IFLA_VFINFO_LIST.
public enum IFLA_VF_INFO {
    public static let info: UInt16 = 1
}

/// Attributes nested in IFLA_VF_INFO (IFLA_VF_*).
public enum IFLA_VF {
    /// struct ifla_vf_mac { __u32 vf; __u8 mac[32]; }
    public static let mac: UInt16 = 1
    /// struct ifla_vf_link_state { __u32 vf; __u32 link_state; }
    public static let linkState: UInt16 = 5
}

/// IFLA_VF_LINK_STATE_* values.
public enum VFLinkState: UInt32, Sendable, CaseIterable {
    /// Follow the PF's link.
    case auto = 0
    /// Always up.
    case enable = 1
    /// Always down.
    case disable = 2
}

/// IF_OPER_* (RFC 2863 operational status, IFLA_OPERSTATE).
public enum OperState: UInt8, Sendable {
    case unknown = 0
    case notPresent = 1
    case down = 2
    case lowerLayerDown = 3
    case testing = 4
    case dormant = 5
    case up = 6
}
