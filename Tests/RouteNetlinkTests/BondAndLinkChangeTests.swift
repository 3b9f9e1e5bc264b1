import Testing
import Netlink
import NetlinkTesting
@testable import RouteNetlink

/// Every IFLA_BOND_* field the bond plugin sets, with its expected bytes.
private let everyBondField = BondInfo(
    mode: 1, lacpRate: 1, miimon: 100, activeSlaveIndex: 9, updelay: 200, downdelay: 300,
    arpInterval: 1000, arpIPTargets: [[10, 0, 0, 1], [192, 168, 1, 254]], primaryIndex: 7,
    failOverMac: 2, xmitHashPolicy: 1, allSlavesActive: 1, tlbDynamicLb: 0
)
private let everyBondFieldBytes: [UInt8] = [
    5, 0, 1, 0, 1, 0, 0, 0,                  // IFLA_BOND_MODE 1
    8, 0, 3, 0, 100, 0, 0, 0,                // IFLA_BOND_MIIMON 100
    8, 0, 4, 0, 200, 0, 0, 0,                // IFLA_BOND_UPDELAY 200
    8, 0, 5, 0, 0x2C, 1, 0, 0,               // IFLA_BOND_DOWNDELAY 300
    8, 0, 7, 0, 0xE8, 3, 0, 0,               // IFLA_BOND_ARP_INTERVAL 1000
    20, 0, 8, 0x80,                          // IFLA_BOND_ARP_IP_TARGET | NLA_F_NESTED
    8, 0, 0, 0, 10, 0, 0, 1,                 //   #0 10.0.0.1
    8, 0, 1, 0, 192, 168, 1, 254,            //   #1 192.168.1.254
    8, 0, 11, 0, 7, 0, 0, 0,                 // IFLA_BOND_PRIMARY 7
    5, 0, 13, 0, 2, 0, 0, 0,                 // IFLA_BOND_FAIL_OVER_MAC 2
    5, 0, 14, 0, 1, 0, 0, 0,                 // IFLA_BOND_XMIT_HASH_POLICY 1
    5, 0, 17, 0, 1, 0, 0, 0,                 // IFLA_BOND_ALL_SLAVES_ACTIVE 1
    5, 0, 21, 0, 1, 0, 0, 0,                 // IFLA_BOND_AD_LACP_RATE 1
    5, 0, 27, 0, 0, 0, 0, 0,                 // IFLA_BOND_TLB_DYNAMIC_LB 0
]

@Suite struct BondInfoEncodingTests {
    @Test func everyFieldIsEncodedInAttributeOrderWithoutTheActivePort() {
        var writer = AttributeWriter()
        everyBondField.encode(into: &writer)
        #expect(writer.bytes == everyBondFieldBytes)
    }

    @Test func encodeThenDecodeGivesEveryFieldBack() throws {
        var writer = AttributeWriter()
        everyBondField.encode(into: &writer)
        var expected = everyBondField
        expected.activeSlaveIndex = nil
        #expect(try BondInfo(decoding: writer.bytes[...]) == expected)
    }

    @Test func theExistingInitializerStillEncodesOnlyItsFields() {
        var writer = AttributeWriter()
        BondInfo(mode: 4, lacpRate: 1, miimon: 100).encode(into: &writer)
        #expect(writer.bytes == [5, 0, 1, 0, 4, 0, 0, 0, 8, 0, 3, 0, 100, 0, 0, 0, 5, 0, 21, 0, 1, 0, 0, 0])
        var empty = AttributeWriter()
        BondInfo().encode(into: &empty)
        #expect(empty.bytes.isEmpty)
    }

    @Test func noTargetsIsAnEmptyNest() {
        var writer = AttributeWriter()
        BondInfo(arpIPTargets: []).encode(into: &writer)
        #expect(writer.bytes == [4, 0, 8, 0x80])
    }

    /// As the kernel sends it: the ARP target nest without NLA_F_NESTED
    /// (nla_nest_start_noflag), the active port, attributes this code skips.
    @Test func decodesTheKernelsLayout() throws {
        var writer = AttributeWriter()
        writer.append(type: IFLA_BOND.mode, uint8: 1)
        writer.append(type: IFLA_BOND.activeSlave, uint32: 12)
        writer.append(type: 6, uint8: 1)   // IFLA_BOND_USE_CARRIER
        var targets = AttributeWriter()
        targets.append(type: 0, payload: [10, 9, 8, 7])
        writer.append(type: IFLA_BOND.arpIPTarget, payload: targets.bytes)
        let bond = try BondInfo(decoding: writer.bytes[...])
        #expect(bond == BondInfo(mode: 1, activeSlaveIndex: 12, arpIPTargets: [[10, 9, 8, 7]]))
    }

