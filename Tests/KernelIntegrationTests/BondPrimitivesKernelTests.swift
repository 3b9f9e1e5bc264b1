import Testing
import Netlink
import RouteNetlink
import KernelSockets

/// The rtnetlink operations of the bond plugin against the host kernel, each
/// in fresh network namespaces. Bonds themselves need the bonding module,
/// which this host may lack; those run in the lab VM.
@Suite(.enabled(if: isRoot, "needs root for network namespaces"), .serialized)
struct BondPrimitivesKernelTests {
    func connection(_ namespace: NetworkNamespace) throws -> NetlinkConnection {
        NetlinkConnection(transport: try NetlinkSocket.inNetworkNamespace(namespace.path))
    }

    /// A namespace with the veth pair va/vb; returns va's index.
    func vethPair(_ namespace: NetworkNamespace) throws -> Int32 {
        try namespace.ip("link add va type veth peer name vb")
        return try namespace.index(of: "va")
    }

    static let fd00_1: [UInt8] = [0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    static let fd00_2: [UInt8] = [0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]

    @Test func addDumpAndDeleteIPv4AndIPv6Addresses() throws {
        let ns = try NetworkNamespace()
        let va = try vethPair(ns)
        let addresses = RouteAddresses(connection: try connection(ns))
        let v4 = AddressMessage(family: AddressFamily.inet, prefixLength: 24, index: va, address: [10, 1, 2, 3])
        // IFA_F_NODAD: no duplicate address detection, so the address is usable at once.
        let v6 = AddressMessage(family: AddressFamily.inet6, prefixLength: 64, index: va, address: Self.fd00_1, flags: 0x02)
        try addresses.add(v4)
        try addresses.add(v6)

        let shown = try ns.ip("-o address show dev va")
        #expect(shown.contains("inet 10.1.2.3/24"))
        #expect(shown.contains("inet6 fd00::1/64"))

        let dumped = try addresses.addresses(index: va)
        #expect(dumped.contains { $0.family == AddressFamily.inet && $0.address == [10, 1, 2, 3] && $0.prefixLength == 24 && $0.index == va })
        #expect(dumped.contains { $0.family == AddressFamily.inet6 && $0.address == Self.fd00_1 && $0.prefixLength == 64 })
        #expect(try addresses.addresses().contains { $0.address == [127, 0, 0, 1] })   // lo, in the full dump
        #expect(try !addresses.addresses(index: va).contains { $0.address == [127, 0, 0, 1] })

        do {
            try addresses.add(v4)
            Issue.record("adding an address twice succeeded")
        } catch {
            #expect(error.errno == Errno.EEXIST)
            #expect(error.description.hasPrefix("add address 10.1.2.3/24 to link #\(va): file exists (EEXIST)"))
        }

        try addresses.delete(v4)
        try addresses.delete(v6)
        let after = try addresses.addresses(index: va)
        #expect(!after.contains { $0.address == [10, 1, 2, 3] || $0.address == Self.fd00_1 })
        #expect(!(try ns.ip("-o address show dev va")).contains("10.1.2.3"))
        do {
            try addresses.delete(v4)
            Issue.record("deleting a missing address succeeded")
        } catch {
            #expect(error.errno == 99)   // EADDRNOTAVAIL
        }
    }

    @Test func addDumpAndDeleteDefaultAndSubnetRoutes() throws {
        let ns = try NetworkNamespace()
        let va = try vethPair(ns)
        let connection = try connection(ns)
        let links = RouteLinks(connection: connection)
        try links.setUp(index: va, true)
        try ns.ip("link set vb up")
        let addresses = RouteAddresses(connection: connection)
        try addresses.add(AddressMessage(family: AddressFamily.inet, prefixLength: 24, index: va, address: [10, 1, 2, 3]))
        try addresses.add(AddressMessage(family: AddressFamily.inet6, prefixLength: 64, index: va, address: Self.fd00_1, flags: 0x02))

        let table = RouteTable(connection: connection)
        let defaultRoute = RouteMessage(family: AddressFamily.inet, destinationPrefixLength: 0, destination: nil, gateway: [10, 1, 2, 1], outputIndex: va)
        let subnet = RouteMessage(family: AddressFamily.inet, destinationPrefixLength: 16, destination: [10, 9, 0, 0], gateway: nil, outputIndex: va, priority: 50)
        let defaultV6 = RouteMessage(family: AddressFamily.inet6, destinationPrefixLength: 0, destination: nil, gateway: Self.fd00_2, outputIndex: va)
        try table.add(defaultRoute)
        try table.add(subnet)
        try table.add(defaultV6)

        let shown = try ns.ip("route show")
        #expect(shown.contains("default via 10.1.2.1 dev va"))
        #expect(shown.contains("10.9.0.0/16 dev va scope link metric 50"))
        #expect(try ns.ip("-6 route show").contains("default via fd00::2 dev va"))

        let v4Routes = try table.routes(family: AddressFamily.inet)
        let dumpedDefault = try #require(v4Routes.first { $0.destinationPrefixLength == 0 })
        #expect(dumpedDefault.gateway == [10, 1, 2, 1])
        #expect(dumpedDefault.destination == nil)
        #expect(dumpedDefault.outputIndex == va)
        #expect(dumpedDefault.routeProtocol == RTPROT.boot)
        #expect(dumpedDefault.table == RT_TABLE.main)
        #expect(v4Routes.contains(subnet))
        // The kernel's own prefix route of the address.
        #expect(v4Routes.contains { $0.destination == [10, 1, 2, 0] && $0.routeProtocol == RTPROT.kernel })
        let v6Routes = try table.routes(family: AddressFamily.inet6)
        #expect(v6Routes.contains { $0.destinationPrefixLength == 0 && $0.gateway == Self.fd00_2 && $0.outputIndex == va })
        #expect(v6Routes.allSatisfy { $0.family == AddressFamily.inet6 && $0.table == RT_TABLE.main })

        #expect(throws: NetlinkError.self) { try table.add(subnet) }   // EEXIST

        try table.delete(defaultRoute)
        try table.delete(subnet)
        // A route read back from a dump deletes too.
        let dumpedV6 = try #require(v6Routes.first { $0.destinationPrefixLength == 0 })
        try table.delete(dumpedV6)
        let remaining = try table.routes(family: AddressFamily.inet) + table.routes(family: AddressFamily.inet6)
        #expect(!remaining.contains { $0.destinationPrefixLength == 0 })
        #expect(!remaining.contains(subnet))
        #expect(!(try ns.ip("route show")).contains("default"))
        do {
            try table.delete(subnet)
            Issue.record("deleting a missing route succeeded")
        } catch {
            #expect(error.errno == 3)   // ESRCH
        }
    }

    @Test func setUpDownAndMTUAreVisibleInTheLink() throws {
        let ns = try NetworkNamespace()
        let va = try vethPair(ns)
        let links = RouteLinks(connection: try connection(ns))
        let before = try #require(try links.link(index: va))
        #expect(!before.isUp)
        #expect(before.attributes.mtu == 1500)
        #expect(before.attributes.address?.count == 6)

        try links.setUp(index: va, true)
        #expect(try links.link(index: va)?.isUp == true)
        #expect(try ns.ip("link show dev va").contains(",UP"))
        try links.setUp(index: va, false)
        #expect(try links.link(index: va)?.isUp == false)

        try links.setMTU(index: va, 1400)
        #expect(try links.link(index: va)?.attributes.mtu == 1400)
        #expect(try ns.ip("link show dev va").contains("mtu 1400"))
        do {
            try links.setMTU(index: va, 10)   // below the minimum of 68
            Issue.record("the kernel accepted an MTU of 10")
        } catch {
            #expect(error.errno == Errno.EINVAL)
        }
    }

    @Test func setMasterToABridgeAndRelease() throws {
        let ns = try NetworkNamespace()
        let va = try vethPair(ns)
        try ns.ip("link add br0 type bridge")
        let bridge = try ns.index(of: "br0")
        let links = RouteLinks(connection: try connection(ns))

        try links.setMaster(index: va, masterIndex: bridge)
        let enslaved = try #require(try links.link(index: va))
        #expect(enslaved.attributes.masterIndex == UInt32(bridge))
        #expect(enslaved.attributes.linkInfo?.slaveKind == "bridge")
        #expect(try ns.ip("link show dev va").contains("master br0"))

        try links.setMaster(index: va, masterIndex: 0)
        #expect(try links.link(index: va)?.attributes.masterIndex == nil)
        #expect(!(try ns.ip("link show dev va")).contains("master"))
    }

    @Test func moveAVethEndToAnotherNamespaceAndBack() throws {
        let first = try NetworkNamespace()
        let second = try NetworkNamespace()
        let va = try vethPair(first)
        let firstLinks = RouteLinks(connection: try connection(first))
        let secondLinks = RouteLinks(connection: try connection(second))

        let secondFile = try NetworkNamespaceFile(path: second.path)
        #expect(secondFile.descriptor >= 0)
        try firstLinks.moveToNamespace(index: va, namespaceDescriptor: secondFile.descriptor)
        #expect(try firstLinks.link(named: "va") == nil)
        let moved = try #require(try secondLinks.link(named: "va"))
        #expect(moved.attributes.linkInfo?.kind == "veth")
        #expect(try second.ip("-o link show").contains("va@"))

        let firstFile = try NetworkNamespaceFile(path: first.path)
        try secondLinks.moveToNamespace(index: moved.index, namespaceDescriptor: firstFile.descriptor)
        #expect(try secondLinks.link(named: "va") == nil)
        #expect(try firstLinks.link(named: "va") != nil)
    }

    @Test func deleteLinkRemovesTheVethPair() throws {
        let ns = try NetworkNamespace()
        let va = try vethPair(ns)
        let links = RouteLinks(connection: try connection(ns))
        try links.deleteLink(index: va)
        #expect(try links.link(named: "va") == nil)
        #expect(try links.link(named: "vb") == nil)
        #expect(throws: NetlinkError.kernel(operation: "delete link #\(va)", errno: Errno.ENODEV, extack: nil)) {
            try links.deleteLink(index: va)
        }
    }

