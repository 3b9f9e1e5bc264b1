import Netlink
import NetlinkTesting
import RelayCore
import RouteNetlink
import Testing
@testable import RelayDaemon

/// `KernelLinkAccess` over a kernel scripted at the byte level.
@Suite("KernelLinkAccess")
struct KernelLinkAccessTests {
    static let port = LinkFixture.bondPort(
        index: 7, name: "ens1f0", master: 9, actor: 0x3F, partner: 0x3F, vfs: [(0, .auto), (1, .disable)]
    )
    static let bond = LinkFixture.bond(index: 9, name: "bond0", mode: 4, lacpRate: 1)

    /// What a GETLINK request asked for.
    struct GetLink: Equatable {
        var index: Int32
        var name: String?
        var extMask: UInt32?
        var otherAttributes: [UInt16]
    }

    static func decodeGetLink(_ request: NetlinkMessage) throws -> GetLink {
        var cursor = ByteCursor(request.payload)
        let header = try InterfaceInfoHeader(decoding: &cursor)
        var result = GetLink(index: header.index, name: nil, extMask: nil, otherAttributes: [])
        var reader = AttributeReader(cursor.remaining)
        while let attribute = try reader.next() {
            switch attribute.type {
            case IFLA.ifname: result.name = attribute.string()
            case IFLA.extMask: result.extMask = try attribute.uint32()
            default: result.otherAttributes.append(attribute.type)
            }
        }
        return result
    }

    /// A kernel that knows `links` by name and by index; anything else is ENODEV.
    static func kernel(knowing links: [LinkFixture]) -> ScriptedKernel {
        ScriptedKernel { request in
            guard request.header.type == RTM.getLink, let asked = try? decodeGetLink(request) else {
                return [KernelReply.error(Errno.EOPNOTSUPP, to: request)]
            }
            let found = links.first { asked.index != 0 ? $0.index == asked.index : $0.name == asked.name }
            guard let found else { return [KernelReply.error(Errno.ENODEV, to: request)] }
            return [KernelReply.message(RTM.newLink, payload: found.payload, to: request), KernelReply.ack(to: request)]
        }
    }

    static func access(_ kernel: ScriptedKernel) -> KernelLinkAccess {
        KernelLinkAccess(links: RouteLinks(connection: NetlinkConnection(transport: kernel)))
    }

