import LinkConstants
import Testing
import Netlink
import NetlinkTesting
@testable import RouteNetlink

@Suite struct LinkDecodingTests {
    @Test func decodesABondPortWithLACPStatesAndVFs() throws {
        let fixture = LinkFixture.bondPort(index: 7, name: "ens1f0", master: 9, actor: 0x3F, partner: 0x3D,
                                           vfs: [(0, .auto), (1, .enable), (2, .disable)])
        let link = try LinkMessage(decoding: fixture.payload[...])
        #expect(link.index == 7)
        #expect(link.header.flags == 0x1_0043)
        #expect(link.attributes.name == "ens1f0")
        #expect(link.attributes.operState == .up)
        #expect(link.attributes.masterIndex == 9)
        #expect(link.attributes.linkInfo?.slaveKind == "bond")
        #expect(link.attributes.linkInfo?.bondSlave?.actorOperPortState == 0x3F)
        #expect(link.attributes.linkInfo?.bondSlave?.partnerOperPortState == 0x3D)
        #expect(link.attributes.numVFs == 3)
        #expect(link.attributes.vfs == [
            // The fixture's VFs carry IFLA_VF_MAC with no MAC set: all zeros.
            VFInfo(index: 0, rawLinkState: 0, mac: [0, 0, 0, 0, 0, 0]), VFInfo(index: 1, rawLinkState: 1, mac: [0, 0, 0, 0, 0, 0]),
            VFInfo(index: 2, rawLinkState: 2, mac: [0, 0, 0, 0, 0, 0]),
        ])
    }

    @Test func decodesABondMaster() throws {
        let link = try LinkMessage(decoding: LinkFixture.bond(index: 9, name: "bond0", mode: 4, lacpRate: 1).payload[...])
        #expect(link.attributes.linkInfo?.kind == "bond")
        #expect(link.attributes.linkInfo?.bond == BondInfo(mode: 4, lacpRate: 1, miimon: 100))
        #expect(link.attributes.vfs == nil)
    }

    /// ifinfomsg then IFLA_LINKINFO{IFLA_INFO_SLAVE_DATA before IFLA_INFO_SLAVE_KIND}: the data
    /// is interpreted once the kind is known, whatever the order.
    @Test func slaveDataBeforeItsKindIsStillDecoded() throws {
        var bytes: [UInt8] = []
        InterfaceInfoHeader(index: 3).encode(into: &bytes)
        var attributes = AttributeWriter()
        attributes.appendNested(type: IFLA.linkinfo) { info in
            info.appendNested(type: IFLA_INFO.slaveData) { data in
                data.append(type: IFLA_BOND_SLAVE.adActorOperPortState, uint8: 0x0F)
                data.append(type: IFLA_BOND_SLAVE.adPartnerOperPortState, uint16: 0x47)
            }
            info.append(type: IFLA_INFO.slaveKind, string: "bond")
        }
        let link = try LinkMessage(decoding: (bytes + attributes.bytes)[...])
        #expect(link.attributes.linkInfo?.bondSlave == BondSlaveInfo(actorOperPortState: 0x0F, partnerOperPortState: 0x47))
    }

    @Test func bridgePortDataIsNotReadAsBondData() throws {
        var fixture = LinkFixture(index: 4, name: "veth0")
        fixture.masterIndex = 2
        fixture.slaveKind = "bridge"
        let link = try LinkMessage(decoding: fixture.payload[...])
        #expect(link.attributes.linkInfo?.slaveKind == "bridge")
        #expect(link.attributes.linkInfo?.bondSlave == nil)
    }

    @Test func unknownAttributesAreSkipped() throws {
        var bytes: [UInt8] = []
        InterfaceInfoHeader(index: 5).encode(into: &bytes)
        var attributes = AttributeWriter()
        attributes.append(type: 999, payload: [1, 2, 3])
        attributes.append(type: IFLA.ifname, string: "x")
        let link = try LinkMessage(decoding: (bytes + attributes.bytes)[...])
        #expect(link.attributes.name == "x")
    }

    @Test func unknownVFLinkStateIsKeptRaw() throws {
        var fixture = LinkFixture(index: 1, name: "p")
        fixture.vfs = [(0, 7)]
        let vf = try #require(try LinkMessage(decoding: fixture.payload[...]).attributes.vfs?.first)
        #expect(vf.rawLinkState == 7)
        #expect(vf.linkState == nil)
    }

    @Test(arguments: [
        // Operstate attribute of the wrong size.
        { () -> [UInt8] in
            var bytes: [UInt8] = []; InterfaceInfoHeader(index: 1).encode(into: &bytes)
            var a = AttributeWriter(); a.append(type: IFLA.operstate, uint32: 6); return bytes + a.bytes
        }(),
        // A VF link state of 4 bytes instead of 8.
        { () -> [UInt8] in
            var bytes: [UInt8] = []; InterfaceInfoHeader(index: 1).encode(into: &bytes)
            var a = AttributeWriter()
            a.appendNested(type: IFLA.vfinfoList) { l in l.appendNested(type: 1) { i in i.append(type: IFLA_VF.linkState, uint32: 0) } }
            return bytes + a.bytes
        }(),
        // Truncated ifinfomsg.
        [0, 0, 1, 0, 7, 0],
    ])
    func malformedLinksAreErrors(bytes: [UInt8]) {
        #expect(throws: NetlinkError.self) { try LinkMessage(decoding: bytes[...]) }
    }

    /// A PF with 256 VFs: the whole list decodes from one message.
    @Test func decodesTwoHundredFiftySixVFs() throws {
        let fixture = LinkFixture.bondPort(vfs: (0..<256).map { (UInt32($0), VFLinkState.auto) })
        let payload = fixture.payload
        #expect(payload.count > 8192)   // larger than a page-sized receive buffer
        let vfs = try #require(try LinkMessage(decoding: payload[...]).attributes.vfs)
        #expect(vfs.count == 256)
        #expect(vfs.last == VFInfo(index: 255, rawLinkState: 0, mac: [0, 0, 0, 0, 0, 0]))
    }

    @Test func notificationsAreNewOrDeletedLinks() throws {
        let new = NetlinkMessage(type: RTM.newLink, flags: 0, payload: LinkFixture(index: 3, name: "a").payload)
        let deleted = NetlinkMessage(type: RTM.delLink, flags: 0, payload: LinkFixture(index: 3, name: "a").payload)
        let other = NetlinkMessage(type: 20, flags: 0, payload: [])   // RTM_NEWADDR
        #expect(try LinkNotification(new).map { if case .changed = $0 { true } else { false } } == true)
        #expect(try LinkNotification(deleted).map { if case .deleted = $0 { true } else { false } } == true)
        #expect(try LinkNotification(other) == nil)
        #expect(try LinkNotification(deleted)?.link.attributes.name == "a")
    }
}