    /// Without the bonding module the kernel refuses the kind; with it (the lab
    /// VM) the bond is made. Either way the answer is a value, not a crash.
    @Test func createBondIsRefusedClearlyOrMadeWhereBondingExists() throws {
        let ns = try NetworkNamespace()
        let links = RouteLinks(connection: try connection(ns))
        let bond = BondInfo(mode: 1, miimon: 100)
        let refusal: NetlinkError?
        do throws(NetlinkError) {
            try links.createBond(name: "bond0", bond: bond, mtu: 1400)
            refusal = nil
        } catch {
            refusal = error
        }
        if let refusal {
            #expect(refusal.errno == Errno.EOPNOTSUPP)
            #expect(refusal.description.hasPrefix("create bond bond0: operation not supported (EOPNOTSUPP)"))
            if case .kernel = refusal {} else { Issue.record("expected a kernel refusal, got \(refusal)") }
            #expect(try links.link(named: "bond0") == nil)
        } else {
            let made = try #require(try links.link(named: "bond0"))
            #expect(made.attributes.linkInfo?.kind == "bond")
            #expect(made.attributes.linkInfo?.bond?.mode == 1)
            #expect(made.attributes.linkInfo?.bond?.miimon == 100)
            #expect(made.attributes.mtu == 1400)
            try links.deleteLink(index: made.index)
        }
    }

    @Test func currentNamespaceFileOpens() throws {
        let current = try NetworkNamespaceFile.current()
        #expect(current.descriptor >= 0)
    }
}

@Suite struct NetworkNamespaceFileTests {
    @Test func aMissingPathIsENOENT() {
        let path = "/run/netns/pfsr-no-such-namespace-\(UInt32.random(in: 0...UInt32.max))"
        do {
            _ = try NetworkNamespaceFile(path: path)
            Issue.record("opened \(path)")
        } catch {
            #expect(error.errno == Errno.ENOENT)
            #expect(error == SystemCallError(operation: "open \(path)", errno: Errno.ENOENT))
            #expect(error.description == "open \(path): no such file or directory (ENOENT)")
        }
    }
}