    @Test("observe: the PF by name, then its master by index")
    func observePortOfBond() async throws {
        let kernel = Self.kernel(knowing: [Self.port, Self.bond])
        let observation = try await Self.access(kernel).observe(pf: "ens1f0")

        #expect(observation == PFObservation(
            name: "ens1f0", index: 7, operState: .up,
            master: MasterObservation(index: 9, name: "bond0", kind: "bond", bondMode: .ieee8023AD, lacpRate: .fast),
            slaveKind: "bond",
            actorState: LACPPortState(rawValue: 0x3F), partnerState: LACPPortState(rawValue: 0x3F),
            vfs: [VF(id: 0, linkState: .auto), VF(id: 1, linkState: .disable)]
        ))
        #expect(Readiness(of: observation) == .ready)

        let requests = kernel.requests
        try #require(requests.count == 2)
        for request in requests {
            #expect(request.header.type == RTM.getLink)
            #expect(request.header.flags == NLM_F.request | NLM_F.ack)
        }
        #expect(requests[0].header.sequence != requests[1].header.sequence)

        // RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS
        #expect(LinkRequest.extMask == 9)
        let byName = try Self.decodeGetLink(requests[0])
        #expect(byName == GetLink(index: 0, name: "ens1f0", extMask: 9, otherAttributes: []))
        let byIndex = try Self.decodeGetLink(requests[1])
        #expect(byIndex == GetLink(index: 9, name: nil, extMask: 9, otherAttributes: []))

        // Byte for byte what LinkRequest builds.
        #expect(Array(requests[0].payload) == LinkRequest.get(name: "ens1f0"))
        #expect(Array(requests[1].payload) == LinkRequest.get(index: 9))
    }

    @Test("observe: the IFLA_IFNAME attribute is NUL-terminated and the ifinfomsg is all zero")
    func requestLayout() async throws {
        let kernel = Self.kernel(knowing: [Self.port, Self.bond])
        _ = try await Self.access(kernel).observe(pf: "ens1f0")
        let payload = Array(try #require(kernel.requests.first).payload)
        #expect(payload.prefix(InterfaceInfoHeader.length).allSatisfy { $0 == 0 })
        let attributes = payload.dropFirst(InterfaceInfoHeader.length)
        // nla_len 11 (4 + "ens1f0" + NUL), nla_type 3, padded to 12; then nla_len 8, nla_type 29, u32 9.
        #expect(Array(attributes) == [11, 0, 3, 0] + Array("ens1f0".utf8) + [0, 0] + [8, 0, 29, 0, 9, 0, 0, 0])
    }

    @Test("observe: no such interface (ENODEV) is nil, and the master is not asked for")
    func missingPF() async throws {
        let kernel = Self.kernel(knowing: [Self.bond])
        let observation = try await Self.access(kernel).observe(pf: "ens9f9")
        #expect(observation == nil)
        #expect(Readiness(of: observation) == .notReady(.notFound))
        #expect(kernel.requests.count == 1)
    }

    @Test("observe: a PF without a master is read with one request")
    func noMaster() async throws {
        let kernel = Self.kernel(knowing: [LinkFixture(index: 3, name: "ens2f0")])
        let observation = try await Self.access(kernel).observe(pf: "ens2f0")
        #expect(observation == PFObservation(name: "ens2f0", index: 3, operState: .up))
        #expect(kernel.requests.count == 1)
    }

    @Test("observe: a master gone by the second read leaves its index only")
    func masterVanished() async throws {
        let kernel = Self.kernel(knowing: [Self.port])
        let observation = try await Self.access(kernel).observe(pf: "ens1f0")
        #expect(observation?.master == MasterObservation(index: 9, name: nil, kind: nil))
        #expect(kernel.requests.count == 2)
    }

    @Test("observe: other kernel errors are thrown, with the operation and errno")
    func permissionDenied() async throws {
        let kernel = ScriptedKernel { [KernelReply.error(Errno.EPERM, to: $0)] }
        await #expect(throws: NetlinkError.kernel(operation: "get link ens1f0", errno: Errno.EPERM, extack: nil)) {
            _ = try await Self.access(kernel).observe(pf: "ens1f0")
        }
    }

    static let pf = PFObservation(name: "ens1f0", index: 7, operState: .up)

    /// The VF link states set by one RTM_SETLINK request, in order.
    static func decodeSetLink(_ request: NetlinkMessage) throws -> (index: Int32, vfs: [(vf: UInt32, state: UInt32)]) {
        var cursor = ByteCursor(request.payload)
        let header = try InterfaceInfoHeader(decoding: &cursor)
        var reader = AttributeReader(cursor.remaining)
        let top = try reader.all()
        try #require(top.count == 1, "one attribute: IFLA_VFINFO_LIST")
        #expect(top[0].type == IFLA.vfinfoList)
        #expect(top[0].isFlaggedNested)
        var vfs: [(vf: UInt32, state: UInt32)] = []
        var list = top[0].nested()
        while let info = try list.next() {
            #expect(info.type == IFLA_VF_INFO.info)
            #expect(info.isFlaggedNested)
            var inner = info.nested()
            let entries = try inner.all()
            try #require(entries.count == 1, "one attribute in IFLA_VF_INFO: IFLA_VF_LINK_STATE")
            #expect(entries[0].type == IFLA_VF.linkState)
            try #require(entries[0].payload.count == 8)
            var state = ByteCursor(entries[0].payload)
            vfs.append((try state.uint32("vf"), try state.uint32("link_state")))
        }
        return (header.index, vfs)
    }

    @Test("setVFLinkStates: one RTM_SETLINK, one IFLA_VF_INFO per change, in order")
    func setLinkStates() async throws {
        let kernel = ScriptedKernel { [KernelReply.ack(to: $0)] }
        let changes = [
            VFChange(id: 0, target: .disable), VFChange(id: 3, target: .auto), VFChange(id: 5, target: .enable),
        ]
        try await Self.access(kernel).setVFLinkStates(changes, on: Self.pf)

        let requests = kernel.requests
        try #require(requests.count == 1)
        #expect(requests[0].header.type == RTM.setLink)
        #expect(requests[0].header.flags == NLM_F.request | NLM_F.ack)
        let decoded = try Self.decodeSetLink(requests[0])
        #expect(decoded.index == 7)
        #expect(decoded.vfs.map(\.vf) == [0, 3, 5])
        // IFLA_VF_LINK_STATE_DISABLE 2, _AUTO 0, _ENABLE 1
        #expect(decoded.vfs.map(\.state) == [2, 0, 1])
    }

    @Test("setVFLinkStates: a single change")
    func setOneLinkState() async throws {
        let kernel = ScriptedKernel { [KernelReply.ack(to: $0)] }
        let pf = PFObservation(name: "ens2f1", index: 12, operState: .up)
        try await Self.access(kernel).setVFLinkStates([VFChange(id: 63, target: .auto)], on: pf)
        let request = try #require(kernel.requests.first)
        #expect(kernel.requests.count == 1)
        let decoded = try Self.decodeSetLink(request)
        #expect(decoded.index == 12)
        #expect(decoded.vfs.count == 1)
        #expect(decoded.vfs.first?.vf == 63)
        #expect(decoded.vfs.first?.state == 0)
    }

    @Test("setVFLinkStates: EINVAL with an extended ack surfaces the kernel's message")
    func setLinkStatesRefused() async throws {
        let message = "VF link state not supported by the driver"
        let kernel = ScriptedKernel { [KernelReply.error(Errno.EINVAL, message: message, to: $0)] }
        let error = await #expect(throws: NetlinkError.self) {
            try await Self.access(kernel).setVFLinkStates([VFChange(id: 1, target: .disable)], on: Self.pf)
        }
        #expect(error == .kernel(operation: "set vf link state on ens1f0", errno: Errno.EINVAL, extack: message))
        #expect(error?.errno == Errno.EINVAL)
        let description = try #require(error.map { "\($0)" })
        #expect(description.contains(message))
        #expect(description == "set vf link state on ens1f0: invalid argument (EINVAL): \(message)")
        #expect(kernel.requests.count == 1)
    }
}

