/// struct nlmsghdr, and the NLMSG_* / NLM_F_* constants of <linux/netlink.h>.
public struct NetlinkHeader: Equatable, Sendable {
    /// sizeof(struct nlmsghdr).
    public static let length = 16

    /// nlmsg_len: header plus payload, without trailing padding.
    public var length: UInt32
    public var type: UInt16
    public var flags: UInt16
    public var sequence: UInt32
    /// nlmsg_pid: the sender's port ID (0 for the kernel).
    public var portID: UInt32

    public init(length: UInt32, type: UInt16, flags: UInt16, sequence: UInt32, portID: UInt32) {
        self.length = length
        self.type = type
        self.flags = flags
        self.sequence = sequence
        self.portID = portID
    }

    init(decoding cursor: inout ByteCursor) throws(NetlinkError) {
        length = try cursor.uint32("nlmsg_len")
        type = try cursor.uint16("nlmsg_type")
        flags = try cursor.uint16("nlmsg_flags")
        sequence = try cursor.uint32("nlmsg_seq")
        portID = try cursor.uint32("nlmsg_pid")
    }

    func encode(into bytes: inout [UInt8]) {
        bytes.append(hostOrder: length)
        bytes.append(hostOrder: type)
        bytes.append(hostOrder: flags)
        bytes.append(hostOrder: sequence)
        bytes.append(hostOrder: portID)
    }
}

/// Message types below NLMSG_MIN_TYPE, common to every netlink family.
public enum NLMSG {
    public static let noop: UInt16 = 1
    public static let error: UInt16 = 2
    public static let done: UInt16 = 3
    public static let overrun: UInt16 = 4
    /// NLMSG_MIN_TYPE: family-specific types start here.
    public static let minType: UInt16 = 0x10
}

/// nlmsg_flags.
public enum NLM_F {
    public static let request: UInt16 = 0x01
    public static let multi: UInt16 = 0x02
    public static let ack: UInt16 = 0x04
    public static let echo: UInt16 = 0x08
    public static let dumpInterrupted: UInt16 = 0x10
    public static let dumpFiltered: UInt16 = 0x20
    // Modifiers to GET requests.
    public static let root: UInt16 = 0x100
    public static let match: UInt16 = 0x200
    public static let dump: UInt16 = root | match
    // Modifiers to NEW requests.
    public static let replace: UInt16 = 0x100
    public static let excl: UInt16 = 0x200
    public static let create: UInt16 = 0x400
    // Flags of NLMSG_ERROR acknowledgements.
    public static let capped: UInt16 = 0x100
    public static let ackTLVs: UInt16 = 0x200
}
