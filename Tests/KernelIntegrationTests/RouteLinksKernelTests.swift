import Testing
import Netlink
import RouteNetlink
import KernelSockets

@Suite(.enabled(if: isRoot, "needs root for network namespaces"), .serialized)
struct RouteLinksKernelTests {
    func links(in namespace: NetworkNamespace) throws -> RouteLinks {
        RouteLinks(connection: NetlinkConnection(transport: try NetlinkSocket.inNetworkNamespace(namespace.path)))
    }

    @Test func getLinkReadsAVethPairByNameAndIndex() throws {
        let ns = try NetworkNamespace()
        try ns.ip("link add va type veth peer name vb")
        let links = try links(in: ns)
        let va = try #require(try links.link(named: "va"))
        #expect(va.attributes.name == "va")
        #expect(va.index == (try ns.index(of: "va")))
        #expect(va.attributes.operState == .down)
        #expect(va.attributes.linkInfo?.kind == "veth")
        #expect(va.attributes.masterIndex == nil)
        #expect(va.attributes.vfs == nil)
        let byIndex = try #require(try links.link(index: va.index))
        #expect(byIndex.attributes.name == "va")

        try ns.ip("link set va up")
        try ns.ip("link set vb up")
        #expect(try links.link(named: "va")?.attributes.operState == .up)
    }

    @Test func masterAndSlaveKindOfABridgePort() throws {
        let ns = try NetworkNamespace()
        try ns.ip("link add va type veth peer name vb")
        try ns.ip("link add br0 type bridge")
        try ns.ip("link set va master br0")
        let links = try links(in: ns)
        let va = try #require(try links.link(named: "va"))
        #expect(va.attributes.masterIndex.map(Int32.init) == (try ns.index(of: "br0")))
        #expect(va.attributes.linkInfo?.slaveKind == "bridge")
        #expect(va.attributes.linkInfo?.bondSlave == nil)
        #expect(try links.link(index: Int32(va.attributes.masterIndex!))?.attributes.linkInfo?.kind == "bridge")
    }

    @Test func missingLinkIsNil() throws {
        let ns = try NetworkNamespace()
        let links = try links(in: ns)
        #expect(try links.link(named: "nope0") == nil)
        #expect(try links.link(index: 4242) == nil)
    }

    @Test func dumpListsEveryLink() throws {
        let ns = try NetworkNamespace()
        try ns.ip("link add va type veth peer name vb")
        let names = try links(in: ns).links().compactMap(\.attributes.name)
        #expect(Set(names) == ["lo", "va", "vb"])
    }

    @Test func settingVFsOnADeviceWithoutVFsIsAClearError() throws {
        let ns = try NetworkNamespace()
        try ns.ip("link add va type veth peer name vb")
        let links = try links(in: ns)
        let index = try ns.index(of: "va")
        do {
            try links.setVFLinkStates([VFInfo(index: 0, linkState: .disable)], index: index, name: "va")
            Issue.record("the kernel accepted a VF link state on a veth")
        } catch {
            #expect(error.errno == Errno.EOPNOTSUPP)
            #expect(error.description.hasPrefix("set vf link state on va: operation not supported (EOPNOTSUPP)"))
        }
    }

    @Test func socketStaysInItsNamespace() throws {
        let ns = try NetworkNamespace()
        try ns.ip("link add only-here type veth peer name peer-here")
        #expect(try links(in: ns).link(named: "only-here") != nil)
        let hostLinks = RouteLinks(connection: NetlinkConnection(transport: try NetlinkSocket()))
        #expect(try hostLinks.link(named: "only-here") == nil)
    }
}
