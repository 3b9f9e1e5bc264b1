/// The payload of NLMSG_ERROR (struct nlmsgerr) with its extended-ack TLVs,
/// and of a final NLMSG_DONE (an int error, then TLVs).
public struct KernelAck: Equatable, Sendable {
    /// NLMSGERR_ATTR_* (enum nlmsgerr_attrs).
    public enum Attr {
        public static let msg: UInt16 = 1
        public static let offset: UInt16 = 2
        public static let cookie: UInt16 = 3
    }

    /// 0 for an acknowledgement, otherwise the (positive) errno.
    public var errno: Int32
    /// NLMSGERR_ATTR_MSG: the kernel's explanation, when extended acks are on.
    public var message: String?
    /// NLMSGERR_ATTR_OFFS: offset in the request of the attribute at fault.
    public var offset: UInt32?

    public init(errno: Int32, message: String? = nil, offset: UInt32? = nil) {
        self.errno = errno
        self.message = message
        self.offset = offset
    }

    /// Decodes an NLMSG_ERROR message.
    public init(decodingError message: NetlinkMessage) throws(NetlinkError) {
        var cursor = ByteCursor(message.payload)
        let error = try cursor.int32("nlmsgerr.error")
        errno = error == Int32.min ? Int32.max : -error
        // The request's header follows; with NLM_F_CAPPED only the header, otherwise the whole request.
        var requestHeader = ByteCursor(try cursor.bytes(NetlinkHeader.length, what: "nlmsgerr.msg"))
        let requestLength = Int(try requestHeader.uint32("nlmsgerr.msg.nlmsg_len"))
        if message.header.flags & NLM_F.capped == 0, requestLength > NetlinkHeader.length {
            try cursor.skip(netlinkAlign(requestLength) - NetlinkHeader.length, what: "echoed request")
        }
        if message.header.flags & NLM_F.ackTLVs != 0 {
            try decodeTLVs(cursor.remaining)
        }
    }

    /// Decodes the payload of NLMSG_DONE that ends a dump.
    public init(decodingDone message: NetlinkMessage) throws(NetlinkError) {
        var cursor = ByteCursor(message.payload)
        // Very old kernels sent an empty DONE.
        if cursor.isAtEnd { errno = 0; return }
        let error = try cursor.int32("NLMSG_DONE error")
        errno = error == Int32.min ? Int32.max : -error
        if message.header.flags & NLM_F.ackTLVs != 0 {
            try decodeTLVs(cursor.remaining)
        }
    }

    private mutating func decodeTLVs(_ bytes: ArraySlice<UInt8>) throws(NetlinkError) {
        var reader = AttributeReader(bytes)
        while let attribute = try reader.next() {
            switch attribute.type {
            case Attr.msg: message = attribute.string()
            case Attr.offset: offset = try attribute.uint32()
            default: continue
            }
        }
    }
}
