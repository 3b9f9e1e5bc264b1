public import Netlink
public import LinkConstants

/// The attributes of a link message that this project reads. Optional fields
/// are absent when the kernel did not send them; unknown attributes are skipped.
public struct LinkAttributes: Equatable, Sendable {
    public var name: String?
    public var operState: OperState?
    /// IFLA_OPERSTATE as sent, also when it is a value this code does not know.
    public var rawOperState: UInt8?
    /// IFLA_MASTER: the ifindex of the master (bond, bridge, ...).
    public var masterIndex: UInt32?
    public var linkInfo: LinkInfo?
    /// IFLA_NUM_VF: present for devices with SR-IOV VFs enabled.
    public var numVFs: UInt32?
    /// IFLA_VFINFO_LIST: present when asked for with RTEXT_FILTER_VF and the device has VFs.
    public var vfs: [VFInfo]?
    /// IFLA_MTU
    public var mtu: UInt32?
    /// IFLA_ADDRESS: the link-layer address (6 bytes for Ethernet), as sent.
    public var address: [UInt8]?
    /// IFLA_PARENT_DEV_NAME: the device the link belongs to ("0000:3b:02.0").
    public var parentDeviceName: String?
    /// IFLA_PARENT_DEV_BUS_NAME: that device's bus ("pci").
    public var parentDeviceBusName: String?

    public init() {}

    public init(decoding bytes: ArraySlice<UInt8>) throws(NetlinkError) {
        var reader = AttributeReader(bytes)
        while let attribute = try reader.next() {
            switch attribute.type {
            case IFLA.ifname: name = attribute.string()
            case IFLA.operstate:
                let raw = try attribute.uint8()
                rawOperState = raw
                operState = OperState(kernelValue: raw)
            case IFLA.master: masterIndex = try attribute.uint32()
            case IFLA.linkinfo: linkInfo = try LinkInfo(decoding: attribute.payload)
            case IFLA.numVF: numVFs = try attribute.uint32()
            case IFLA.vfinfoList: vfs = try VFInfo.decodeList(attribute.payload)
            case IFLA.mtu: mtu = try attribute.uint32()
            case IFLA.address: address = Array(attribute.payload)
            case IFLA.parentDeviceName: parentDeviceName = attribute.string()
            case IFLA.parentDeviceBusName: parentDeviceBusName = attribute.string()
            default: continue
            }
        }
    }
}

/// IFLA_LINKINFO: what kind of link this is and, for bonds and their ports,
/// the bonding data.
public struct LinkInfo: Equatable, Sendable {
    /// IFLA_INFO_KIND: "bond", "bridge", "veth", ...
    public var kind: String?
    /// IFLA_INFO_SLAVE_KIND: the kind of this link's master ("bond" for a bond port).
    public var slaveKind: String?
    /// IFLA_INFO_DATA when the kind is "bond".
    public var bond: BondInfo?
    /// IFLA_INFO_SLAVE_DATA when the slave kind is "bond".
    public var bondSlave: BondSlaveInfo?

    public init(kind: String? = nil, slaveKind: String? = nil, bond: BondInfo? = nil, bondSlave: BondSlaveInfo? = nil) {
        self.kind = kind
        self.slaveKind = slaveKind
        self.bond = bond
        self.bondSlave = bondSlave
    }

    public init(decoding bytes: ArraySlice<UInt8>) throws(NetlinkError) {
        var reader = AttributeReader(bytes)
        var data: ArraySlice<UInt8>?
        var slaveData: ArraySlice<UInt8>?
        while let attribute = try reader.next() {
            switch attribute.type {
            case IFLA_INFO.kind: kind = attribute.string()
            case IFLA_INFO.slaveKind: slaveKind = attribute.string()
            case IFLA_INFO.data: data = attribute.payload
            case IFLA_INFO.slaveData: slaveData = attribute.payload
            default: continue
            }
        }
        // The data's layout depends on the kind, which may come after it.
        if kind == "bond", let data { bond = try BondInfo(decoding: data) }
        if slaveKind == "bond", let slaveData { bondSlave = try BondSlaveInfo(decoding: slaveData) }
    }
}

/// Bond master data (IFLA_BOND_*): decoded from IFLA_INFO_DATA of a bond,
/// and encoded into it to create one. Absent fields are left to the kernel.
public struct BondInfo: Equatable, Sendable {
    /// BOND_MODE_* as sent (`BondMode(kernelValue:)` names it).
    public var mode: UInt8?
    /// As sent (`LACPRate(kernelValue:)` names it).
    public var lacpRate: UInt8?
    public var miimon: UInt32?
    /// IFLA_BOND_ACTIVE_SLAVE: the current active port. Decoded only; a new
    /// bond has no ports to make active.
    public var activeSlaveIndex: UInt32?
    /// IFLA_BOND_UPDELAY (ms)
    public var updelay: UInt32?
    /// IFLA_BOND_DOWNDELAY (ms)
    public var downdelay: UInt32?
    /// IFLA_BOND_ARP_INTERVAL (ms)
    public var arpInterval: UInt32?
    /// IFLA_BOND_ARP_IP_TARGET: IPv4 addresses, 4 bytes each in network order.
    public var arpIPTargets: [[UInt8]]?
    /// IFLA_BOND_PRIMARY: ifindex of the preferred port.
    public var primaryIndex: UInt32?
    /// IFLA_BOND_FAIL_OVER_MAC: 0 none, 1 active, 2 follow.
    public var failOverMac: UInt8?
    /// IFLA_BOND_XMIT_HASH_POLICY: 0 layer2 ... 5 vlan+srcmac.
    public var xmitHashPolicy: UInt8?
    /// IFLA_BOND_ALL_SLAVES_ACTIVE (0/1)
    public var allSlavesActive: UInt8?
    /// IFLA_BOND_TLB_DYNAMIC_LB (0/1)
    public var tlbDynamicLb: UInt8?

