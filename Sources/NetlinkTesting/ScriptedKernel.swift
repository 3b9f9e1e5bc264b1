public import Netlink
import Synchronization

/// A kernel at the byte level, for tests: each request sent through it is
/// decoded and handed to `respond`, whose answer (whole datagrams) is what
/// the following receives return. Every request is kept for assertions.
public final class ScriptedKernel: NetlinkTransport {
    public typealias Responder = @Sendable (NetlinkMessage) -> [[UInt8]]

    private struct State {
        var requests: [NetlinkMessage] = []
        var pending: [[UInt8]] = []
    }

    private let state = Mutex(State())
    private let respond: Responder
    public let portID: UInt32 = 4242

    public init(_ respond: @escaping Responder) { self.respond = respond }

    /// The requests sent so far, decoded.
    public var requests: [NetlinkMessage] { state.withLock { $0.requests } }

    public func send(_ datagram: [UInt8]) throws(NetlinkError) {
        let messages = try NetlinkMessage.decodeAll(datagram)
        for message in messages {
            let answer = respond(message)
            state.withLock {
                $0.requests.append(message)
                $0.pending.append(contentsOf: answer)
            }
        }
    }

    public func receive() throws(NetlinkError) -> [UInt8] {
        let next: [UInt8]? = state.withLock { $0.pending.isEmpty ? nil : $0.pending.removeFirst() }
        // A real socket would block here; a test that gets this wrote a script that never answers.
        guard let next else { throw .system(operation: "receive from scripted kernel (nothing scripted)", errno: Errno.EAGAIN) }
        return next
    }
}

/// Builders of the kernel's answers.
public enum KernelReply {
    /// NLMSG_ERROR with error 0 (an acknowledgement), capped as current kernels send it.
    public static func ack(to request: NetlinkMessage) -> [UInt8] {
        error(0, to: request)
    }

    /// NLMSG_ERROR with `errno` and, if given, the extended-ack message TLV.
    public static func error(_ errno: Int32, message: String? = nil, to request: NetlinkMessage) -> [UInt8] {
        var payload: [UInt8] = []
        payload.append(hostOrder: -errno)
        // The request's header (NLM_F_CAPPED: without its payload).
        var header = request.header
        header.length = UInt32(NetlinkHeader.length + request.payload.count)
        payload.append(hostOrder: header.length)
        payload.append(hostOrder: header.type)
        payload.append(hostOrder: header.flags)
        payload.append(hostOrder: header.sequence)
        payload.append(hostOrder: header.portID)
        var flags = NLM_F.capped
        if let message {
            var tlvs = AttributeWriter()
            tlvs.append(type: KernelAck.Attr.msg, string: message)
            payload += tlvs.bytes
            flags |= NLM_F.ackTLVs
        }
        return NetlinkMessage(type: NLMSG.error, flags: flags, sequence: request.header.sequence, portID: 4242, payload: payload).encoded()
    }

    /// NLMSG_DONE ending a dump.
    public static func done(to request: NetlinkMessage) -> [UInt8] {
        var payload: [UInt8] = []
        payload.append(hostOrder: Int32(0))
        return NetlinkMessage(type: NLMSG.done, flags: NLM_F.multi, sequence: request.header.sequence, portID: 4242, payload: payload).encoded()
    }

    /// One message answering `request`, of `type`, with `payload`.
    public static func message(_ type: UInt16, flags: UInt16 = 0, payload: [UInt8], to request: NetlinkMessage) -> [UInt8] {
        NetlinkMessage(type: type, flags: flags, sequence: request.header.sequence, portID: 4242, payload: payload).encoded()
    }
}
