public import Netlink

/// struct ifinfomsg: the fixed part of every link message.
public struct InterfaceInfoHeader: Equatable, Sendable {
    /// sizeof(struct ifinfomsg).
    public static let length = 16

    /// ifi_family (AF_UNSPEC for links).
    public var family: UInt8 = 0
    /// ifi_type (ARPHRD_*).
    public var deviceType: UInt16 = 0
    /// ifi_index; 0 in a request means "look the link up by name".
    public var index: Int32 = 0
    /// ifi_flags (IFF_*).
    public var flags: UInt32 = 0
    /// ifi_change.
    public var change: UInt32 = 0

    public init(index: Int32 = 0) { self.index = index }

    public init(decoding cursor: inout ByteCursor) throws(NetlinkError) {
        family = try cursor.uint8("ifinfomsg.ifi_family")
        try cursor.skip(1, what: "ifinfomsg padding")
        deviceType = try cursor.uint16("ifinfomsg.ifi_type")
        index = try cursor.int32("ifinfomsg.ifi_index")
        flags = try cursor.uint32("ifinfomsg.ifi_flags")
        change = try cursor.uint32("ifinfomsg.ifi_change")
    }

    public func encode(into bytes: inout [UInt8]) {
        bytes.append(family)
        bytes.append(0)
        bytes.append(hostOrder: deviceType)
        bytes.append(hostOrder: index)
        bytes.append(hostOrder: flags)
        bytes.append(hostOrder: change)
    }
}