    public init(
        mode: UInt8? = nil, lacpRate: UInt8? = nil, miimon: UInt32? = nil,
        activeSlaveIndex: UInt32? = nil, updelay: UInt32? = nil, downdelay: UInt32? = nil,
        arpInterval: UInt32? = nil, arpIPTargets: [[UInt8]]? = nil, primaryIndex: UInt32? = nil,
        failOverMac: UInt8? = nil, xmitHashPolicy: UInt8? = nil, allSlavesActive: UInt8? = nil,
        tlbDynamicLb: UInt8? = nil
    ) {
        self.mode = mode
        self.lacpRate = lacpRate
        self.miimon = miimon
        self.activeSlaveIndex = activeSlaveIndex
        self.updelay = updelay
        self.downdelay = downdelay
        self.arpInterval = arpInterval
        self.arpIPTargets = arpIPTargets
        self.primaryIndex = primaryIndex
        self.failOverMac = failOverMac
        self.xmitHashPolicy = xmitHashPolicy
        self.allSlavesActive = allSlavesActive
        self.tlbDynamicLb = tlbDynamicLb
    }

    public init(decoding bytes: ArraySlice<UInt8>) throws(NetlinkError) {
        var reader = AttributeReader(bytes)
        while let attribute = try reader.next() {
            switch attribute.type {
            case IFLA_BOND.mode: mode = try attribute.uint8()
            case IFLA_BOND.adLacpRate: lacpRate = try attribute.uint8()
            case IFLA_BOND.miimon: miimon = try attribute.uint32()
            case IFLA_BOND.activeSlave: activeSlaveIndex = try attribute.uint32()
            case IFLA_BOND.updelay: updelay = try attribute.uint32()
            case IFLA_BOND.downdelay: downdelay = try attribute.uint32()
            case IFLA_BOND.arpInterval: arpInterval = try attribute.uint32()
            case IFLA_BOND.arpIPTarget: arpIPTargets = try Self.decodeTargets(attribute.payload)
            case IFLA_BOND.primary: primaryIndex = try attribute.uint32()
            case IFLA_BOND.failOverMac: failOverMac = try attribute.uint8()
            case IFLA_BOND.xmitHashPolicy: xmitHashPolicy = try attribute.uint8()
            case IFLA_BOND.allSlavesActive: allSlavesActive = try attribute.uint8()
            case IFLA_BOND.tlbDynamicLb: tlbDynamicLb = try attribute.uint8()
            default: continue
            }
        }
    }

    /// The entries of IFLA_BOND_ARP_IP_TARGET in the order sent; their types
    /// (0, 1, 2, ...) only number them.
    private static func decodeTargets(_ bytes: ArraySlice<UInt8>) throws(NetlinkError) -> [[UInt8]] {
        var targets: [[UInt8]] = []
        var reader = AttributeReader(bytes)
        while let entry = try reader.next() {
            guard entry.payload.count == 4 else {
                throw .attributeLength(type: entry.type, expected: 4, actual: entry.payload.count)
            }
            targets.append(Array(entry.payload))
        }
        return targets
    }

    /// Writes every set field except `activeSlaveIndex`, in attribute-number
    /// order, so the mode comes first.
    public func encode(into writer: inout AttributeWriter) {
        if let mode { writer.append(type: IFLA_BOND.mode, uint8: mode) }
        if let miimon { writer.append(type: IFLA_BOND.miimon, uint32: miimon) }
        if let updelay { writer.append(type: IFLA_BOND.updelay, uint32: updelay) }
        if let downdelay { writer.append(type: IFLA_BOND.downdelay, uint32: downdelay) }
        if let arpInterval { writer.append(type: IFLA_BOND.arpInterval, uint32: arpInterval) }
        if let arpIPTargets {
            writer.appendNested(type: IFLA_BOND.arpIPTarget) { list in
                for (number, target) in arpIPTargets.enumerated() {
                    list.append(type: UInt16(truncatingIfNeeded: number), payload: target)
                }
            }
        }
        if let primaryIndex { writer.append(type: IFLA_BOND.primary, uint32: primaryIndex) }
        if let failOverMac { writer.append(type: IFLA_BOND.failOverMac, uint8: failOverMac) }
        if let xmitHashPolicy { writer.append(type: IFLA_BOND.xmitHashPolicy, uint8: xmitHashPolicy) }
        if let allSlavesActive { writer.append(type: IFLA_BOND.allSlavesActive, uint8: allSlavesActive) }
        if let lacpRate { writer.append(type: IFLA_BOND.adLacpRate, uint8: lacpRate) }
        if let tlbDynamicLb { writer.append(type: IFLA_BOND.tlbDynamicLb, uint8: tlbDynamicLb) }
    }
}

