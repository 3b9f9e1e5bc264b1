// Constants of <linux/rtnetlink.h> this project uses, with their C names.

/// RTM_* message types for links.
public enum RTM {
    /// RTM_NEWLINK
    public static let newLink: UInt16 = 16
    /// RTM_DELLINK
    public static let delLink: UInt16 = 17
    /// RTM_GETLINK
    public static let getLink: UInt16 = 18
    /// RTM_SETLINK
    public static let setLink: UInt16 = 19
}

/// Multicast groups (enum rtnetlink_groups).
public enum RTNLGRP {
    /// RTNLGRP_LINK: link created, changed or deleted.
    public static let link: UInt32 = 1
}

/// IFLA_EXT_MASK filter bits (RTEXT_FILTER_*).
public enum RTEXT_FILTER {
    /// RTEXT_FILTER_VF: include the VF list.
    public static let vf: UInt32 = 1 << 0
    /// RTEXT_FILTER_SKIP_STATS: leave VF statistics out, keeping replies small.
    public static let skipStats: UInt32 = 1 << 3
}

/// NETLINK_ROUTE, the protocol of socket(AF_NETLINK, SOCK_RAW, protocol).
public let NETLINK_ROUTE: Int32 = 0