    @Test func anARPTargetThatIsNotFourBytesIsAnError() {
        var writer = AttributeWriter()
        writer.appendNested(type: IFLA_BOND.arpIPTarget) { $0.append(type: 0, payload: [1, 2, 3, 4, 5, 6]) }
        #expect(throws: NetlinkError.attributeLength(type: 0, expected: 4, actual: 6)) {
            try BondInfo(decoding: writer.bytes[...])
        }
    }

    @Test(arguments: [IFLA_BOND.updelay, IFLA_BOND.primary, IFLA_BOND.activeSlave])
    func u32FieldsOfTheWrongSizeAreErrors(type: UInt16) {
        var writer = AttributeWriter()
        writer.append(type: type, uint8: 1)
        #expect(throws: NetlinkError.attributeLength(type: type, expected: 4, actual: 1)) {
            try BondInfo(decoding: writer.bytes[...])
        }
    }
}

@Suite struct LinkChangeRequestTests {
    @Test func createBondNamesItsKindAndData() {
        let bytes = LinkRequest.createBond(name: "bond0", bond: BondInfo(mode: 1, miimon: 100), mtu: 9000)
        #expect(bytes == [
            0, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 0,          // ifinfomsg, index 0
            10, 0, 3, 0, 0x62, 0x6F, 0x6E, 0x64, 0x30, 0, 0, 0,         // IFLA_IFNAME "bond0\0"
            8, 0, 4, 0, 0x28, 0x23, 0, 0,                               // IFLA_MTU 9000
            36, 0, 18, 0x80,                                            // IFLA_LINKINFO | NLA_F_NESTED
            9, 0, 1, 0, 0x62, 0x6F, 0x6E, 0x64, 0, 0, 0, 0,             //   IFLA_INFO_KIND "bond\0"
            20, 0, 2, 0x80,                                             //   IFLA_INFO_DATA | NLA_F_NESTED
            5, 0, 1, 0, 1, 0, 0, 0,                                     //     IFLA_BOND_MODE 1
            8, 0, 3, 0, 100, 0, 0, 0,                                   //     IFLA_BOND_MIIMON 100
        ])
    }

    @Test func createBondWithoutMTUAndWithEveryField() {
        let bytes = LinkRequest.createBond(name: "b", bond: everyBondField, mtu: nil)
        let dataLength = 4 + everyBondFieldBytes.count
        let infoLength = 4 + 12 + dataLength
        #expect(bytes == [UInt8](repeating: 0, count: 16)
            + [6, 0, 3, 0, 0x62, 0, 0, 0]                                           // IFLA_IFNAME "b\0"
            + [UInt8(infoLength), 0, 18, 0x80]
            + [9, 0, 1, 0, 0x62, 0x6F, 0x6E, 0x64, 0, 0, 0, 0]
            + [UInt8(dataLength), 0, 2, 0x80] + everyBondFieldBytes)
    }

    @Test func setMasterAndNoMaster() {
        #expect(LinkRequest.setMaster(index: 5, masterIndex: 9) == [
            0, 0, 0, 0,  5, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 0,
            8, 0, 10, 0, 9, 0, 0, 0,                                    // IFLA_MASTER 9
        ])
        #expect(LinkRequest.setMaster(index: 5, masterIndex: 0) == [
            0, 0, 0, 0,  5, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 0,
            8, 0, 10, 0, 0, 0, 0, 0,                                    // IFLA_MASTER 0: release
        ])
    }

    @Test func setUpChangesOnlyIFFUp() {
        #expect(LinkRequest.setUp(index: 0x0201, true) == [0, 0, 0, 0, 1, 2, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0])
        #expect(LinkRequest.setUp(index: 0x0201, false) == [0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0])
    }

    @Test func setMTUMoveAndDelete() {
        let header: [UInt8] = [0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        #expect(LinkRequest.setMTU(index: 5, 1400) == header + [8, 0, 4, 0, 0x78, 5, 0, 0])
        #expect(LinkRequest.moveToNamespace(index: 5, namespaceDescriptor: 12) == header + [8, 0, 28, 0, 12, 0, 0, 0])
        #expect(LinkRequest.delete(index: 5) == header)
        #expect(LinkRequest.setCarrier(index: 5, false) == header + [5, 0, 33, 0, 0, 0, 0, 0])
        #expect(LinkRequest.setCarrier(index: 5, true) == header + [5, 0, 33, 0, 1, 0, 0, 0])
    }

    @Test func createBondAsksForCreateAndExclusive() throws {
        let kernel = ScriptedKernel { request in [KernelReply.ack(to: request)] }
        let links = RouteLinks(connection: NetlinkConnection(transport: kernel))
        try links.createBond(name: "bond0", bond: BondInfo(mode: 1), mtu: nil)
        let request = try #require(kernel.requests.first)
        #expect(request.header.type == RTM.newLink)
        #expect(request.header.flags == NLM_F.request | NLM_F.ack | NLM_F.create | NLM_F.excl)
        #expect(Array(request.payload) == LinkRequest.createBond(name: "bond0", bond: BondInfo(mode: 1), mtu: nil))
    }

    @Test func eachChangeIsOneAcknowledgedRequestOfItsType() throws {
        let kernel = ScriptedKernel { request in [KernelReply.ack(to: request)] }
        let links = RouteLinks(connection: NetlinkConnection(transport: kernel))
        try links.setMaster(index: 3, masterIndex: 4)
        try links.setUp(index: 3, true)
        try links.setMTU(index: 3, 9000)
        try links.moveToNamespace(index: 3, namespaceDescriptor: 7)
        try links.deleteLink(index: 3)
        let requests = kernel.requests
        #expect(requests.map(\.header.type) == [RTM.setLink, RTM.setLink, RTM.setLink, RTM.setLink, RTM.delLink])
        #expect(requests.allSatisfy { $0.header.flags == NLM_F.request | NLM_F.ack })
        #expect(Array(requests[0].payload) == LinkRequest.setMaster(index: 3, masterIndex: 4))
        #expect(Array(requests[1].payload) == LinkRequest.setUp(index: 3, true))
        #expect(Array(requests[2].payload) == LinkRequest.setMTU(index: 3, 9000))
        #expect(Array(requests[3].payload) == LinkRequest.moveToNamespace(index: 3, namespaceDescriptor: 7))
        #expect(Array(requests[4].payload) == LinkRequest.delete(index: 3))
    }

    @Test func aKernelWithoutBondingRefusesClearly() {
        let kernel = ScriptedKernel { request in
            [KernelReply.error(Errno.EOPNOTSUPP, message: "Unknown device type", to: request)]
        }
        let links = RouteLinks(connection: NetlinkConnection(transport: kernel))
        #expect(throws: NetlinkError.kernel(operation: "create bond bond0", errno: Errno.EOPNOTSUPP, extack: "Unknown device type")) {
            try links.createBond(name: "bond0", bond: BondInfo(mode: 1), mtu: 1500)
        }
    }

    @Test func errorsNameTheOperation() {
        let kernel = ScriptedKernel { request in [KernelReply.error(Errno.ENODEV, to: request)] }
        let links = RouteLinks(connection: NetlinkConnection(transport: kernel))
        #expect(throws: NetlinkError.kernel(operation: "release link #3 from its master", errno: Errno.ENODEV, extack: nil)) {
            try links.setMaster(index: 3, masterIndex: 0)
        }
        #expect(throws: NetlinkError.kernel(operation: "set link #3 down", errno: Errno.ENODEV, extack: nil)) {
            try links.setUp(index: 3, false)
        }
        #expect(throws: NetlinkError.kernel(operation: "delete link #3", errno: Errno.ENODEV, extack: nil)) {
            try links.deleteLink(index: 3)
        }
    }
}