/// Bond port data (IFLA_BOND_SLAVE_*). The LACP states are sent only when the
/// bond is in 802.3ad mode.
public struct BondSlaveInfo: Equatable, Sendable {
    /// BOND_STATE_ACTIVE (0) or BOND_STATE_BACKUP (1).
    public var state: UInt8?
    public var miiStatus: UInt8?
    public var aggregatorID: UInt16?
    /// The actor's operational port state (a u8 on the wire).
    public var actorOperPortState: UInt8?
    /// The partner's operational port state (a u16 on the wire).
    public var partnerOperPortState: UInt16?

    public init(
        state: UInt8? = nil, miiStatus: UInt8? = nil, aggregatorID: UInt16? = nil,
        actorOperPortState: UInt8? = nil, partnerOperPortState: UInt16? = nil
    ) {
        self.state = state
        self.miiStatus = miiStatus
        self.aggregatorID = aggregatorID
        self.actorOperPortState = actorOperPortState
        self.partnerOperPortState = partnerOperPortState
    }

    public init(decoding bytes: ArraySlice<UInt8>) throws(NetlinkError) {
        var reader = AttributeReader(bytes)
        while let attribute = try reader.next() {
            switch attribute.type {
            case IFLA_BOND_SLAVE.state: state = try attribute.uint8()
            case IFLA_BOND_SLAVE.miiStatus: miiStatus = try attribute.uint8()
            case IFLA_BOND_SLAVE.adAggregatorID: aggregatorID = try attribute.uint16()
            case IFLA_BOND_SLAVE.adActorOperPortState: actorOperPortState = try attribute.uint8()
            case IFLA_BOND_SLAVE.adPartnerOperPortState: partnerOperPortState = try attribute.uint16()
            default: continue
            }
        }
    }
}

/// One VF of a PF, from IFLA_VF_INFO.
public struct VFInfo: Equatable, Sendable {
    /// The VF number on its PF.
    public var index: UInt32
    /// IFLA_VF_LINK_STATE's link_state as sent.
    public var rawLinkState: UInt32?
    /// IFLA_VF_MAC: the VF's administrative MAC (6 bytes), when the driver
    /// reports one; all zeros means none was set.
    public var mac: [UInt8]?

    public var linkState: VFLinkState? { rawLinkState.flatMap(VFLinkState.init(kernelValue:)) }

    public init(index: UInt32, rawLinkState: UInt32?, mac: [UInt8]? = nil) {
        self.index = index
        self.rawLinkState = rawLinkState
        self.mac = mac
    }

    public init(index: UInt32, linkState: VFLinkState) {
        self.init(index: index, rawLinkState: linkState.kernelValue)
    }

    /// Decodes the IFLA_VF_INFO entries of IFLA_VFINFO_LIST.
    public static func decodeList(_ bytes: ArraySlice<UInt8>) throws(NetlinkError) -> [VFInfo] {
        var list: [VFInfo] = []
        var reader = AttributeReader(bytes)
        while let attribute = try reader.next() {
            guard attribute.type == IFLA_VF_INFO.info else { continue }
            if let vf = try VFInfo(decodingInfo: attribute.payload) { list.append(vf) }
        }
        return list
    }

    /// nil when the entry names no VF (neither IFLA_VF_MAC nor IFLA_VF_LINK_STATE).
    init?(decodingInfo bytes: ArraySlice<UInt8>) throws(NetlinkError) {
        var index: UInt32?
        var linkState: UInt32?
        var mac: [UInt8]?
        var reader = AttributeReader(bytes)
        while let attribute = try reader.next() {
            switch attribute.type {
            case IFLA_VF.mac:
                // struct ifla_vf_mac: the VF number comes first.
                guard attribute.payload.count >= 4 else {
                    throw .attributeLength(type: attribute.type, expected: 36, actual: attribute.payload.count)
                }
                var cursor = ByteCursor(attribute.payload)
                let vf = try cursor.uint32("ifla_vf_mac.vf")
                index = index ?? vf
                // mac[32] holds the Ethernet address in its first 6 bytes.
                let bytes = attribute.payload.dropFirst(4)
                if bytes.count >= 6 { mac = Array(bytes.prefix(6)) }
            case IFLA_VF.linkState:
                guard attribute.payload.count == 8 else {
                    throw .attributeLength(type: attribute.type, expected: 8, actual: attribute.payload.count)
                }
                var cursor = ByteCursor(attribute.payload)
                index = try cursor.uint32("ifla_vf_link_state.vf")
                linkState = try cursor.uint32("ifla_vf_link_state.link_state")
            default: continue
            }
        }
        guard let index else { return nil }
        self.init(index: index, rawLinkState: linkState, mac: mac)
    }
}
