import Netlink

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
                    linkState.append(hostOrder: vf.rawLinkState ?? VFLinkState.auto.rawValue)
                    info.append(type: IFLA_VF.linkState, payload: linkState)
                }
            }
        }
        return bytes + attributes.bytes
    }
}
