// Constants of <linux/if_link.h> and <linux/if.h> this project uses, with their C names.

/// Link attributes (enum IFLA_*).
public enum IFLA {
    /// IFLA_ADDRESS: the link-layer (MAC) address.
    public static let address: UInt16 = 1
    /// IFLA_IFNAME
    public static let ifname: UInt16 = 3
    /// IFLA_MTU (u32)
    public static let mtu: UInt16 = 4
    /// IFLA_MASTER (u32 ifindex; 0 releases the link)
    public static let master: UInt16 = 10
    public static let operstate: UInt16 = 16
    public static let linkinfo: UInt16 = 18
    public static let numVF: UInt16 = 21
    public static let vfinfoList: UInt16 = 22
    /// IFLA_NET_NS_FD (u32): a descriptor of a network namespace file to move the link into.
    public static let netNsFd: UInt16 = 28
    public static let extMask: UInt16 = 29
    /// IFLA_CARRIER (u8): set through the driver's ndo_change_carrier, where it has one.
    public static let carrier: UInt16 = 33
    /// IFLA_PARENT_DEV_NAME (string): the device the link belongs to, e.g. a
    /// PCI address "0000:3b:02.0" (Linux 5.15 and later).
    public static let parentDeviceName: UInt16 = 56
    /// IFLA_PARENT_DEV_BUS_NAME (string): that device's bus, e.g. "pci".
    public static let parentDeviceBusName: UInt16 = 57
}

/// Interface flags of ifi_flags / ifi_change (IFF_* of <linux/if.h>).
public enum IFF {
    /// IFF_UP: administratively up.
    public static let up: UInt32 = 1 << 0
    /// IFF_LOWER_UP: the driver reports a carrier.
    public static let lowerUp: UInt32 = 1 << 16
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
    /// IFLA_BOND_MODE (u8)
    public static let mode: UInt16 = 1
    /// IFLA_BOND_ACTIVE_SLAVE (u32 ifindex)
    public static let activeSlave: UInt16 = 2
    /// IFLA_BOND_MIIMON (u32 ms)
    public static let miimon: UInt16 = 3
    /// IFLA_BOND_UPDELAY (u32 ms)
    public static let updelay: UInt16 = 4
    /// IFLA_BOND_DOWNDELAY (u32 ms)
    public static let downdelay: UInt16 = 5
    /// IFLA_BOND_ARP_INTERVAL (u32 ms)
    public static let arpInterval: UInt16 = 7
    /// IFLA_BOND_ARP_IP_TARGET: nested, entries typed 0, 1, 2, ... each a be32 IPv4 address.
    public static let arpIPTarget: UInt16 = 8
    /// IFLA_BOND_PRIMARY (u32 ifindex)
    public static let primary: UInt16 = 11
    /// IFLA_BOND_FAIL_OVER_MAC (u8)
    public static let failOverMac: UInt16 = 13
    /// IFLA_BOND_XMIT_HASH_POLICY (u8)
    public static let xmitHashPolicy: UInt16 = 14
    /// IFLA_BOND_ALL_SLAVES_ACTIVE (u8)
    public static let allSlavesActive: UInt16 = 17
    /// IFLA_BOND_AD_LACP_RATE (u8)
    public static let adLacpRate: UInt16 = 21
    /// IFLA_BOND_TLB_DYNAMIC_LB (u8)
    public static let tlbDynamicLb: UInt16 = 27
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

// The values of IFLA_VF_LINK_STATE, IFLA_OPERSTATE, IFLA_BOND_MODE and
// IFLA_BOND_AD_LACP_RATE are enums of LinkConstants (VFLinkState, OperState,
// BondMode, LACPRate), which the relay's domain and the CNI configuration share.
