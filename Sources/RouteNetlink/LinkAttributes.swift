public import Netlink

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

    public init() {}

    public init(decoding bytes: ArraySlice<UInt8>) throws(NetlinkError) {
        var reader = AttributeReader(bytes)
        while let attribute = try reader.next() {
            switch attribute.type {
            case IFLA.ifname: name = attribute.string()
            case IFLA.operstate:
                let raw = try attribute.uint8()
                rawOperState = raw
                operState = OperState(rawValue: raw)
            case IFLA.master: masterIndex = try attribute.uint32()
            case IFLA.linkinfo: linkInfo = try LinkInfo(decoding: attribute.payload)
            case IFLA.numVF: numVFs = try attribute.uint32()
            case IFLA.vfinfoList: vfs = try VFInfo.decodeList(attribute.payload)
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

/// Bond master data (IFLA_BOND_*).
public struct BondInfo: Equatable, Sendable {
    /// BOND_MODE_*: 4 is 802.3ad.
    public var mode: UInt8?
    /// 0 slow (every 30 s), 1 fast (every second).
    public var lacpRate: UInt8?
    public var miimon: UInt32?

    public static let mode8023AD: UInt8 = 4

    public init(mode: UInt8? = nil, lacpRate: UInt8? = nil, miimon: UInt32? = nil) {
        self.mode = mode
        self.lacpRate = lacpRate
        self.miimon = miimon
    }

    public init(decoding bytes: ArraySlice<UInt8>) throws(NetlinkError) {
        var reader = AttributeReader(bytes)
        while let attribute = try reader.next() {
            switch attribute.type {
            case IFLA_BOND.mode: mode = try attribute.uint8()
            case IFLA_BOND.adLacpRate: lacpRate = try attribute.uint8()
            case IFLA_BOND.miimon: miimon = try attribute.uint32()
            default: continue
            }
        }
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

    public var linkState: VFLinkState? { rawLinkState.flatMap(VFLinkState.init(rawValue:)) }

    public init(index: UInt32, rawLinkState: UInt32?) {
        self.index = index
        self.rawLinkState = rawLinkState
    }

    public init(index: UInt32, linkState: VFLinkState) {
        self.init(index: index, rawLinkState: linkState.rawValue)
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
        self.init(index: index, rawLinkState: linkState)
    }
}