@Suite("KernelLinkAccess master cache")
struct KernelLinkAccessMasterCacheTests {
    @Test("a second look within the lifetime reads only the PF; a link event on the master forgets it")
    func masterIsCachedUntilAnEventNamesIt() async throws {
        let kernel = KernelLinkAccessTests.kernel(knowing: [KernelLinkAccessTests.port, KernelLinkAccessTests.bond])
        let access = KernelLinkAccess(links: RouteLinks(connection: NetlinkConnection(transport: kernel)), masterCacheLifetime: .seconds(3600))
        let first = try await access.observe(pf: "ens1f0")
        let second = try await access.observe(pf: "ens1f0")
        #expect(first == second)
        #expect(kernel.requests.count == 3)   // PF, master, PF
        access.forgetLink(index: 9)
        let third = try await access.observe(pf: "ens1f0")
        #expect(third?.master?.bondMode == .ieee8023AD)
        #expect(kernel.requests.count == 5)   // PF and master again
        #expect(try KernelLinkAccessTests.decodeGetLink(kernel.requests[4]).index == 9)
    }

    @Test("with a zero lifetime every look reads the master")
    func zeroLifetimeNeverCaches() async throws {
        let kernel = KernelLinkAccessTests.kernel(knowing: [KernelLinkAccessTests.port, KernelLinkAccessTests.bond])
        let access = KernelLinkAccess(links: RouteLinks(connection: NetlinkConnection(transport: kernel)), masterCacheLifetime: .zero)
        _ = try await access.observe(pf: "ens1f0")
        _ = try await access.observe(pf: "ens1f0")
        #expect(kernel.requests.count == 4)
    }
}
