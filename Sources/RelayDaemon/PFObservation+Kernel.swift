import RouteNetlink
import RelayCore

extension PFObservation {
    /// IFF_UP and IFF_LOWER_UP in ifi_flags.
    static let adminUp: UInt32 = 0x1
    static let lowerUp: UInt32 = 0x1_0000

    /// The domain's view of a PF link message and its master's.
    init(link: LinkMessage, master: LinkMessage?) {
        let attributes = link.attributes
        let slave = attributes.linkInfo?.slaveKind == "bond" ? attributes.linkInfo?.bondSlave : nil
        self.init(
            name: attributes.name ?? "#\(link.index)",
            index: link.index,
            operState: Self.operStateName(attributes, flags: link.header.flags),
            master: attributes.masterIndex.flatMap { $0 == 0 ? nil : MasterObservation(index: Int32(bitPattern: $0), link: master) },
            slaveKind: attributes.linkInfo?.slaveKind,
            actorState: slave?.actorOperPortState.map { LACPPortState(rawValue: UInt16($0)) },
            partnerState: slave?.partnerOperPortState.map { LACPPortState(rawValue: $0) },
            vfs: (attributes.vfs ?? []).map { VF(id: $0.index, linkState: $0.linkState.map(VFLinkStateValue.init)) }
        )
    }

    /// RFC 2863 name of IFLA_OPERSTATE. A driver without carrier reporting
    /// leaves it "unknown"; the kernel's documentation says to treat that as up
    /// when the link is administratively and physically up, so we do.
    static func operStateName(_ attributes: LinkAttributes, flags: UInt32) -> String {
        switch attributes.operState {
        case .up: return "up"
        case .down: return "down"
        case .lowerLayerDown: return "lowerlayerdown"
        case .notPresent: return "notpresent"
        case .testing: return "testing"
        case .dormant: return "dormant"
        case .unknown, nil:
            return flags & adminUp != 0 && flags & lowerUp != 0 ? "up" : "unknown"
        }
    }
}

extension MasterObservation {
    init(index: Int32, link: LinkMessage?) {
        let info = link?.attributes.linkInfo
        let bond = info?.kind == "bond" ? info?.bond : nil
        let mode = bond?.mode.flatMap(BondMode.init(rawValue:))
        self.init(
            index: index,
            name: link?.attributes.name,
            kind: info?.kind,
            bondMode: mode,
            // The kernel reports a LACP rate for bonds of every mode; it means something only in 802.3ad.
            lacpRate: mode == .ieee8023AD ? bond?.lacpRate.flatMap(LACPRate.init(rawValue:)) : nil
        )
    }
}

extension VFLinkStateValue {
    init(_ state: VFLinkState) {
        switch state {
        case .auto: self = .auto
        case .enable: self = .enable
        case .disable: self = .disable
        }
    }

    var kernelValue: VFLinkState {
        switch self {
        case .auto: .auto
        case .enable: .enable
        case .disable: .disable
        }
    }
}
