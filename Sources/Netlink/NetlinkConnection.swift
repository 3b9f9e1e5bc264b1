import Synchronization

/// Request/response over a netlink transport: sequence numbers, multipart
/// dumps, NLMSG_DONE and NLMSG_ERROR, and the kernel's extended acks.
///
/// Thread-safe: one request at a time holds the connection, so replies never
/// interleave. Requests to NETLINK_ROUTE are handled by the kernel inside the
/// sending call, so a request holds the lock for well under a millisecond.
public final class NetlinkConnection: Sendable {
    private let transport: any NetlinkTransport
    private let sequence: Mutex<UInt32>

    /// How often a dump interrupted by concurrent changes (NLM_F_DUMP_INTR) is retried.
    public static let dumpAttempts = 5

    public init(transport: any NetlinkTransport, firstSequence: UInt32 = 1) {
        self.transport = transport
        self.sequence = Mutex(firstSequence)
    }

    /// Sends a request that is answered by at most a few messages and an
    /// acknowledgement (NLM_F_ACK is added). Returns the messages before the ack.
    public func execute(
        _ operation: String, type: UInt16, flags: UInt16 = 0, payload: [UInt8]
    ) throws(NetlinkError) -> [NetlinkMessage] {
        try exchange(operation, type: type, flags: NLM_F.request | NLM_F.ack | flags, payload: payload).messages
    }

    /// Sends a dump request and collects every part of the multipart answer.
    /// Retried when the kernel flags the dump as interrupted.
    public func dump(_ operation: String, type: UInt16, payload: [UInt8]) throws(NetlinkError) -> [NetlinkMessage] {
        for _ in 0..<Self.dumpAttempts {
            let answer = try exchange(operation, type: type, flags: NLM_F.request | NLM_F.dump, payload: payload)
            if !answer.interrupted { return answer.messages }
        }
        throw .dumpInterrupted(operation: operation, attempts: Self.dumpAttempts)
    }

    private func nextSequence() -> UInt32 {
        sequence.withLock { value in
            defer { value = value &+ 1 == 0 ? 1 : value &+ 1 }
            return value
        }
    }

    private func exchange(
        _ operation: String, type: UInt16, flags: UInt16, payload: [UInt8]
    ) throws(NetlinkError) -> (messages: [NetlinkMessage], interrupted: Bool) {
        let sequence = nextSequence()
        let request = NetlinkMessage(type: type, flags: flags, sequence: sequence, portID: 0, payload: payload)
        let isDump = flags & NLM_F.dump == NLM_F.dump
        let transport = self.transport
        return try lock.withLock { _ throws(NetlinkError) in
            try transport.send(request.encoded())
            var replies: [NetlinkMessage] = []
            var interrupted = false
            while true {
                let datagram = try transport.receive()
                for message in try NetlinkMessage.decodeAll(datagram) {
                    // Late answers to an earlier request that gave up are skipped.
                    guard message.header.sequence == sequence else { continue }
                    if message.header.flags & NLM_F.dumpInterrupted != 0 { interrupted = true }
                    switch message.header.type {
                    case NLMSG.error:
                        let ack = try KernelAck(decodingError: message)
                        guard ack.errno == 0 else {
                            throw .kernel(operation: operation, errno: ack.errno, extack: ack.message)
                        }
                        return (replies, interrupted)
                    case NLMSG.done:
                        let done = try KernelAck(decodingDone: message)
                        guard done.errno == 0 else {
                            throw .kernel(operation: operation, errno: done.errno, extack: done.message)
                        }
                        return (replies, interrupted)
                    case NLMSG.noop:
                        continue
                    case NLMSG.overrun:
                        throw .overrun
                    default:
                        replies.append(message)
                        // A single (non-multipart) reply to a dump request ends it.
                        if isDump, message.header.flags & NLM_F.multi == 0 { return (replies, interrupted) }
                    }
                }
            }
        }
    }

    private let lock = Mutex(())
}