@Suite struct LinkAttributeAdditionsTests {
    @Test func decodesMTUAndAddressAndUpFlag() throws {
        var bytes: [UInt8] = []
        var header = InterfaceInfoHeader(index: 4)
        header.flags = 0x1003   // IFF_UP | IFF_BROADCAST | IFF_MULTICAST
        header.encode(into: &bytes)
        var attributes = AttributeWriter()
        attributes.append(type: IFLA.address, payload: [0x02, 0, 0x5E, 0x10, 0, 1])
        attributes.append(type: IFLA.mtu, uint32: 9000)
        let link = try LinkMessage(decoding: (bytes + attributes.bytes)[...])
        #expect(link.attributes.mtu == 9000)
        #expect(link.attributes.address == [0x02, 0, 0x5E, 0x10, 0, 1])
        #expect(link.isUp)
    }

    @Test func downLinkAndAbsentFields() throws {
        var bytes: [UInt8] = []
        var header = InterfaceInfoHeader(index: 4)
        header.flags = 0x1002
        header.encode(into: &bytes)
        let link = try LinkMessage(decoding: bytes[...])
        #expect(!link.isUp)
        #expect(link.attributes.mtu == nil)
        #expect(link.attributes.address == nil)
    }

    @Test func anMTUThatIsNotAU32IsAnError() {
        var bytes: [UInt8] = []
        InterfaceInfoHeader(index: 4).encode(into: &bytes)
        var attributes = AttributeWriter()
        attributes.append(type: IFLA.mtu, uint16: 1500)
        #expect(throws: NetlinkError.attributeLength(type: IFLA.mtu, expected: 4, actual: 2)) {
            try LinkMessage(decoding: (bytes + attributes.bytes)[...])
        }
    }

    @Test func aBondMastersFullDataIsDecoded() throws {
        var bytes: [UInt8] = []
        InterfaceInfoHeader(index: 9).encode(into: &bytes)
        var attributes = AttributeWriter()
        attributes.appendNested(type: IFLA.linkinfo) { info in
            info.append(type: IFLA_INFO.kind, string: "bond")
            info.appendNested(type: IFLA_INFO.data) { everyBondField.encode(into: &$0) }
        }
        let link = try LinkMessage(decoding: (bytes + attributes.bytes)[...])
        #expect(link.attributes.linkInfo?.bond?.arpIPTargets == [[10, 0, 0, 1], [192, 168, 1, 254]])
        #expect(link.attributes.linkInfo?.bond?.primaryIndex == 7)
        #expect(link.attributes.linkInfo?.bond?.xmitHashPolicy == 1)
    }
}
