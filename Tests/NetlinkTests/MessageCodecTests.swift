import Testing
@testable import Netlink

/// struct nlmsghdr: u32 nlmsg_len, u16 nlmsg_type, u16 nlmsg_flags, u32 nlmsg_seq, u32 nlmsg_pid.
@Suite struct MessageCodecTests {
    @Test func encodesHeaderAndPadsPayload() {
        let message = NetlinkMessage(type: 18, flags: NLM_F.request | NLM_F.ack, sequence: 7, portID: 0, payload: [1, 2, 3, 4, 5])
        #expect(message.encoded() == [
            21, 0, 0, 0,    // nlmsg_len = 16 + 5
            18, 0,          // RTM_GETLINK
            5, 0,           // NLM_F_REQUEST | NLM_F_ACK
            7, 0, 0, 0,     // seq
            0, 0, 0, 0,     // pid
            1, 2, 3, 4, 5, 0, 0, 0,
        ])
    }

    @Test func splitsADatagramIntoItsMessages() throws {
        let first = NetlinkMessage(type: 16, flags: NLM_F.multi, sequence: 3, portID: 0, payload: [9, 9, 9])
        let second = NetlinkMessage(type: NLMSG.done, flags: NLM_F.multi, sequence: 3, portID: 0, payload: [0, 0, 0, 0])
        let messages = try NetlinkMessage.decodeAll(first.encoded() + second.encoded())
        #expect(messages.count == 2)
        #expect(messages[0].header.type == 16)
        #expect(Array(messages[0].payload) == [9, 9, 9])
        #expect(messages[1].header.type == NLMSG.done)
    }

    @Test(arguments: [
        ([16, 0, 0, 0, 3, 0] as [UInt8], NetlinkError.truncated(what: "netlink message header", need: 16, have: 6)),
        ([8, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], NetlinkError.malformed(what: "netlink message", detail: "nlmsg_len 8 is shorter than its header")),
        ([40, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2], NetlinkError.truncated(what: "netlink message of type 16", need: 40, have: 18)),
    ])
    func malformedDatagramsAreErrors(bytes: [UInt8], expected: NetlinkError) {
        #expect(throws: expected) { try NetlinkMessage.decodeAll(bytes) }
    }

    @Test func emptyDatagramHasNoMessages() throws {
        #expect(try NetlinkMessage.decodeAll([UInt8]()).isEmpty)
    }

    /// struct nlmsgerr { int error; struct nlmsghdr msg; } then, with
    /// NLM_F_ACK_TLVS, NLMSGERR_ATTR_* attributes.
    @Test func decodesAnErrorWithExtendedAck() throws {
        var payload: [UInt8] = [0xEA, 0xFF, 0xFF, 0xFF]                      // -22 (EINVAL)
        payload += [36, 0, 0, 0, 19, 0, 5, 0, 9, 0, 0, 0, 0, 0, 0, 0]      // the request's header
        payload += [20, 0, 1, 0] + Array("bad vf index".utf8) + [0, 0, 0, 0] // NLMSGERR_ATTR_MSG, len 4+13=17 -> 20 padded
        payload[payload.count - 20] = 17
        payload += [8, 0, 2, 0, 32, 0, 0, 0]                                 // NLMSGERR_ATTR_OFFS = 32
        let message = NetlinkMessage(type: NLMSG.error, flags: NLM_F.capped | NLM_F.ackTLVs, sequence: 9, payload: payload)
        let ack = try KernelAck(decodingError: message)
        #expect(ack == KernelAck(errno: Errno.EINVAL, message: "bad vf index", offset: 32))
    }

    @Test func uncappedErrorSkipsTheEchoedRequest() throws {
        var payload: [UInt8] = [0xED, 0xFF, 0xFF, 0xFF]                      // -19 (ENODEV)
        payload += [22, 0, 0, 0, 18, 0, 5, 0, 1, 0, 0, 0, 0, 0, 0, 0]      // header of a 22-byte request
        payload += [1, 2, 3, 4, 5, 6, 0, 0]                                  // its 6 payload bytes, padded
        let message = NetlinkMessage(type: NLMSG.error, flags: 0, sequence: 1, payload: payload)
        #expect(try KernelAck(decodingError: message) == KernelAck(errno: Errno.ENODEV))
    }

    @Test func truncatedErrorIsAnError() {
        let message = NetlinkMessage(type: NLMSG.error, flags: 0, sequence: 1, payload: [0xED, 0xFF, 0xFF, 0xFF, 16, 0])
        #expect(throws: NetlinkError.truncated(what: "nlmsgerr.msg", need: 16, have: 2)) { try KernelAck(decodingError: message) }
    }

    @Test func mostNegativeErrorDoesNotOverflow() throws {
        var payload: [UInt8] = [0, 0, 0, 0x80]
        payload += [UInt8](repeating: 0, count: 16)
        let message = NetlinkMessage(type: NLMSG.error, flags: NLM_F.capped, sequence: 1, payload: payload)
        #expect(try KernelAck(decodingError: message).errno == Int32.max)
    }

    @Test func errorDescriptionsNameErrnoAndExtack() {
        #expect(NetlinkError.kernel(operation: "set vf link state on eth0", errno: Errno.EINVAL, extack: "bad vf").description
            == "set vf link state on eth0: invalid argument (EINVAL): bad vf")
        #expect(NetlinkError.kernel(operation: "get link x", errno: 19, extack: nil).description == "get link x: no such device (ENODEV)")
        #expect(NetlinkError.system(operation: "poll", errno: 4242).description == "poll: errno 4242")
    }
}
