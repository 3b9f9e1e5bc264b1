#if _endian(big)
#error("netlink uses host byte order; this codec is written for little-endian hosts")
#endif

/// Bounds-checked reads of host-order integers from a byte slice.
///
/// Netlink structures are in the host's byte order; every read checks that the
/// bytes are there and reports `what` it was reading when they are not.
public struct ByteCursor: Sendable {
    public private(set) var remaining: ArraySlice<UInt8>

    public init(_ bytes: ArraySlice<UInt8>) { remaining = bytes }

    public var isAtEnd: Bool { remaining.isEmpty }

    public mutating func bytes(_ count: Int, what: String) throws(NetlinkError) -> ArraySlice<UInt8> {
        guard count >= 0, remaining.count >= count else {
            throw .truncated(what: what, need: count, have: remaining.count)
        }
        let taken = remaining.prefix(count)
        remaining = remaining.dropFirst(count)
        return taken
    }

    public mutating func skip(_ count: Int, what: String) throws(NetlinkError) {
        _ = try bytes(count, what: what)
    }

    public mutating func uint8(_ what: String) throws(NetlinkError) -> UInt8 {
        let byte = try bytes(1, what: what)
        return byte[byte.startIndex]
    }

    public mutating func uint16(_ what: String) throws(NetlinkError) -> UInt16 {
        UInt16(truncatingIfNeeded: Self.compose(try bytes(2, what: what)))
    }

    public mutating func uint32(_ what: String) throws(NetlinkError) -> UInt32 {
        UInt32(truncatingIfNeeded: Self.compose(try bytes(4, what: what)))
    }

    public mutating func int32(_ what: String) throws(NetlinkError) -> Int32 {
        Int32(bitPattern: try uint32(what))
    }

    public mutating func uint64(_ what: String) throws(NetlinkError) -> UInt64 {
        Self.compose(try bytes(8, what: what))
    }

    static func compose(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var value: UInt64 = 0
        for (shift, byte) in bytes.enumerated() { value |= UInt64(byte) << (8 * UInt64(shift)) }
        return value
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` in host byte order.
    public mutating func append<T: FixedWidthInteger>(hostOrder value: T) {
        var v = value
        for _ in 0..<(T.bitWidth / 8) {
            append(UInt8(truncatingIfNeeded: v))
            v = v >> 8
        }
    }

    /// Pads with zero bytes up to the next multiple of 4 (NLMSG_ALIGN / NLA_ALIGN).
    public mutating func padToAlignment() {
        while count % 4 != 0 { append(0) }
    }
}

/// NLMSG_ALIGN and NLA_ALIGN: lengths are rounded up to 4 bytes.
@inline(__always) public func netlinkAlign(_ length: Int) -> Int { (length + 3) & ~3 }
