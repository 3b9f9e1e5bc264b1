import Testing
import Netlink
import NetlinkTesting
@testable import RouteNetlink

@Suite struct LinkRequestTests {
    @Test func getByNameAsksForVFsWithoutStatistics() {
        #expect(LinkRequest.get(name: "ens1f0") == [
            0, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 0,        // ifinfomsg, index 0
            11, 0, 3, 0, 0x65, 0x6E, 0x73, 0x31, 0x66, 0x30, 0, 0,   // IFLA_IFNAME "ens1f0\0"
            8, 0, 29, 0, 9, 0, 0, 0,                                 // IFLA_EXT_MASK = VF | SKIP_STATS
        ])
    }

    @Test func getByIndexPutsTheIndexInIfinfomsg() {
        #expect(LinkRequest.get(index: 0x0102) == [
            0, 0, 0, 0,  2, 1, 0, 0,  0, 0, 0, 0,  0, 0, 0, 0,
            8, 0, 29, 0, 9, 0, 0, 0,
        ])
    }

    /// IFLA_VFINFO_LIST { IFLA_VF_INFO { IFLA_VF_LINK_STATE { u32 vf; u32 link_state } } ... }
    @Test func vfLinkStatesOfOnePFGoInOneRequest() {
        let bytes = LinkRequest.setVFLinkStates([VFInfo(index: 0, linkState: .disable), VFInfo(index: 3, linkState: .disable)], index: 7)
        #expect(bytes == [
            0, 0, 0, 0,  7, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 0,   // ifinfomsg, index 7
            36, 0, 22, 0x80,                                    // IFLA_VFINFO_LIST | NLA_F_NESTED
            16, 0, 1, 0x80,                                     //   IFLA_VF_INFO | NLA_F_NESTED
            12, 0, 5, 0, 0, 0, 0, 0, 2, 0, 0, 0,                //     IFLA_VF_LINK_STATE vf 0 disable
            16, 0, 1, 0x80,
            12, 0, 5, 0, 3, 0, 0, 0, 2, 0, 0, 0,                //     vf 3 disable
        ])
    }

    @Test func missingLinkIsNilNotAnError() throws {
        let kernel = ScriptedKernel { request in [KernelReply.error(Errno.ENODEV, to: request)] }
        let links = RouteLinks(connection: NetlinkConnection(transport: kernel))
        #expect(try links.link(named: "ghost") == nil)
        #expect(try links.link(index: 99) == nil)
    }

    @Test func otherErrorsPropagateWithExtack() {
        let kernel = ScriptedKernel { request in [KernelReply.error(Errno.EINVAL, message: "invalid vf", to: request)] }
        let links = RouteLinks(connection: NetlinkConnection(transport: kernel))
        #expect(throws: NetlinkError.kernel(operation: "set vf link state on p0", errno: Errno.EINVAL, extack: "invalid vf")) {
            try links.setVFLinkStates([VFInfo(index: 9, linkState: .disable)], index: 3, name: "p0")
        }
    }

    @Test func getLinkSendsOneRequestAndDecodesTheReply() throws {
        let kernel = ScriptedKernel { request in
            [KernelReply.message(RTM.newLink, payload: LinkFixture.bond().payload, to: request), KernelReply.ack(to: request)]
        }
        let links = RouteLinks(connection: NetlinkConnection(transport: kernel))
        let bond = try #require(try links.link(index: 9))
        #expect(bond.attributes.name == "bond0")
        #expect(kernel.requests.count == 1)
        #expect(kernel.requests[0].header.type == RTM.getLink)
        #expect(kernel.requests[0].header.flags == NLM_F.request | NLM_F.ack)
    }

    @Test func dumpDecodesEveryLink() throws {
        let kernel = ScriptedKernel { request in
            [KernelReply.message(RTM.newLink, flags: NLM_F.multi, payload: LinkFixture(index: 1, name: "lo").payload, to: request)
                + KernelReply.message(RTM.newLink, flags: NLM_F.multi, payload: LinkFixture(index: 2, name: "eth0").payload, to: request),
             KernelReply.done(to: request)]
        }
        let links = try RouteLinks(connection: NetlinkConnection(transport: kernel)).links()
        #expect(links.map(\.attributes.name) == ["lo", "eth0"])
    }
}
