// Constants of <linux/rtnetlink.h> this project uses, with their C names.

/// RTM_* message types for links, addresses and routes.
public enum RTM {
    /// RTM_NEWLINK
    public static let newLink: UInt16 = 16
    /// RTM_DELLINK
    public static let delLink: UInt16 = 17
    /// RTM_GETLINK
    public static let getLink: UInt16 = 18
    /// RTM_SETLINK
    public static let setLink: UInt16 = 19
    /// RTM_NEWADDR
    public static let newAddr: UInt16 = 20
    /// RTM_DELADDR
    public static let delAddr: UInt16 = 21
    /// RTM_GETADDR
    public static let getAddr: UInt16 = 22
    /// RTM_NEWROUTE
    public static let newRoute: UInt16 = 24
    /// RTM_DELROUTE
    public static let delRoute: UInt16 = 25
    /// RTM_GETROUTE
    public static let getRoute: UInt16 = 26
}

/// Address families (AF_* of <sys/socket.h>) as ifa_family / rtm_family.
public enum AddressFamily {
    /// AF_UNSPEC: every family (in dumps).
    public static let unspecified: UInt8 = 0
    /// AF_INET
    public static let inet: UInt8 = 2
    /// AF_INET6
    public static let inet6: UInt8 = 10
}

/// Address attributes (IFA_* of <linux/if_addr.h>).
public enum IFA {
    /// IFA_ADDRESS: the prefix address (the peer on point-to-point links).
    public static let address: UInt16 = 1
    /// IFA_LOCAL: the local address (IPv4).
    public static let local: UInt16 = 2
}

/// Route attributes (enum rtattr_type_t, RTA_*).
public enum RTA {
    /// RTA_DST
    public static let dst: UInt16 = 1
    /// RTA_OIF (u32 ifindex)
    public static let oif: UInt16 = 4
    /// RTA_GATEWAY
    public static let gateway: UInt16 = 5
    /// RTA_PRIORITY (u32 metric)
    public static let priority: UInt16 = 6
    /// RTA_TABLE (u32), for table ids that do not fit rtm_table.
    public static let table: UInt16 = 15
}

/// Routing table ids (RT_TABLE_*).
public enum RT_TABLE {
    /// RT_TABLE_UNSPEC
    public static let unspec: UInt32 = 0
    /// RT_TABLE_MAIN
    public static let main: UInt32 = 254
}

/// Route origins (rtm_protocol, RTPROT_*).
public enum RTPROT {
    /// RTPROT_UNSPEC
    public static let unspec: UInt8 = 0
    /// RTPROT_KERNEL: added by the kernel with an address.
    public static let kernel: UInt8 = 2
    /// RTPROT_BOOT: added by an administrator or tool.
    public static let boot: UInt8 = 3
}

/// Route scopes (rtm_scope / ifa_scope, RT_SCOPE_*).
public enum RT_SCOPE {
    /// RT_SCOPE_UNIVERSE: reached through a gateway, or global.
    public static let universe: UInt8 = 0
    /// RT_SCOPE_LINK: directly on the link.
    public static let link: UInt8 = 253
    /// RT_SCOPE_HOST
    public static let host: UInt8 = 254
    /// RT_SCOPE_NOWHERE: in a delete request, "any scope".
    public static let nowhere: UInt8 = 255
}

/// Route types (rtm_type, RTN_*).
public enum RTN {
    /// RTN_UNSPEC: in a delete request, "any type".
    public static let unspec: UInt8 = 0
    /// RTN_UNICAST
    public static let unicast: UInt8 = 1
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
