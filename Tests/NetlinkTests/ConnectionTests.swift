import Testing
import Synchronization
import NetlinkTesting
@testable import Netlink

func reply(_ type: UInt16, flags: UInt16 = 0, to request: NetlinkMessage, sequence: UInt32? = nil, payload: [UInt8] = []) -> [UInt8] {
    NetlinkMessage(type: type, flags: flags, sequence: sequence ?? request.header.sequence, payload: payload).encoded()
}

@Suite struct ConnectionTests {
    @Test func requestsCarrySequenceNumbersAndAck() throws {
        let transport = ScriptedKernel { request in [reply(16, to: request, payload: [1]), KernelReply.ack(to: request)] }
        let connection = NetlinkConnection(transport: transport, firstSequence: 41)
        let first = try connection.execute("one", type: 18, payload: [])
        let second = try connection.execute("two", type: 18, payload: [])
        #expect(first.count == 1 && second.count == 1)
        let headers = transport.requests.map(\.header)
        #expect(headers.map(\.sequence) == [41, 42])
        #expect(headers.allSatisfy { $0.flags == NLM_F.request | NLM_F.ack })
    }

    @Test func staleRepliesOfOtherSequencesAreSkipped() throws {
        let transport = ScriptedKernel { request in
            [reply(16, to: request, sequence: request.header.sequence &- 1, payload: [0xEE]),
             reply(16, to: request, payload: [0x01]) + KernelReply.ack(to: request)]
        }
        let replies = try NetlinkConnection(transport: transport).execute("get", type: 18, payload: [])
        #expect(replies.map { Array($0.payload) } == [[0x01]])
    }

    @Test func kernelErrorsCarryErrnoAndExtack() {
        let transport = ScriptedKernel { request in
            var payload: [UInt8] = []
            payload.append(hostOrder: -Errno.EOPNOTSUPP)
            payload += [UInt8](repeating: 0, count: 16)
            var tlv = AttributeWriter()
            tlv.append(type: KernelAck.Attr.msg, string: "no VFs here")
            return [reply(NLMSG.error, flags: NLM_F.capped | NLM_F.ackTLVs, to: request, payload: payload + tlv.bytes)]
        }
        #expect(throws: NetlinkError.kernel(operation: "set", errno: Errno.EOPNOTSUPP, extack: "no VFs here")) {
            try NetlinkConnection(transport: transport).execute("set", type: 19, payload: [])
        }
    }

    @Test func dumpsCollectEveryPartUntilDone() throws {
        let transport = ScriptedKernel { request in
            [reply(16, flags: NLM_F.multi, to: request, payload: [1]) + reply(16, flags: NLM_F.multi, to: request, payload: [2]),
             reply(16, flags: NLM_F.multi, to: request, payload: [3]) + reply(NLMSG.done, flags: NLM_F.multi, to: request, payload: [0, 0, 0, 0])]
        }
        let parts = try NetlinkConnection(transport: transport).dump("dump", type: 18, payload: [])
        #expect(parts.map { Array($0.payload) } == [[1], [2], [3]])
        let header = transport.requests[0].header
        #expect(header.flags == NLM_F.request | NLM_F.dump)
    }

    @Test func failedDumpReportsTheErrorInDone() {
        let transport = ScriptedKernel { request in
            var payload: [UInt8] = []
            payload.append(hostOrder: -Errno.ENOBUFS)
            return [reply(NLMSG.done, flags: NLM_F.multi, to: request, payload: payload)]
        }
        #expect(throws: NetlinkError.kernel(operation: "dump", errno: Errno.ENOBUFS, extack: nil)) {
            try NetlinkConnection(transport: transport).dump("dump", type: 18, payload: [])
        }
    }

    @Test func interruptedDumpsAreRetriedThenReported() throws {
        let attempts = Mutex(0)
        let transport = ScriptedKernel { request in
            let attempt = attempts.withLock { $0 += 1; return $0 }
            let flags = attempt < 3 ? NLM_F.multi | NLM_F.dumpInterrupted : NLM_F.multi
            return [reply(16, flags: flags, to: request, payload: [UInt8(attempt)]) + reply(NLMSG.done, flags: flags, to: request, payload: [0, 0, 0, 0])]
        }
        let parts = try NetlinkConnection(transport: transport).dump("dump", type: 18, payload: [])
        #expect(parts.map { Array($0.payload) } == [[3]])

        let always = ScriptedKernel { request in
            [reply(NLMSG.done, flags: NLM_F.multi | NLM_F.dumpInterrupted, to: request, payload: [0, 0, 0, 0])]
        }
        #expect(throws: NetlinkError.dumpInterrupted(operation: "dump", attempts: NetlinkConnection.dumpAttempts)) {
            try NetlinkConnection(transport: always).dump("dump", type: 18, payload: [])
        }
    }

    @Test func garbageFromTheKernelIsAnError() {
        let transport = ScriptedKernel { _ in [[0xFF, 0xFF]] }
        #expect(throws: NetlinkError.truncated(what: "netlink message header", need: 16, have: 2)) {
            try NetlinkConnection(transport: transport).execute("get", type: 18, payload: [])
        }
    }

    @Test func overrunMessageIsReported() {
        let transport = ScriptedKernel { request in [reply(NLMSG.overrun, to: request)] }
        #expect(throws: NetlinkError.overrun) { try NetlinkConnection(transport: transport).execute("get", type: 18, payload: []) }
    }
}
