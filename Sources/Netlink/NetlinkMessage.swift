/// One netlink message: its header and its payload (the bytes after the
/// header, up to nlmsg_len).
public struct NetlinkMessage: Equatable, Sendable {
    public var header: NetlinkHeader
    public var payload: ArraySlice<UInt8>

    public init(type: UInt16, flags: UInt16, sequence: UInt32 = 0, portID: UInt32 = 0, payload: [UInt8]) {
        header = NetlinkHeader(
            length: UInt32(NetlinkHeader.length + payload.count),
            type: type, flags: flags, sequence: sequence, portID: portID
        )
        self.payload = payload[...]
    }

    public init(header: NetlinkHeader, payload: ArraySlice<UInt8>) {
        self.header = header
        self.payload = payload
    }

    public static func == (lhs: NetlinkMessage, rhs: NetlinkMessage) -> Bool {
        lhs.header == rhs.header && lhs.payload.elementsEqual(rhs.payload)
    }

    /// The message as it goes on the wire, padded to 4 bytes.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(netlinkAlign(NetlinkHeader.length + payload.count))
        var header = self.header
        header.length = UInt32(NetlinkHeader.length + payload.count)
        header.encode(into: &bytes)
        bytes.append(contentsOf: payload)
        bytes.padToAlignment()
        return bytes
    }

    /// Splits one received datagram into its messages (NLMSG_OK / NLMSG_NEXT).
    public static func decodeAll(_ datagram: ArraySlice<UInt8>) throws(NetlinkError) -> [NetlinkMessage] {
        var messages: [NetlinkMessage] = []
        var cursor = ByteCursor(datagram)
        while !cursor.isAtEnd {
            let available = cursor.remaining.count
            var headerCursor = ByteCursor(try cursor.bytes(NetlinkHeader.length, what: "netlink message header"))
            let header = try NetlinkHeader(decoding: &headerCursor)
            let length = Int(header.length)
            guard length >= NetlinkHeader.length else {
                throw .malformed(what: "netlink message", detail: "nlmsg_len \(length) is shorter than its header")
            }
            guard length <= available else {
                throw .truncated(what: "netlink message of type \(header.type)", need: length, have: available)
            }
            let payload = try cursor.bytes(length - NetlinkHeader.length, what: "netlink message payload")
            try cursor.skip(min(netlinkAlign(length) - length, cursor.remaining.count), what: "message padding")
            messages.append(NetlinkMessage(header: header, payload: payload))
        }
        return messages
    }

    public static func decodeAll(_ datagram: [UInt8]) throws(NetlinkError) -> [NetlinkMessage] {
        try decodeAll(datagram[...])
    }
}
