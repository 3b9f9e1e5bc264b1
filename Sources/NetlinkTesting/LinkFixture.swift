import Netlink
import RouteNetlink
public import LinkConstants

/// Builds RTM_NEWLINK payloads field by field, as the kernel lays them out
/// (struct ifinfomsg, then IFLA_* attributes), for tests and fuzz seeds.
public struct LinkFixture: Sendable {
    public var index: Int32
    public var name: String
    public var flags: UInt32 = 0x1_0043  // IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_LOWER_UP
    public var operState: UInt8? = OperState.up.kernelValue
    public var masterIndex: UInt32?
    public var kind: String?
    public var slaveKind: String?
    public var bondMode: UInt8?
    public var lacpRate: UInt8?
    public var actorState: UInt8?
    public var partnerState: UInt16?
    public var vfs: [(index: UInt32, linkState: UInt32)]?

    public init(index: Int32, name: String) {
        self.index = index
        self.name = name
    }

    /// A bond port with LACP states and VFs, like a PF the relay monitors.
    public static func bondPort(
        index: Int32 = 7, name: String = "ens1f0", master: UInt32 = 9,
        actor: UInt8 = 0x3F, partner: UInt16 = 0x3F, vfs: [(UInt32, VFLinkState)] = []
    ) -> LinkFixture {
        var fixture = LinkFixture(index: index, name: name)
        fixture.masterIndex = master
        fixture.slaveKind = "bond"
        fixture.actorState = actor
        fixture.partnerState = partner
        fixture.vfs = vfs.map { ($0.0, $0.1.kernelValue) }
        return fixture
    }

    /// An 802.3ad (or other mode) bond master.
    public static func bond(index: Int32 = 9, name: String = "bond0", mode: UInt8 = 4, lacpRate: UInt8 = 1) -> LinkFixture {
        var fixture = LinkFixture(index: index, name: name)
        fixture.kind = "bond"
        fixture.bondMode = mode
        fixture.lacpRate = lacpRate
        return fixture
    }

    public var payload: [UInt8] {
        var bytes: [UInt8] = []
        var header = InterfaceInfoHeader(index: index)
        header.deviceType = 1  // ARPHRD_ETHER
        header.flags = flags
        header.encode(into: &bytes)
        var attributes = AttributeWriter()
        attributes.append(type: IFLA.ifname, string: name)
        attributes.append(type: IFLA.mtu, uint32: 1500)
        if let operState { attributes.append(type: IFLA.operstate, uint8: operState) }
        if let masterIndex { attributes.append(type: IFLA.master, uint32: masterIndex) }
        if kind != nil || slaveKind != nil {
            attributes.appendNested(type: IFLA.linkinfo) { info in
                if let kind { info.append(type: IFLA_INFO.kind, string: kind) }
                if kind == "bond" {
                    info.appendNested(type: IFLA_INFO.data) { data in
                        if let bondMode { data.append(type: IFLA_BOND.mode, uint8: bondMode) }
                        data.append(type: IFLA_BOND.miimon, uint32: 100)
                        if let lacpRate { data.append(type: IFLA_BOND.adLacpRate, uint8: lacpRate) }
                    }
                }
                if let slaveKind { info.append(type: IFLA_INFO.slaveKind, string: slaveKind) }
                if slaveKind == "bond" {
                    info.appendNested(type: IFLA_INFO.slaveData) { data in
                        data.append(type: IFLA_BOND_SLAVE.state, uint8: 0)
                        data.append(type: IFLA_BOND_SLAVE.miiStatus, uint8: 0)
                        if let actorState { data.append(type: IFLA_BOND_SLAVE.adActorOperPortState, uint8: actorState) }
                        if let partnerState { data.append(type: IFLA_BOND_SLAVE.adPartnerOperPortState, uint16: partnerState) }
                    }
                }
            }
        }
        if let vfs {
            attributes.append(type: IFLA.numVF, uint32: UInt32(vfs.count))
            attributes.appendNested(type: IFLA.vfinfoList) { list in
                for vf in vfs {
                    list.appendNested(type: IFLA_VF_INFO.info) { info in
                        var mac: [UInt8] = []
                        mac.append(hostOrder: vf.index)
                        mac += [UInt8](repeating: 0, count: 32)
                        info.append(type: IFLA_VF.mac, payload: mac)
                        var linkState: [UInt8] = []
                        linkState.append(hostOrder: vf.index)
                        linkState.append(hostOrder: vf.linkState)
                        info.append(type: IFLA_VF.linkState, payload: linkState)
                    }
                }
            }
        }
        return bytes + attributes.bytes
    }
}
