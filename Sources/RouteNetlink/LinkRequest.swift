import Netlink
import LinkConstants

/// Payloads of the link requests this project sends. Built as values so tests
/// can compare them byte for byte.
public enum LinkRequest {
    /// What every GETLINK asks for: the VF list, without VF statistics.
    public static let extMask: UInt32 = RTEXT_FILTER.vf | RTEXT_FILTER.skipStats

    /// RTM_GETLINK for one link, by name.
    public static func get(name: String) -> [UInt8] {
        var bytes: [UInt8] = []
        InterfaceInfoHeader().encode(into: &bytes)
        var attributes = AttributeWriter()
        attributes.append(type: IFLA.ifname, string: name)
        attributes.append(type: IFLA.extMask, uint32: extMask)
        return bytes + attributes.bytes
    }

    /// RTM_GETLINK for one link, by ifindex; also the payload of a dump (index 0).
    public static func get(index: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        InterfaceInfoHeader(index: index).encode(into: &bytes)
        var attributes = AttributeWriter()
        attributes.append(type: IFLA.extMask, uint32: extMask)
        return bytes + attributes.bytes
    }

    /// RTM_SETLINK setting the link state of several VFs of one PF in one
    /// request: one IFLA_VF_INFO per VF inside one IFLA_VFINFO_LIST. The kernel
    /// applies them in order and stops at the first failure.
    public static func setVFLinkStates(_ states: [VFInfo], index: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        InterfaceInfoHeader(index: index).encode(into: &bytes)
        var attributes = AttributeWriter()
        attributes.appendNested(type: IFLA.vfinfoList) { list in
            for vf in states {
                list.appendNested(type: IFLA_VF_INFO.info) { info in
                    var linkState: [UInt8] = []
                    linkState.append(hostOrder: vf.index)
                    linkState.append(hostOrder: vf.rawLinkState ?? VFLinkState.auto.kernelValue)
                    info.append(type: IFLA_VF.linkState, payload: linkState)
                }
            }
        }
        return bytes + attributes.bytes
    }

    /// RTM_NEWLINK (sent with NLM_F_CREATE | NLM_F_EXCL) creating a bond:
    /// IFLA_IFNAME, IFLA_MTU when given, then
    /// IFLA_LINKINFO { IFLA_INFO_KIND "bond", IFLA_INFO_DATA { bond } }.
    public static func createBond(name: String, bond: BondInfo, mtu: UInt32?) -> [UInt8] {
        var bytes: [UInt8] = []
        InterfaceInfoHeader().encode(into: &bytes)
        var attributes = AttributeWriter()
        attributes.append(type: IFLA.ifname, string: name)
        if let mtu { attributes.append(type: IFLA.mtu, uint32: mtu) }
        attributes.appendNested(type: IFLA.linkinfo) { info in
            info.append(type: IFLA_INFO.kind, string: "bond")
            info.appendNested(type: IFLA_INFO.data) { data in bond.encode(into: &data) }
        }
        return bytes + attributes.bytes
    }

    /// RTM_SETLINK with IFLA_MASTER; master 0 releases the link from its master.
    public static func setMaster(index: Int32, masterIndex: Int32) -> [UInt8] {
        var attributes = AttributeWriter()
        attributes.append(type: IFLA.master, uint32: UInt32(bitPattern: masterIndex))
        return header(index: index) + attributes.bytes
    }

    /// RTM_SETLINK changing only IFF_UP: ifi_change selects the flag, ifi_flags gives its value.
    public static func setUp(index: Int32, _ up: Bool) -> [UInt8] {
        var header = InterfaceInfoHeader(index: index)
        header.flags = up ? IFF.up : 0
        header.change = IFF.up
        var bytes: [UInt8] = []
        header.encode(into: &bytes)
        return bytes
    }

    /// RTM_SETLINK with IFLA_MTU.
    public static func setMTU(index: Int32, _ mtu: UInt32) -> [UInt8] {
        var attributes = AttributeWriter()
        attributes.append(type: IFLA.mtu, uint32: mtu)
        return header(index: index) + attributes.bytes
    }

    /// RTM_SETLINK with IFLA_ADDRESS: the link-layer address.
    public static func setAddress(index: Int32, _ address: [UInt8]) -> [UInt8] {
        var attributes = AttributeWriter()
        attributes.append(type: IFLA.address, payload: address)
        return header(index: index) + attributes.bytes
    }

    /// RTM_SETLINK with IFLA_CARRIER (drivers without ndo_change_carrier refuse it).
    public static func setCarrier(index: Int32, _ carrier: Bool) -> [UInt8] {
        var attributes = AttributeWriter()
        attributes.append(type: IFLA.carrier, uint8: carrier ? 1 : 0)
        return header(index: index) + attributes.bytes
    }

    /// RTM_SETLINK with IFLA_NET_NS_FD: moves the link into the namespace of
    /// that open descriptor (the link keeps its name and gets a new ifindex there).
    public static func moveToNamespace(index: Int32, namespaceDescriptor: Int32) -> [UInt8] {
        var attributes = AttributeWriter()
        attributes.append(type: IFLA.netNsFd, uint32: UInt32(bitPattern: namespaceDescriptor))
        return header(index: index) + attributes.bytes
    }

    /// RTM_DELLINK by ifindex: just the ifinfomsg.
    public static func delete(index: Int32) -> [UInt8] {
        header(index: index)
    }

    private static func header(index: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        InterfaceInfoHeader(index: index).encode(into: &bytes)
        return bytes
    }
}
